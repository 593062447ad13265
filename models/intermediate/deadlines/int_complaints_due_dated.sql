-- Per complaint (klage): the re-assessment deadline (genvurdering) valid on the received date
-- and its due date.
with

complaints as (
    select
        complaint_id,
        case_reference,
        unit_id,
        received_date,
        complaint_type,
        reassessed_date,
        delay_notice_date,
        forwarded_date,
        external_decided_date,
        external_outcome
    from {{ ref('stg_klageregister__complaints') }}
),

deadlines as (
    select
        deadline_value,
        deadline_unit,
        valid_from,
        valid_to
    from {{ ref('deadline_catalogue') }}
    where
        subject = 'complaint'
        and subject_key = 'reassessment'
),

matched as (
    select
        complaints.complaint_id,
        complaints.case_reference,
        complaints.unit_id,
        complaints.received_date,
        complaints.complaint_type,
        complaints.reassessed_date,
        complaints.delay_notice_date,
        complaints.forwarded_date,
        complaints.external_decided_date,
        complaints.external_outcome,
        deadlines.deadline_value,
        deadlines.deadline_unit
    from complaints
    left join deadlines
        on
            complaints.received_date >= deadlines.valid_from
            and (deadlines.valid_to is null or complaints.received_date <= deadlines.valid_to)
),

-- The due date (fristdato) by the calendar: macro due_dated (macros/calendar/due_dated.sql).
{{ due_dated('matched', [
        'complaint_id',
        'case_reference',
        'unit_id',
        'received_date',
        'complaint_type',
        'reassessed_date',
        'delay_notice_date',
        'forwarded_date',
        'external_decided_date',
        'external_outcome'
    ]) }}
