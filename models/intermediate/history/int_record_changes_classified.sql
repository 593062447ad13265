-- Every change a delivery brought to a record behind a figure, with the delivery that
-- first showed it: a case's versions (int_case_versions_classified), its documents
-- (registered, date corrected, re-linked, re-sent), complaints, access requests and
-- inquiries (registered, answer or notice registered, date corrected). member_kind and
-- member_key say which figure member the change belongs to (a document belongs to its
-- case), so a revised figure can be explained member by member. Each change carries its
-- reason group and rank from the seed revision_reasons (Danish label beside).
{#- The records other than cases and documents, one entry each: kind, snapshot, id, the
    received date, the answer date (re-assessed, answered, first answer), the delay notice
    (none for inquiries), the words of the detail and the code of a change of nothing a
    figure reads. -#}
{%- set records = [
    {'kind': 'complaint', 'snapshot': 'snap_complaints', 'id': 'complaint_id',
     'received': 'received_date', 'answer': 'reassessed_date', 'notice': 'delay_notice_date',
     'label': 'complaint received', 'answer_label': 're-assessed', 'otherwise': 'record_updated'},
    {'kind': 'access_request', 'snapshot': 'snap_access_requests', 'id': 'access_request_id',
     'received': 'received_date', 'answer': 'answered_date', 'notice': 'delay_notice_date',
     'label': 'access request received', 'answer_label': 'answered', 'otherwise': 'record_updated'},
    {'kind': 'inquiry', 'snapshot': 'snap_inquiries', 'id': 'inquiry_id',
     'received': 'received_at', 'answer': 'first_response_at', 'notice': none,
     'label': 'inquiry received', 'answer_label': 'first answer', 'otherwise': 'record_resent'},
] %}
{%- set change_columns = [
    'member_kind', 'member_key', 'record_kind', 'record_id', 'change_code', 'delivery_date', 'detail'
] %}

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

{% for record in records %}
    {{ record.kind }}_versions as (

        select
            {{ record.id }} as record_id,
            {{ record.received }} as received,
            {{ record.answer }} as answer,
            {%- if record.notice %}
                {{ record.notice }} as notice,
            {%- endif %}
            cast(dbt_valid_from as date) as delivery_date,
            lag({{ record.received }}) over (partition by {{ record.id }} order by dbt_valid_from) as previous_received,
            lag({{ record.answer }}) over (partition by {{ record.id }} order by dbt_valid_from) as previous_answer,
            {%- if record.notice %}
                lag({{ record.notice }}) over (partition by {{ record.id }} order by dbt_valid_from) as previous_notice,
            {%- endif %}
            row_number() over (partition by {{ record.id }} order by dbt_valid_from) as version_number
        from {{ ref(record.snapshot) }}

    ),
{% endfor %}

other_changes as (
    {% for record in records %}
        select
            '{{ record.kind }}' as member_kind,
            record_id as member_key,
            '{{ record.kind }}' as record_kind,
            record_id,
            case
                when version_number = 1 then 'record_registered'
                when previous_received <> received then 'date_corrected'
                when previous_answer <> answer then 'date_corrected'
                when previous_answer is null and answer is not null then 'answer_registered'
                {%- if record.notice %}
                    when previous_notice is null and notice is not null then 'notice_registered'
                {%- endif %}
                else '{{ record.otherwise }}'
            end as change_code,
            delivery_date,
            '{{ record.label }} ' || cast(received as {{ dbt.type_string() }})
            || ', {{ record.answer_label }} ' || coalesce(cast(answer as {{ dbt.type_string() }}), 'not yet')
            {%- if record.notice %}
                || ', notice ' || coalesce(cast(notice as {{ dbt.type_string() }}), 'none')
            {%- endif %} as detail
        from {{ record.kind }}_versions
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

all_changes as (
    {% for changes in ['case_changes', 'document_changes', 'other_changes'] %}
        select {{ change_columns | join(', ') }}
        from {{ changes }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
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
