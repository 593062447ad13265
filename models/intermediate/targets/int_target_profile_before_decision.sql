-- Members of profile_before_decision (ressourceprofil og arbejdsevnevurdering før afgørelse):
-- decisions in the work-capacity areas, in the quarter of the decision date.
-- Rule: docs block target_profile_before_decision (_targets__docs.md). One row per member.
select
    'profile_before_decision' as target_id,
    'quarter' as period_grain,
    {{ period_label('decided_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    case_id as member_id,
    has_profile_before_decision as is_compliant,
    case when has_profile_before_decision then 1 else 0 end as member_value,
    decided_date as period_date,
    decision,
    received_date,
    due_date,
    first_final_profile_date,
    first_final_profile_document_id,
    first_assessment_date,
    first_assessment_document_id
from {{ ref('int_cases_flagged') }}
where
    is_decision
    and is_work_capacity_area
