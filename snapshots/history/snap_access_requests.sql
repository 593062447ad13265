{#- Every access request (anmodning om aktindsigt) as each delivery showed it: an answer,
    a notice or a corrected date is a new version, dated by the delivery (as-of) date. -#}
{% snapshot snap_access_requests %}

{{ config(
    schema='snapshots',
    unique_key='access_request_id',
    strategy='check',
    check_cols=['unit_id', 'received_date', 'legal_basis', 'answered_date', 'delay_notice_date'],
    hard_deletes='invalidate',
) }}

    select
        access_request_id,
        unit_id,
        received_date,
        legal_basis,
        answered_date,
        delay_notice_date,
        {{ as_of_date() }} as as_of_date
    from {{ ref('stg_aktindsigt__access_requests') }}

{% endsnapshot %}
