-- Sagsoverblik: one row per case as of the as-of date, with its ids in every system, its
-- dates and flags, its documents by kind, and the next thing the case needs (from the
-- model int_open_cases_next_action_assigned, which owns that rule and feeds the worklist
-- fct_case_worklist; a closed case needs nothing).
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

cases as (
    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        decision_source,
        has_decision_conflict,
        is_work_capacity_area
    from {{ ref('int_cases_linked') }}
),

flagged as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        due_date,
        decided_date,
        decision,
        is_decision,
        has_profile_before_decision,
        is_citizen_involved,
        is_decided_in_time,
        has_delay_notice_before_due,
        is_deadline_or_notice_met,
        has_flexjob_guidance,
        has_hearing_before_decision,
        processing_days
    from {{ ref('int_cases_flagged') }}
),

documents as (
    select
        case_id,
        count(*) as documents_total,
        sum(case when is_resource_profile then 1 else 0 end) as resource_profile_documents,
        sum(case when is_final_resource_profile then 1 else 0 end)
            as final_resource_profile_documents,
        sum(case when is_work_capacity_assessment then 1 else 0 end)
            as work_capacity_assessment_documents,
        sum(case when is_citizen_meeting then 1 else 0 end) as citizen_meeting_documents,
        sum(case when is_delay_notice then 1 else 0 end) as delay_notice_documents,
        sum(case when is_flexjob_guidance then 1 else 0 end) as flexjob_guidance_documents,
        sum(case when is_hearing then 1 else 0 end) as hearing_documents,
        sum(case when is_other then 1 else 0 end) as other_documents
    from {{ ref('int_documents_linked') }}
    where case_id is not null
    group by case_id
),

worklist as (
    select
        case_id,
        working_days_to_due,
        next_action,
        next_action_due_date
    from {{ ref('int_open_cases_next_action_assigned') }}
),

joined as (
    select
        flagged.case_id,
        cases.b_case_id,
        cases.legacy_case_id,
        cases.link_method,
        cases.decision_source,
        cases.has_decision_conflict,
        flagged.area,
        flagged.unit_id,
        cases.is_work_capacity_area,
        flagged.received_date,
        flagged.due_date,
        flagged.decided_date,
        flagged.decision,
        flagged.is_decision,
        as_of.as_of_date,
        coalesce(flagged.decided_date <= as_of.as_of_date, false) as is_closed,
        flagged.has_profile_before_decision,
        flagged.is_citizen_involved,
        flagged.is_decided_in_time,
        coalesce(flagged.has_delay_notice_before_due, false) as has_delay_notice_before_due,
        flagged.is_deadline_or_notice_met,
        flagged.has_flexjob_guidance,
        flagged.has_hearing_before_decision,
        flagged.processing_days,
        coalesce(documents.documents_total, 0) as documents_total,
        coalesce(documents.resource_profile_documents, 0) as resource_profile_documents,
        coalesce(documents.final_resource_profile_documents, 0)
            as final_resource_profile_documents,
        coalesce(documents.work_capacity_assessment_documents, 0)
            as work_capacity_assessment_documents,
        coalesce(documents.citizen_meeting_documents, 0) as citizen_meeting_documents,
        coalesce(documents.delay_notice_documents, 0) as delay_notice_documents,
        coalesce(documents.flexjob_guidance_documents, 0) as flexjob_guidance_documents,
        coalesce(documents.hearing_documents, 0) as hearing_documents,
        coalesce(documents.other_documents, 0) as other_documents,
        worklist.working_days_to_due,
        coalesce(worklist.next_action, 'none') as next_action,
        worklist.next_action_due_date
    from flagged
    cross join as_of
    left join cases
        on flagged.case_id = cases.case_id
    left join documents
        on flagged.case_id = documents.case_id
    left join worklist
        on flagged.case_id = worklist.case_id
),

with_days as (
    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        decision_source,
        has_decision_conflict,
        area,
        unit_id,
        is_work_capacity_area,
        received_date,
        due_date,
        decided_date,
        decision,
        is_decision,
        as_of_date,
        is_closed,
        has_profile_before_decision,
        is_citizen_involved,
        is_decided_in_time,
        has_delay_notice_before_due,
        is_deadline_or_notice_met,
        has_flexjob_guidance,
        has_hearing_before_decision,
        processing_days,
        documents_total,
        resource_profile_documents,
        final_resource_profile_documents,
        work_capacity_assessment_documents,
        citizen_meeting_documents,
        delay_notice_documents,
        flexjob_guidance_documents,
        hearing_documents,
        other_documents,
        working_days_to_due,
        next_action,
        next_action_due_date,
        case
            when is_closed
                then {{ dbt.datediff('received_date', 'decided_date', 'day') }}
            else {{ dbt.datediff('received_date', 'as_of_date', 'day') }}
        end as days_open
    from joined
)

select
    case_id,
    b_case_id,
    legacy_case_id,
    link_method,
    decision_source,
    has_decision_conflict,
    area,
    unit_id,
    is_work_capacity_area,
    received_date,
    due_date,
    decided_date,
    decision,
    is_decision,
    is_closed,
    as_of_date,
    days_open,
    working_days_to_due,
    has_profile_before_decision,
    is_citizen_involved,
    is_decided_in_time,
    has_delay_notice_before_due,
    is_deadline_or_notice_met,
    has_flexjob_guidance,
    has_hearing_before_decision,
    processing_days,
    documents_total,
    resource_profile_documents,
    final_resource_profile_documents,
    work_capacity_assessment_documents,
    citizen_meeting_documents,
    delay_notice_documents,
    flexjob_guidance_documents,
    hearing_documents,
    other_documents,
    next_action,
    next_action_due_date
from with_days
