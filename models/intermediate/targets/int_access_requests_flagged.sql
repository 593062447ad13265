-- Per access request (aktindsigt): due on or before as-of, and answered or notified in time.
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

requests as (
    select
        access_request_id,
        unit_id,
        received_date,
        legal_basis,
        answered_date,
        delay_notice_date,
        deadline_value,
        deadline_unit,
        due_date
    from {{ ref('int_access_requests_due_dated') }}
)

select
    requests.access_request_id,
    requests.unit_id,
    requests.received_date,
    requests.legal_basis,
    requests.answered_date,
    requests.delay_notice_date,
    requests.deadline_value,
    requests.deadline_unit,
    requests.due_date,
    coalesce(requests.due_date <= as_of.as_of_date, false) as is_due_as_of,
    coalesce(
        requests.answered_date <= requests.due_date
        or requests.delay_notice_date <= requests.due_date,
        false
    ) as is_answered_or_notified_in_time
from requests
cross join as_of
