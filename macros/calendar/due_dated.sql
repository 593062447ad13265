{#- The due date (fristdato) of every row of a relation that has its received date and the
    deadline valid then (deadline_value, deadline_unit), written once for the four
    int_*_due_dated models. Equi-joins on int_calendar_days, not a lookup per row:
    working days = the working day whose working_day_seq is the received day's + n (the
    received day never counts); days, weeks and months = the calendar date (macro
    calendar_deadline) rolled to its next working day (var roll_due_date_to_working_day).
    Emits CTEs after the caller's own (so the caller ends its last CTE with a comma) and
    the final select: the given columns, deadline_value, deadline_unit and due_date. -#}
{% macro due_dated(relation, columns, received_column='received_date') -%}
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

-- The working day the deadline ends on, as a sequence number: a plain column, so the
-- join below is an equality (a condition on the unit inside the join made DuckDB plan a
-- nested-loop join).
targeted as (
    select
        {%- for column in columns %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        {{ relation }}.deadline_value,
        {{ relation }}.deadline_unit,
        {{ calendar_deadline(relation ~ '.' ~ received_column, relation ~ '.deadline_value', relation ~ '.deadline_unit') }}
            as calendar_due_date,
        case
            when {{ relation }}.deadline_unit = 'working_days'
                then received_day.working_day_seq + {{ relation }}.deadline_value
        end as target_working_day_seq
    from {{ relation }}
    left join calendar as received_day
        on {{ relation }}.{{ received_column }} = received_day.date_day
)

{%- set calendar_due = 'rolled.next_working_day' if var_is_true('roll_due_date_to_working_day', true)
    else 'targeted.calendar_due_date' %}
select
    {%- for column in columns %}
    targeted.{{ column }},
    {%- endfor %}
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
{%- endmacro %}
