-- The rows staging rejected (afviste rækker), of every export file: no row vanishes silently.
select
    delivery_date,
    source_file,
    file_key,
    row_number,
    raw_record,
    reject_code,
    reject_column,
    reject_reason
from {{ ref('int_rows_landed_unioned') }}
where reject_reason is not null
