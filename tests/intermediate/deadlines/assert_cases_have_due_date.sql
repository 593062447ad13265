{{ config(severity='warn') }}
-- Every case whose area has a catalogue row valid on its received date has a due date
-- (a null due date means the calendar does not reach far enough).
select
    case_id,
    area,
    received_date,
    deadline_value,
    deadline_unit
from {{ ref('int_cases_due_dated') }}
where
    deadline_value is not null
    and due_date is null
