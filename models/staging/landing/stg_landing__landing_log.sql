-- The landing log (landingslog): every event of landing every delivery, typed.
select
    delivery_date,
    event_number,
    event_kind,
    severity,
    file_path,
    column_name,
    event_count,
    detail
from {{ ref('base_landing__landing_log') }}
