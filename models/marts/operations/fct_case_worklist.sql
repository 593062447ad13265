-- Arbejdsliste (worklist): the cases open on the as-of date that need something next - a
-- delay notice or a resource profile - with when it is due, soonest first by unit.
with

open_cases as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        due_date,
        as_of_date,
        working_days_to_due,
        next_action,
        next_action_due_date
    from {{ ref('int_open_cases_next_action_assigned') }}
    where next_action <> 'none'
)

select
    case_id,
    unit_id,
    area,
    received_date,
    due_date,
    as_of_date,
    working_days_to_due,
    next_action,
    next_action_due_date,
    row_number() over (
        partition by unit_id
        order by next_action_due_date, case_id
    ) as unit_priority
from open_cases
