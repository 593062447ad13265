-- Members of the quarterly case figures: decisions (afgørelser), period = quarter of the
-- decision date. profile_before_decision, citizen_involved, deadline_or_notice,
-- flexjob_guidance_noted, hearing_before_refusal.
with

decisions as (
    select
        case_id,
        area,
        unit_id,
        decided_date,
        decision,
        is_work_capacity_area,
        due_date,
        has_profile_before_decision,
        is_citizen_involved,
        is_deadline_or_notice_met,
        has_flexjob_guidance,
        has_hearing_before_decision
    from {{ ref('int_cases_flagged') }}
    where is_decision
),

members as (
    select
        'profile_before_decision' as target_id,
        case_id as member_id,
        unit_id,
        decided_date as period_date,
        has_profile_before_decision as is_compliant
    from decisions
    where is_work_capacity_area

    union all

    select
        'citizen_involved' as target_id,
        case_id as member_id,
        unit_id,
        decided_date as period_date,
        is_citizen_involved as is_compliant
    from decisions
    where is_work_capacity_area

    union all

    select
        'deadline_or_notice' as target_id,
        case_id as member_id,
        unit_id,
        decided_date as period_date,
        is_deadline_or_notice_met as is_compliant
    from decisions
    where
        is_work_capacity_area
        and due_date is not null

    union all

    select
        'flexjob_guidance_noted' as target_id,
        case_id as member_id,
        unit_id,
        decided_date as period_date,
        has_flexjob_guidance as is_compliant
    from decisions
    where area = 'flex_job'

    union all

    -- refused (afslag; for disability pension: not recommended) work-capacity decisions
    select
        'hearing_before_refusal' as target_id,
        case_id as member_id,
        unit_id,
        decided_date as period_date,
        has_hearing_before_decision as is_compliant
    from decisions
    where
        is_work_capacity_area
        and decision = 'refused'
)

select
    target_id,
    'quarter' as period_grain,
    {{ period_label('period_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    member_id,
    is_compliant,
    case when is_compliant then 1 else 0 end as member_value,
    period_date
from members
