-- Members of feedback_guarantee (tilbagemeldingsgaranti): written inquiries (letter, mail,
-- digital post; not telephone) due on or before as-of, period = quarter of the due date.
select
    'feedback_guarantee' as target_id,
    'quarter' as period_grain,
    {{ period_label('due_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'inquiry' as member_kind,
    inquiry_id as member_id,
    is_answered_in_time as is_compliant,
    case when is_answered_in_time then 1 else 0 end as member_value,
    due_date as period_date
from {{ ref('int_inquiries_flagged') }}
where
    is_written
    and is_due_as_of
