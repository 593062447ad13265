-- One row per case and quarter end on or before as-of while the case is open at it
-- (received on or before it, not closed on or before it): the backlog (restancer) behind
-- open_overdue_without_notice.
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

quarter_ends as (
    select
        calendar_days.date_day as quarter_end_date,
        calendar_days.quarter_label
    from {{ ref('int_calendar_days') }} as calendar_days
    cross join as_of
    where
        calendar_days.is_quarter_end
        and calendar_days.date_day <= as_of.as_of_date
),

cases as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        decided_date,
        due_date,
        has_delay_notice_before_due,
        first_delay_notice_date,
        first_delay_notice_document_id
    from {{ ref('int_cases_flagged') }}
),

open_cases as (
    select
        cases.case_id,
        quarter_ends.quarter_end_date,
        quarter_ends.quarter_label,
        cases.area,
        cases.unit_id,
        cases.received_date,
        cases.decided_date,
        cases.due_date,
        coalesce(cases.due_date < quarter_ends.quarter_end_date, false) as is_overdue,
        coalesce(cases.has_delay_notice_before_due, false) as has_notice,
        cases.first_delay_notice_date,
        cases.first_delay_notice_document_id
    from cases
    inner join quarter_ends
        on
            cases.received_date <= quarter_ends.quarter_end_date
            -- closed from its decision date, whatever the decision (withdrawal included)
            and (cases.decided_date is null or cases.decided_date > quarter_ends.quarter_end_date)
)

select
    case_id,
    quarter_end_date,
    quarter_label,
    area,
    unit_id,
    received_date,
    decided_date,
    due_date,
    is_overdue,
    has_notice,
    is_overdue and not has_notice as is_overdue_without_notice,
    first_delay_notice_date,
    first_delay_notice_document_id
from open_cases
