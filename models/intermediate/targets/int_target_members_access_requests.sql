-- Members of access_request_answered (aktindsigt besvaret i tide): requests due on or
-- before as-of, period = quarter of the due date.
select
    'access_request_answered' as target_id,
    'quarter' as period_grain,
    {{ period_label('due_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'access_request' as member_kind,
    access_request_id as member_id,
    is_answered_or_notified_in_time as is_compliant,
    case when is_answered_or_notified_in_time then 1 else 0 end as member_value,
    due_date as period_date
from {{ ref('int_access_requests_flagged') }}
where is_due_as_of
