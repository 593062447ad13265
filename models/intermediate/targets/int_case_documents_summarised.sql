-- Per case: the earliest dated document of each kind that a rule asks about, and counts
-- per kind. "A document dated on or before X exists" is then "earliest date <= X".
-- A document dated after as-of (a letter dated for next Monday, kept up to the horizon)
-- does not exist yet as of as-of and is not counted (targets.md "Real exports", Dates).
with

documents as (
    select
        document_id,
        case_id,
        document_date,
        is_resource_profile,
        is_final_resource_profile,
        is_draft_resource_profile,
        is_work_capacity_assessment,
        is_citizen_meeting,
        is_delay_notice,
        is_flexjob_guidance,
        is_hearing,
        citizen_participated
    from {{ ref('int_documents_linked') }}
    where
        case_id is not null
        and document_date is not null
        and document_date <= {{ as_of_date() }}
),

-- one row per document and rule kind it counts for (a document may count for several)
rule_documents as (
    select
        case_id,
        'final_profile' as rule_kind,
        document_id,
        document_date
    from documents
    where is_final_resource_profile
    union all
    select
        case_id,
        'assessment' as rule_kind,
        document_id,
        document_date
    from documents
    where is_work_capacity_assessment
    union all
    -- a resource profile (draft or final) with the citizen taking part, or a meeting
    select
        case_id,
        'citizen_involvement' as rule_kind,
        document_id,
        document_date
    from documents
    where (is_resource_profile and coalesce(citizen_participated, false)) or is_citizen_meeting
    union all
    select
        case_id,
        'delay_notice' as rule_kind,
        document_id,
        document_date
    from documents
    where is_delay_notice
    union all
    select
        case_id,
        'flexjob_guidance' as rule_kind,
        document_id,
        document_date
    from documents
    where is_flexjob_guidance
    union all
    select
        case_id,
        'hearing' as rule_kind,
        document_id,
        document_date
    from documents
    where is_hearing
),

ranked as (
    select
        case_id,
        rule_kind,
        document_id,
        document_date,
        row_number() over (
            partition by case_id, rule_kind
            order by document_date, document_id
        ) as date_rank
    from rule_documents
),

earliest as (
    select
        case_id,
        max(case when rule_kind = 'final_profile' then document_date end) as first_final_profile_date,
        max(case when rule_kind = 'final_profile' then document_id end) as first_final_profile_document_id,
        max(case when rule_kind = 'assessment' then document_date end) as first_assessment_date,
        max(case when rule_kind = 'assessment' then document_id end) as first_assessment_document_id,
        max(case when rule_kind = 'citizen_involvement' then document_date end)
            as first_citizen_involvement_date,
        max(case when rule_kind = 'citizen_involvement' then document_id end)
            as first_citizen_involvement_document_id,
        max(case when rule_kind = 'delay_notice' then document_date end) as first_delay_notice_date,
        max(case when rule_kind = 'delay_notice' then document_id end) as first_delay_notice_document_id,
        max(case when rule_kind = 'flexjob_guidance' then document_date end)
            as first_flexjob_guidance_date,
        max(case when rule_kind = 'flexjob_guidance' then document_id end)
            as first_flexjob_guidance_document_id,
        max(case when rule_kind = 'hearing' then document_date end) as first_hearing_date,
        max(case when rule_kind = 'hearing' then document_id end) as first_hearing_document_id
    from ranked
    where date_rank = 1
    group by case_id
),

counts as (
    select
        case_id,
        count(*) as documents_total,
        sum(case when is_resource_profile then 1 else 0 end) as resource_profile_count,
        sum(case when is_final_resource_profile then 1 else 0 end) as final_resource_profile_count,
        sum(case when is_draft_resource_profile then 1 else 0 end) as draft_resource_profile_count,
        sum(case when is_work_capacity_assessment then 1 else 0 end) as work_capacity_assessment_count,
        sum(case when is_citizen_meeting then 1 else 0 end) as citizen_meeting_count,
        sum(case when is_delay_notice then 1 else 0 end) as delay_notice_count,
        sum(case when is_flexjob_guidance then 1 else 0 end) as flexjob_guidance_count,
        sum(case when is_hearing then 1 else 0 end) as hearing_count
    from documents
    group by case_id
)

select
    counts.case_id,
    counts.documents_total,
    counts.resource_profile_count,
    counts.final_resource_profile_count,
    counts.draft_resource_profile_count,
    counts.work_capacity_assessment_count,
    counts.citizen_meeting_count,
    counts.delay_notice_count,
    counts.flexjob_guidance_count,
    counts.hearing_count,
    earliest.first_final_profile_date,
    earliest.first_final_profile_document_id,
    earliest.first_assessment_date,
    earliest.first_assessment_document_id,
    earliest.first_citizen_involvement_date,
    earliest.first_citizen_involvement_document_id,
    earliest.first_delay_notice_date,
    earliest.first_delay_notice_document_id,
    earliest.first_flexjob_guidance_date,
    earliest.first_flexjob_guidance_document_id,
    earliest.first_hearing_date,
    earliest.first_hearing_document_id
from counts
left join earliest
    on counts.case_id = earliest.case_id
