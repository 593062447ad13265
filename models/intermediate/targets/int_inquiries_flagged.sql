-- Per inquiry (henvendelse): written (not telephone), due on or before as-of, and first
-- answered in time (tilbagemeldingsgaranti).
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

inquiries as (
    select
        inquiry_id,
        unit_id,
        channel,
        is_written,
        received_date,
        first_response_date,
        deadline_value,
        deadline_unit,
        due_date
    from {{ ref('int_inquiries_due_dated') }}
)

select
    inquiries.inquiry_id,
    inquiries.unit_id,
    inquiries.channel,
    inquiries.is_written,
    inquiries.received_date,
    inquiries.first_response_date,
    inquiries.deadline_value,
    inquiries.deadline_unit,
    inquiries.due_date,
    coalesce(inquiries.due_date <= as_of.as_of_date, false) as is_due_as_of,
    coalesce(inquiries.first_response_date <= inquiries.due_date, false) as is_answered_in_time
from inquiries
cross join as_of
