-- Members of open_overdue_without_notice (restancer over frist uden underretning): at each
-- quarter end on or before as-of, the cases of any area received on or before it, not
-- closed on or before it (closed from the decision date, withdrawal included), whose due
-- date is before it, with no delay notice dated on or before the due date. A count.
-- Rule: docs block target_open_overdue_without_notice (_targets__docs.md).
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
        unit_id,
        received_date,
        decided_date,
        due_date,
        has_delay_notice_before_due
    from {{ ref('int_cases_flagged') }}
)

select
    'open_overdue_without_notice' as target_id,
    'quarter' as period_grain,
    quarter_ends.quarter_label as period,
    cases.unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    cases.case_id as member_id,
    cast(null as boolean) as is_compliant,
    1 as member_value,
    quarter_ends.quarter_end_date as period_date,
    cases.received_date,
    cases.decided_date,
    cases.due_date
from cases
inner join quarter_ends
    on
        cases.received_date <= quarter_ends.quarter_end_date
        -- open at the quarter end: not closed on or before it
        and (cases.decided_date is null or cases.decided_date > quarter_ends.quarter_end_date)
where
    cases.due_date < quarter_ends.quarter_end_date
    and not coalesce(cases.has_delay_notice_before_due, false)
