-- Per case: every flag of the case targets, with the documents and dates that set each flag,
-- so an auditor can trace it. Decision flags are null for cases that are no decisions.
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
        case_id,
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
    from {{ ref('int_case_documents_summarised') }}
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
        documents.first_final_profile_date,
        documents.first_final_profile_document_id,
        documents.first_assessment_date,
        documents.first_assessment_document_id,
        documents.first_citizen_involvement_date,
        documents.first_citizen_involvement_document_id,
        documents.first_delay_notice_date,
        documents.first_delay_notice_document_id,
        documents.first_flexjob_guidance_date,
        documents.first_flexjob_guidance_document_id,
        documents.first_hearing_date,
        documents.first_hearing_document_id
    from cases
    left join documents
        on cases.case_id = documents.case_id
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
