{#- Every inquiry (henvendelse) as each delivery showed it: a first answer registered
    later (the inquiry re-sent in the incremental file) is a new version, dated by the
    delivery (as-of) date. -#}
{% snapshot snap_inquiries %}

{{ config(
    schema='snapshots',
    unique_key='inquiry_id',
    strategy='check',
    check_cols=['unit_id', 'channel', 'received_at', 'first_response_at', 'delivery_date'],
    hard_deletes='invalidate',
) }}

    select
        inquiry_id,
        unit_id,
        channel,
        received_at,
        first_response_at,
        delivery_date,
        {{ as_of_date() }} as as_of_date
    from {{ ref('stg_henvendelser__inquiries') }}

{% endsnapshot %}
