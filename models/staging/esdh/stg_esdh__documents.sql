-- Valid rows, latest version per id (incremental extract: a record is re-sent when a
-- field changes): the latest delivery on or before as-of, within it the last row.
with versions as (

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
        row_number,
        row_number() over (
            partition by document_id
            order by delivery_date desc, row_number desc
        ) as version_rank
    from {{ ref('base_esdh__documents') }}
    where
        reject_reason is null
        and delivery_date <= {{ as_of_date() }}

)

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
from versions
where version_rank = 1
