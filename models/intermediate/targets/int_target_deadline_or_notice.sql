-- Members of deadline_or_notice (sagsbehandlingsfrist overholdt eller underretning,
-- retssikkerhedsloven § 3, stk. 2): decisions in the work-capacity areas with a due date,
-- in the quarter of the decision date.
-- Rule: docs block target_deadline_or_notice (_targets__docs.md). One row per member.
select
    'deadline_or_notice' as target_id,
    'quarter' as period_grain,
    {{ period_label('decided_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    case_id as member_id,
    is_deadline_or_notice_met as is_compliant,
    case when is_deadline_or_notice_met then 1 else 0 end as member_value,
    decided_date as period_date,
    decision,
    received_date,
    due_date,
    is_decided_in_time,
    has_delay_notice_before_due,
    first_delay_notice_date,
    first_delay_notice_document_id
from {{ ref('int_cases_flagged') }}
where
    is_decision
    and is_work_capacity_area
    and due_date is not null
