-- Members of feedback_guarantee (tilbagemeldingsgaranti): written inquiries (Brev, Mail,
-- Digital post; not Telefon) whose due date (received + 10 working days, deadline seed) is
-- on or before as-of, in the quarter of the due date.
-- Rule: docs block target_feedback_guarantee (_targets__docs.md). One row per member.
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
        due_date,
        -- first feedback (ForsteTilbagemelding) on or before the due date
        coalesce(first_response_date <= due_date, false) as is_answered_in_time
    from {{ ref('int_inquiries_due_dated') }}
)

select
    'feedback_guarantee' as target_id,
    'quarter' as period_grain,
    {{ period_label('inquiries.due_date', 'quarter') }} as period,
    inquiries.unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'inquiry' as member_kind,
    inquiries.inquiry_id as member_id,
    inquiries.is_answered_in_time as is_compliant,
    case when inquiries.is_answered_in_time then 1 else 0 end as member_value,
    inquiries.due_date as period_date,
    inquiries.channel,
    inquiries.received_date,
    inquiries.first_response_date
from inquiries
cross join as_of
where
    inquiries.is_written
    and inquiries.due_date <= as_of.as_of_date
