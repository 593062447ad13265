-- The build fails when a file of a delivery has more than var('rejects_max_share') of its
-- rows rejected: a broken export must not pass as a handful of bad rows. Files under
-- var('rejects_share_min_rows') rows (default 0: every file) are left out, since one bad
-- row in a tiny test file is a large share.
select
    delivery_date,
    file_key,
    landed_rows,
    rejected_rows,
    rejected_share
from {{ ref('fct_file_reconciliation') }}
where
    is_in_scope
    and landed_rows >= {{ var('rejects_share_min_rows', 0) }}
    and rejected_share > {{ var('rejects_max_share', 0.05) }}
