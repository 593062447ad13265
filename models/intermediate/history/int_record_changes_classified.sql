-- Every change a delivery brought to a record behind a figure, with the delivery that
-- first showed it: a case's versions (int_case_versions_classified), its documents
-- (registered, date corrected, re-linked, re-sent), complaints, access requests and
-- inquiries (registered, answer or notice registered, date corrected). member_kind and
-- member_key say which figure member the change belongs to (a document belongs to its
-- case), so a revised figure can be explained member by member. Each change carries its
-- reason group and rank from the seed revision_reasons (Danish label beside).
with case_keys as (

    select distinct
        case_id,
        case_key
    from {{ ref('int_case_versions_classified') }}

),

case_changes as (

    select
        'case' as member_kind,
        case_key as member_key,
        'case' as record_kind,
        case_id as record_id,
        change_kind as change_code,
        valid_from_date as delivery_date,
        changes as detail
    from {{ ref('int_case_versions_classified') }}

    union all

    select
        'case' as member_kind,
        case_key as member_key,
        'case' as record_kind,
        case_id as record_id,
        'record_removed' as change_code,
        valid_to_date as delivery_date,
        'no longer in the extract' as detail
    from {{ ref('int_case_versions_classified') }}
    where is_removed

),

documents as (

    select
        document_id,
        case_id,
        document_date,
        registered_at,
        title_folded,
        cast(dbt_valid_from as date) as delivery_date,
        lag(document_date) over (partition by document_id order by dbt_valid_from) as previous_document_date,
        lag(case_id) over (partition by document_id order by dbt_valid_from) as previous_case_id,
        row_number() over (partition by document_id order by dbt_valid_from) as version_number
    from {{ ref('snap_documents_linked') }}

),

document_changes as (

    select
        'case' as member_kind,
        coalesce(case_keys.case_key, documents.case_id) as member_key,
        'document' as record_kind,
        cast(documents.document_id as {{ dbt.type_string() }}) as record_id,
        case
            when documents.version_number = 1 then 'document_registered'
            when documents.previous_document_date <> documents.document_date then 'document_date_corrected'
            when coalesce(documents.previous_case_id, '-') <> coalesce(documents.case_id, '-')
                then 'document_relinked'
            else 'document_resent'
        end as change_code,
        documents.delivery_date,
        'document ' || cast(documents.document_id as {{ dbt.type_string() }})
        || ' "' || documents.title_folded || '" dated '
        || cast(documents.document_date as {{ dbt.type_string() }})
        || case
            when documents.previous_document_date <> documents.document_date
                then ' (was ' || cast(documents.previous_document_date as {{ dbt.type_string() }}) || ')'
            else ''
        end
        || ', registered ' || coalesce(cast(documents.registered_at as {{ dbt.type_string() }}), 'unknown')
            as detail
    from documents
    left join case_keys
        on documents.case_id = case_keys.case_id
    where documents.case_id is not null

),

complaints as (

    select
        complaint_id,
        received_date,
        reassessed_date,
        delay_notice_date,
        cast(dbt_valid_from as date) as delivery_date,
        lag(received_date) over (partition by complaint_id order by dbt_valid_from) as previous_received_date,
        lag(reassessed_date) over (partition by complaint_id order by dbt_valid_from) as previous_reassessed_date,
        lag(delay_notice_date) over (partition by complaint_id order by dbt_valid_from) as previous_notice_date,
        row_number() over (partition by complaint_id order by dbt_valid_from) as version_number
    from {{ ref('snap_complaints') }}

),

access_requests as (

    select
        access_request_id,
        received_date,
        answered_date,
        delay_notice_date,
        cast(dbt_valid_from as date) as delivery_date,
        lag(received_date) over (partition by access_request_id order by dbt_valid_from) as previous_received_date,
        lag(answered_date) over (partition by access_request_id order by dbt_valid_from) as previous_answered_date,
        lag(delay_notice_date) over (
            partition by access_request_id order by dbt_valid_from
        ) as previous_notice_date,
        row_number() over (partition by access_request_id order by dbt_valid_from) as version_number
    from {{ ref('snap_access_requests') }}

),

inquiries as (

    select
        inquiry_id,
        received_at,
        first_response_at,
        cast(dbt_valid_from as date) as delivery_date,
        lag(received_at) over (partition by inquiry_id order by dbt_valid_from) as previous_received_at,
        lag(first_response_at) over (partition by inquiry_id order by dbt_valid_from) as previous_response_at,
        row_number() over (partition by inquiry_id order by dbt_valid_from) as version_number
    from {{ ref('snap_inquiries') }}

),

other_changes as (

    select
        'complaint' as member_kind,
        complaint_id as member_key,
        'complaint' as record_kind,
        complaint_id as record_id,
        case
            when version_number = 1 then 'record_registered'
            when previous_received_date <> received_date then 'date_corrected'
            when previous_reassessed_date <> reassessed_date then 'date_corrected'
            when previous_reassessed_date is null and reassessed_date is not null then 'answer_registered'
            when previous_notice_date is null and delay_notice_date is not null then 'notice_registered'
            else 'record_updated'
        end as change_code,
        delivery_date,
        'complaint received ' || cast(received_date as {{ dbt.type_string() }})
        || ', re-assessed ' || coalesce(cast(reassessed_date as {{ dbt.type_string() }}), 'not yet')
        || ', notice ' || coalesce(cast(delay_notice_date as {{ dbt.type_string() }}), 'none') as detail
    from complaints

    union all

    select
        'access_request' as member_kind,
        access_request_id as member_key,
        'access_request' as record_kind,
        access_request_id as record_id,
        case
            when version_number = 1 then 'record_registered'
            when previous_received_date <> received_date then 'date_corrected'
            when previous_answered_date <> answered_date then 'date_corrected'
            when previous_answered_date is null and answered_date is not null then 'answer_registered'
            when previous_notice_date is null and delay_notice_date is not null then 'notice_registered'
            else 'record_updated'
        end as change_code,
        delivery_date,
        'access request received ' || cast(received_date as {{ dbt.type_string() }})
        || ', answered ' || coalesce(cast(answered_date as {{ dbt.type_string() }}), 'not yet')
        || ', notice ' || coalesce(cast(delay_notice_date as {{ dbt.type_string() }}), 'none') as detail
    from access_requests

    union all

    select
        'inquiry' as member_kind,
        inquiry_id as member_key,
        'inquiry' as record_kind,
        inquiry_id as record_id,
        case
            when version_number = 1 then 'record_registered'
            when previous_received_at <> received_at then 'date_corrected'
            when previous_response_at <> first_response_at then 'date_corrected'
            when previous_response_at is null and first_response_at is not null then 'answer_registered'
            else 'record_resent'
        end as change_code,
        delivery_date,
        'inquiry received ' || cast(received_at as {{ dbt.type_string() }})
        || ', first answer ' || coalesce(cast(first_response_at as {{ dbt.type_string() }}), 'not yet') as detail
    from inquiries

),

all_changes as (

    select
        member_kind,
        member_key,
        record_kind,
        record_id,
        change_code,
        delivery_date,
        detail
    from case_changes

    union all

    select
        member_kind,
        member_key,
        record_kind,
        record_id,
        change_code,
        delivery_date,
        detail
    from document_changes

    union all

    select
        member_kind,
        member_key,
        record_kind,
        record_id,
        change_code,
        delivery_date,
        detail
    from other_changes

),

reasons as (

    select
        change_code,
        reason_group,
        reason_group_da,
        reason_rank
    from {{ ref('revision_reasons') }}

)

select
    all_changes.member_kind,
    all_changes.member_key,
    all_changes.record_kind,
    all_changes.record_id,
    all_changes.change_code,
    all_changes.delivery_date,
    all_changes.detail,
    reasons.reason_group,
    reasons.reason_group_da,
    reasons.reason_rank
from all_changes
left join reasons
    on all_changes.change_code = reasons.change_code
