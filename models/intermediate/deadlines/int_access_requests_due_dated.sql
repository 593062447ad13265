-- Per access request (aktindsigtsanmodning): the deadline of its legal basis (Lovgrundlag)
-- valid on the received date, and its due date.
with

requests as (
    select
        access_request_id,
        unit_id,
        received_date,
        legal_basis,
        answered_date,
        delay_notice_date
    from {{ ref('stg_aktindsigt__access_requests') }}
),

deadlines as (
    select
        subject_key,
        deadline_value,
        deadline_unit,
        valid_from,
        valid_to
    from {{ ref('deadline_catalogue') }}
    where subject = 'access_request'
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
        requests.access_request_id,
        requests.unit_id,
        requests.received_date,
        requests.legal_basis,
        requests.answered_date,
        requests.delay_notice_date,
        deadlines.deadline_value,
        deadlines.deadline_unit,
        {{ calendar_deadline('requests.received_date', 'deadlines.deadline_value', 'deadlines.deadline_unit') }}
            as calendar_due_date
    from requests
    left join deadlines
        on
            requests.legal_basis = deadlines.subject_key
            and requests.received_date >= deadlines.valid_from
            and (deadlines.valid_to is null or requests.received_date <= deadlines.valid_to)
),

-- The working day the deadline ends on, as a sequence number: a plain column, so the
-- join below is an equality (a condition on the unit inside the join made DuckDB plan a
-- nested-loop join).
targeted as (
    select
        matched.access_request_id,
        matched.unit_id,
        matched.received_date,
        matched.legal_basis,
        matched.answered_date,
        matched.delay_notice_date,
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
    targeted.access_request_id,
    targeted.unit_id,
    targeted.received_date,
    targeted.legal_basis,
    targeted.answered_date,
    targeted.delay_notice_date,
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
