{#- Every complaint (klage) as each delivery showed it: a re-assessment, a notice or a
    corrected date is a new version, dated by the delivery (as-of) date. -#}
{% snapshot snap_complaints %}

{{ config(
    schema='snapshots',
    unique_key='complaint_id',
    strategy='check',
    check_cols=[
        'case_reference', 'unit_id', 'received_date', 'complaint_type', 'reassessed_date',
        'delay_notice_date', 'forwarded_date', 'external_decided_date', 'external_outcome'
    ],
    hard_deletes='invalidate',
) }}

    select
        complaint_id,
        case_reference,
        unit_id,
        received_date,
        complaint_type,
        reassessed_date,
        delay_notice_date,
        forwarded_date,
        external_decided_date,
        external_outcome,
        {{ as_of_date() }} as as_of_date
    from {{ ref('stg_klageregister__complaints') }}

{% endsnapshot %}
