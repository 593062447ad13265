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
        deadlines.deadline_unit
    from cases
    left join deadlines
        on
            cases.area = deadlines.subject_key
            and cases.received_date >= deadlines.valid_from
            -- valid_to is inclusive; empty means open-ended
            and (deadlines.valid_to is null or cases.received_date <= deadlines.valid_to)
),

-- The due date (fristdato) by the calendar: macro due_dated (macros/calendar/due_dated.sql).
{{ due_dated('matched', [
        'case_id',
        'b_case_id',
        'legacy_case_id',
        'link_method',
        'area',
        'unit_id',
        'received_date',
        'decided_date',
        'decision',
        'is_work_capacity_area',
        'is_decision'
    ]) }}
