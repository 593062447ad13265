-- Per case: every flag of the case targets, with the documents and dates that set each flag,
-- so an auditor can trace it. Decision flags are null for cases that are no decisions.
-- The documents of a case: the earliest dated document of each kind a rule asks about, so
-- "a document dated on or before X exists" is "earliest date <= X". A document dated after
-- as-of (a letter dated for next Monday, kept up to the horizon) does not exist yet as of
-- as-of and is not counted (targets.md "Real exports", Dates).
with

cases as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        decided_date,
        decision,
        is_work_capacity_area,
        is_decision,
        deadline_value,
        deadline_unit,
        due_date
    from {{ ref('int_cases_due_dated') }}
),

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

documents_first_dated as (
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

joined as (
    select
        cases.case_id,
        cases.area,
        cases.unit_id,
        cases.received_date,
        cases.decided_date,
        cases.decision,
        cases.is_work_capacity_area,
        cases.is_decision,
        cases.deadline_value,
        cases.deadline_unit,
        cases.due_date,
        first_dated.first_final_profile_date,
        first_dated.first_final_profile_document_id,
        first_dated.first_assessment_date,
        first_dated.first_assessment_document_id,
        first_dated.first_citizen_involvement_date,
        first_dated.first_citizen_involvement_document_id,
        first_dated.first_delay_notice_date,
        first_dated.first_delay_notice_document_id,
        first_dated.first_flexjob_guidance_date,
        first_dated.first_flexjob_guidance_document_id,
        first_dated.first_hearing_date,
        first_dated.first_hearing_document_id
    from cases
    left join documents_first_dated as first_dated
        on cases.case_id = first_dated.case_id
),

flagged as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        decided_date,
        decision,
        is_work_capacity_area,
        is_decision,
        deadline_value,
        deadline_unit,
        due_date,
        case
            when is_decision then coalesce(
                first_final_profile_date <= decided_date
                and first_assessment_date <= decided_date,
                false
            )
        end as has_profile_before_decision,
        case
            when is_decision then coalesce(first_citizen_involvement_date <= decided_date, false)
        end as is_citizen_involved,
        -- an act on the due date is in time
        case
            when is_decision and due_date is not null then decided_date <= due_date
        end as is_decided_in_time,
        case
            when due_date is not null then coalesce(first_delay_notice_date <= due_date, false)
        end as has_delay_notice_before_due,
        case
            when is_decision then coalesce(first_flexjob_guidance_date <= decided_date, false)
        end as has_flexjob_guidance,
        case
            when is_decision then coalesce(first_hearing_date <= decided_date, false)
        end as has_hearing_before_decision,
        case
            when decided_date is not null then {{ dbt.datediff('received_date', 'decided_date', 'day') }}
        end as processing_days,
        first_final_profile_date,
        first_final_profile_document_id,
        first_assessment_date,
        first_assessment_document_id,
        first_citizen_involvement_date,
        first_citizen_involvement_document_id,
        first_delay_notice_date,
        first_delay_notice_document_id,
        first_flexjob_guidance_date,
        first_flexjob_guidance_document_id,
        first_hearing_date,
        first_hearing_document_id
    from joined
)

select
    case_id,
    area,
    unit_id,
    received_date,
    decided_date,
    decision,
    is_work_capacity_area,
    is_decision,
    deadline_value,
    deadline_unit,
    due_date,
    has_profile_before_decision,
    is_citizen_involved,
    is_decided_in_time,
    has_delay_notice_before_due,
    case
        when is_decision and due_date is not null
            then is_decided_in_time or has_delay_notice_before_due
    end as is_deadline_or_notice_met,
    has_flexjob_guidance,
    has_hearing_before_decision,
    processing_days,
    first_final_profile_date,
    first_final_profile_document_id,
    first_assessment_date,
    first_assessment_document_id,
    first_citizen_involvement_date,
    first_citizen_involvement_document_id,
    first_delay_notice_date,
    first_delay_notice_document_id,
    first_flexjob_guidance_date,
    first_flexjob_guidance_document_id,
    first_hearing_date,
    first_hearing_document_id
from flagged
