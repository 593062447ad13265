-- The landing log (landingslog) for the data team and auditors: every event of landing
-- every delivery, including deliveries after as-of and deliveries that failed to land.
select
    delivery_date,
    event_number,
    event_kind,
    severity,
    file_path,
    column_name,
    event_count,
    detail,
    delivery_date <= {{ as_of_date() }} as is_in_scope
from {{ ref('stg_landing__landing_log') }}
