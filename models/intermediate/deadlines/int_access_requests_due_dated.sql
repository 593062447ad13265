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

matched as (
    select
        requests.access_request_id,
        requests.unit_id,
        requests.received_date,
        requests.legal_basis,
        requests.answered_date,
        requests.delay_notice_date,
        deadlines.deadline_value,
        deadlines.deadline_unit
    from requests
    left join deadlines
        on
            requests.legal_basis = deadlines.subject_key
            and requests.received_date >= deadlines.valid_from
            and (deadlines.valid_to is null or requests.received_date <= deadlines.valid_to)
),

-- The due date (fristdato) by the calendar: macro due_dated (macros/calendar/due_dated.sql).
{{ due_dated('matched', [
        'access_request_id',
        'unit_id',
        'received_date',
        'legal_basis',
        'answered_date',
        'delay_notice_date'
    ]) }}
