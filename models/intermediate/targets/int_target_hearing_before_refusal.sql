-- Members of hearing_before_refusal (partshøring før afslag): refused work-capacity
-- decisions, in the quarter of the decision date.
-- Rule: docs block target_hearing_before_refusal (_targets__docs.md). One row per member.
select
    'hearing_before_refusal' as target_id,
    'quarter' as period_grain,
    {{ period_label('decided_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    case_id as member_id,
    has_hearing_before_decision as is_compliant,
    case when has_hearing_before_decision then 1 else 0 end as member_value,
    decided_date as period_date,
    decision,
    received_date,
    due_date,
    first_hearing_date,
    first_hearing_document_id
from {{ ref('int_cases_flagged') }}
where
    is_decision
    and is_work_capacity_area
    -- refused (afslag; for disability pension: not recommended)
    and decision = 'refused'
