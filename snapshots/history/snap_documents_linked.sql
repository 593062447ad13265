{#- Every ESDH document (dokument) as each delivery showed it: a corrected document date,
    a re-sent record or a new link to a case is a new version, dated by the delivery
    (as-of) date, never the wall clock. -#}
{% snapshot snap_documents_linked %}

{{ config(
    schema='snapshots',
    unique_key='document_id',
    strategy='check',
    check_cols=[
        'case_id', 'document_link_method', 'document_date', 'registered_at', 'title_folded',
        'citizen_participated', 'delivery_date'
    ],
    hard_deletes='invalidate',
) }}

    select
        document_id,
        case_id,
        document_link_method,
        document_date,
        registered_at,
        title_folded,
        citizen_participated,
        is_resource_profile,
        is_final_resource_profile,
        is_work_capacity_assessment,
        is_citizen_meeting,
        is_delay_notice,
        is_flexjob_guidance,
        is_hearing,
        delivery_date,
        {{ as_of_date() }} as as_of_date
    from {{ ref('int_documents_linked') }}

{% endsnapshot %}
