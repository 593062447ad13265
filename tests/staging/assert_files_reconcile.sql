-- Every row of every delivered file on or before as-of ends in staging, in the rejects
-- or superseded by a later version, and landing kept every row of the manifest.
select
    delivery_date,
    file_key,
    manifest_rows,
    landed_rows,
    staged_rows,
    rejected_rows,
    superseded_rows
from {{ ref('fct_file_reconciliation') }}
where
    is_in_scope
    and (
        manifest_rows is null
        or manifest_rows <> landed_rows
        or manifest_rows <> staged_rows + rejected_rows + superseded_rows
    )
