-- Rejected rows (afviste rækker) for the data team: file, delivery, row, raw line, reason,
-- and, when the row was its record's newest version, the earlier valid version that stands.
select
    file_key,
    delivery_date,
    source_file,
    row_number,
    reject_code,
    reject_column,
    reject_reason,
    raw_record,
    is_earlier_version_standing,
    standing_delivery_date,
    standing_row_number
from {{ ref('int_rows_rejected_matched_to_staged') }}
