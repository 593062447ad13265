-- Members of flexjob_guidance_noted (vejledning om fleksjob noteret): flex-job decisions,
-- in the quarter of the decision date.
-- Rule: docs block target_flexjob_guidance_noted (_targets__docs.md). One row per member.
select
    'flexjob_guidance_noted' as target_id,
    'quarter' as period_grain,
    {{ period_label('decided_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    case_id as member_id,
    has_flexjob_guidance as is_compliant,
    case when has_flexjob_guidance then 1 else 0 end as member_value,
    decided_date as period_date,
    decision,
    received_date,
    due_date,
    first_flexjob_guidance_date,
    first_flexjob_guidance_document_id
from {{ ref('int_cases_flagged') }}
where
    is_decision
    and area = 'flex_job'
