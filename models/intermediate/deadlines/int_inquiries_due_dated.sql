-- Per inquiry (henvendelse): the feedback guarantee (tilbagemeldingsgaranti) valid on the
-- received date, and its due date. Timestamps count by their local date.
with

inquiries as (
    select
        inquiry_id,
        unit_id,
        channel,
        is_written,
        received_date,
        first_response_date
    from {{ ref('stg_henvendelser__inquiries') }}
),

deadlines as (
    select
        deadline_value,
        deadline_unit,
        valid_from,
        valid_to
    from {{ ref('deadline_catalogue') }}
    where
        subject = 'inquiry'
        and subject_key = 'feedback_guarantee'
),

matched as (
    select
        inquiries.inquiry_id,
        inquiries.unit_id,
        inquiries.channel,
        inquiries.is_written,
        inquiries.received_date,
        inquiries.first_response_date,
        deadlines.deadline_value,
        deadlines.deadline_unit
    from inquiries
    left join deadlines
        on
            inquiries.received_date >= deadlines.valid_from
            and (deadlines.valid_to is null or inquiries.received_date <= deadlines.valid_to)
),

-- The due date (fristdato) by the calendar: macro due_dated (macros/calendar/due_dated.sql).
{{ due_dated('matched', [
        'inquiry_id',
        'unit_id',
        'channel',
        'is_written',
        'received_date',
        'first_response_date'
    ]) }}
