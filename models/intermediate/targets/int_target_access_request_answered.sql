-- Members of access_request_answered (aktindsigt besvaret i tide): access requests whose
-- due date (by Lovgrundlag and received date, deadline seed) is on or before as-of, in the
-- quarter of the due date.
-- Rule: docs block target_access_request_answered (_targets__docs.md). One row per member.
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
        due_date,
        -- answered (Besvaret) or notified (UnderretningSendt) on or before the due date
        coalesce(
            answered_date <= due_date
            or delay_notice_date <= due_date,
            false
        ) as is_answered_or_notified_in_time
    from {{ ref('int_access_requests_due_dated') }}
)

select
    'access_request_answered' as target_id,
    'quarter' as period_grain,
    {{ period_label('requests.due_date', 'quarter') }} as period,
    requests.unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'access_request' as member_kind,
    requests.access_request_id as member_id,
    requests.is_answered_or_notified_in_time as is_compliant,
    case when requests.is_answered_or_notified_in_time then 1 else 0 end as member_value,
    requests.due_date as period_date,
    requests.legal_basis,
    requests.received_date,
    requests.answered_date,
    requests.delay_notice_date
from requests
cross join as_of
where requests.due_date <= as_of.as_of_date
