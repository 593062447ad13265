-- Per case: the processing deadline (sagsbehandlingsfrist) of its area valid on the received
-- date, and the due date it gives (fristdato).
with

cases as (
    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        area,
        unit_id,
        received_date,
        decided_date,
        decision,
        is_work_capacity_area,
        is_decision
    from {{ ref('int_cases_linked') }}
),

deadlines as (
    select
        subject_key,
        deadline_value,
        deadline_unit,
        valid_from,
        valid_to
    from {{ ref('deadline_catalogue') }}
    where subject = 'case'
),

calendar as (
    select
        date_day,
        is_working_day,
        working_day_seq,
        next_working_day
    from {{ ref('int_calendar_days') }}
),

working_days as (
    select
        date_day,
        working_day_seq
    from calendar
    where is_working_day
),

matched as (
    select
        cases.case_id,
        cases.b_case_id,
        cases.legacy_case_id,
        cases.link_method,
        cases.area,
        cases.unit_id,
        cases.received_date,
        cases.decided_date,
        cases.decision,
        cases.is_work_capacity_area,
        cases.is_decision,
        deadlines.deadline_value,
        deadlines.deadline_unit,
        {{ calendar_deadline('cases.received_date', 'deadlines.deadline_value', 'deadlines.deadline_unit') }}
            as calendar_due_date
    from cases
    left join deadlines
        on
            cases.area = deadlines.subject_key
            and cases.received_date >= deadlines.valid_from
            -- valid_to is inclusive; empty means open-ended
            and (deadlines.valid_to is null or cases.received_date <= deadlines.valid_to)
),

-- The working day the deadline ends on, as a sequence number: a plain column, so the
-- join below is an equality (a condition on the unit inside the join made DuckDB plan a
-- nested-loop join).
targeted as (
    select
        matched.case_id,
        matched.b_case_id,
        matched.legacy_case_id,
        matched.link_method,
        matched.area,
        matched.unit_id,
        matched.received_date,
        matched.decided_date,
        matched.decision,
        matched.is_work_capacity_area,
        matched.is_decision,
        matched.deadline_value,
        matched.deadline_unit,
        matched.calendar_due_date,
        case
            when matched.deadline_unit = 'working_days'
                then received_day.working_day_seq + matched.deadline_value
        end as target_working_day_seq
    from matched
    left join calendar as received_day
        on matched.received_date = received_day.date_day
)

-- Due date (fristdato) by equi-joins on the calendar, not a lookup per row: working days
-- = the working day whose working_day_seq is the received day's + n (the received day
-- never counts); days, weeks and months = the calendar date rolled to its next working
-- day (var roll_due_date_to_working_day).
{%- set calendar_due = 'rolled.next_working_day' if var_is_true('roll_due_date_to_working_day', true)
    else 'targeted.calendar_due_date' %}
select
    targeted.case_id,
    targeted.b_case_id,
    targeted.legacy_case_id,
    targeted.link_method,
    targeted.area,
    targeted.unit_id,
    targeted.received_date,
    targeted.decided_date,
    targeted.decision,
    targeted.is_work_capacity_area,
    targeted.is_decision,
    targeted.deadline_value,
    targeted.deadline_unit,
    case
        when targeted.deadline_unit = 'working_days' then working_target.date_day
        when targeted.deadline_unit in ('days', 'weeks', 'months') then {{ calendar_due }}
    end as due_date
from targeted
left join working_days as working_target
    on targeted.target_working_day_seq = working_target.working_day_seq
left join calendar as rolled
    on targeted.calendar_due_date = rolled.date_day
