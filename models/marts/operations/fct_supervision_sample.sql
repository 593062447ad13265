-- Ledelsestilsyn: the monthly management supervision sample. For each unit and month of
-- decision, the var('supervision_sample_size') decisions with the smallest
-- md5('<case id>|<YYYY-MM>'): reproducible, no random state. Each sampled case carries
-- its flag of every quarterly case figure (null where the case is no member of it).
with

decisions as (
    select
        case_id,
        unit_id,
        area,
        received_date,
        due_date,
        decided_date,
        decision,
        substr(cast(decided_date as {{ dbt.type_string() }}), 1, 7) as supervision_month
    from {{ ref('int_cases_flagged') }}
    where is_decision
),

ranked as (
    select
        case_id,
        unit_id,
        area,
        received_date,
        due_date,
        decided_date,
        decision,
        supervision_month,
        sample_hash,
        row_number() over (
            partition by unit_id, supervision_month
            order by sample_hash asc, case_id asc
        ) as sample_rank
    from (
        select
            case_id,
            unit_id,
            area,
            received_date,
            due_date,
            decided_date,
            decision,
            supervision_month,
            {{ dbt.hash(dbt.concat(["case_id", "'|'", "supervision_month"])) }} as sample_hash
        from decisions
    ) as hashed
),

sampled as (
    select
        case_id,
        unit_id,
        area,
        received_date,
        due_date,
        decided_date,
        decision,
        supervision_month,
        sample_hash,
        sample_rank
    from ranked
    where sample_rank <= {{ var('supervision_sample_size', 5) }}
),

sampled_cases as (
    select distinct case_id
    from sampled
),

case_members as (
    -- the quarterly members of the case figures, of the sampled cases only (a few per
    -- unit and month: filtering before the aggregate keeps it small at any scale); a case
    -- is a member of a figure at most once at quarter grain
    select
        members.member_id as case_id,
        members.target_id,
        case when members.is_compliant then 1 else 0 end as compliant_count
    from {{ ref('fct_target_members') }} as members
    inner join sampled_cases
        on members.member_id = sampled_cases.case_id
    where
        members.period_grain = 'quarter'
        and members.member_kind = 'case'
),

case_flags as (
    select
        case_id,
        max(case when target_id = 'deadline_or_notice' then compliant_count end)
            as deadline_or_notice_flag,
        max(case when target_id = 'profile_before_decision' then compliant_count end)
            as profile_before_decision_flag,
        max(case when target_id = 'citizen_involved' then compliant_count end)
            as citizen_involved_flag,
        max(case when target_id = 'flexjob_guidance_noted' then compliant_count end)
            as flexjob_guidance_flag,
        max(case when target_id = 'hearing_before_refusal' then compliant_count end)
            as hearing_flag
    from case_members
    group by case_id
),

final as (
    select
        sampled.unit_id,
        sampled.supervision_month,
        sampled.sample_rank,
        sampled.case_id,
        sampled.sample_hash,
        sampled.area,
        sampled.received_date,
        sampled.due_date,
        sampled.decided_date,
        sampled.decision,
        case_flags.deadline_or_notice_flag = 1 as is_deadline_or_notice_met,
        case_flags.profile_before_decision_flag = 1 as has_profile_before_decision,
        case_flags.citizen_involved_flag = 1 as is_citizen_involved,
        case_flags.flexjob_guidance_flag = 1 as has_flexjob_guidance,
        case_flags.hearing_flag = 1 as has_hearing_before_decision
    from sampled
    left join case_flags
        on sampled.case_id = case_flags.case_id
)

select
    unit_id,
    supervision_month,
    sample_rank,
    case_id,
    sample_hash,
    area,
    received_date,
    due_date,
    decided_date,
    decision,
    is_deadline_or_notice_met,
    has_profile_before_decision,
    is_citizen_involved,
    has_flexjob_guidance,
    has_hearing_before_decision
from final
