-- Members of citizen_involved (borgerinddragelse): decisions in the work-capacity areas,
-- in the quarter of the decision date.
-- Rule: docs block target_citizen_involved (_targets__docs.md). One row per member.
select
    'citizen_involved' as target_id,
    'quarter' as period_grain,
    {{ period_label('decided_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    case_id as member_id,
    is_citizen_involved as is_compliant,
    case when is_citizen_involved then 1 else 0 end as member_value,
    decided_date as period_date,
    decision,
    received_date,
    due_date,
    first_citizen_involvement_date,
    first_citizen_involvement_document_id
from {{ ref('int_cases_flagged') }}
where
    is_decision
    and is_work_capacity_area
