-- Every staged document (dokument) with the case it belongs to: the case its Sagsnummer
-- names (system A ids compared upper-cased; either id of a linked case names it), else
-- the citizen's work-capacity case open on Dokumentdato (the latest received, then the
-- lowest case id), else none (exports.md "The same case in two systems").
with documents as (

    select
        document_id,
        case_reference,
        citizen_key,
        document_date,
        title,
        title_folded,
        document_type,
        citizen_participated,
        registered_at,
        is_resource_profile,
        is_final_resource_profile,
        is_draft_resource_profile,
        is_work_capacity_assessment,
        is_citizen_meeting,
        is_delay_notice,
        is_flexjob_guidance,
        is_hearing,
        is_other,
        delivery_date,
        source_file,
        row_number
    from {{ ref('stg_esdh__documents') }}

),

cases as (

    select
        case_id,
        b_case_id,
        legacy_case_id,
        citizen_key,
        received_date,
        decided_date,
        is_work_capacity_area
    from {{ ref('int_cases_linked') }}

),

by_reference as (

    select
        documents.document_id,
        coalesce(a_named.case_id, b_named.case_id) as case_id
    from documents
    left join cases as a_named
        on upper(documents.case_reference) = a_named.legacy_case_id
    left join cases as b_named
        on documents.case_reference = b_named.b_case_id

),

-- Work-capacity cases open on the document date: received on or before it, and not
-- closed (any decision date, withdrawal included) before it.
open_cases as (

    select
        documents.document_id,
        cases.case_id,
        row_number() over (
            partition by documents.document_id
            order by cases.received_date desc, cases.case_id asc
        ) as candidate_rank
    from documents
    inner join by_reference
        on documents.document_id = by_reference.document_id
    inner join cases
        on
            documents.citizen_key = cases.citizen_key
            and cases.is_work_capacity_area
            and documents.document_date >= cases.received_date
            and (cases.decided_date is null or documents.document_date <= cases.decided_date)
    where by_reference.case_id is null

),

fallback as (

    select
        document_id,
        case_id
    from open_cases
    where candidate_rank = 1

)

select
    documents.document_id,
    coalesce(by_reference.case_id, fallback.case_id) as case_id,
    case
        when by_reference.case_id is not null then 'reference'
        when fallback.case_id is not null then 'open_work_capacity_case'
    end as document_link_method,
    documents.case_reference,
    documents.citizen_key,
    documents.document_date,
    documents.title,
    documents.title_folded,
    documents.document_type,
    documents.citizen_participated,
    documents.registered_at,
    documents.is_resource_profile,
    documents.is_final_resource_profile,
    documents.is_draft_resource_profile,
    documents.is_work_capacity_assessment,
    documents.is_citizen_meeting,
    documents.is_delay_notice,
    documents.is_flexjob_guidance,
    documents.is_hearing,
    documents.is_other,
    documents.delivery_date,
    documents.source_file,
    documents.row_number
from documents
inner join by_reference
    on documents.document_id = by_reference.document_id
left join fallback
    on documents.document_id = fallback.document_id
