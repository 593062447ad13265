-- Rejected rows (afviste rækker) for the data team: file, delivery, row, raw line, reason.
select
    file_key,
    delivery_date,
    source_file,
    row_number,
    reject_code,
    reject_column,
    reject_reason,
    raw_record
from {{ ref('int_rows_rejected_unioned') }}
