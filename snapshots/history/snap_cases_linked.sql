{#- The linked case (sag) as each delivery showed it: replaying the deliveries in date
    order with as_of_date set to each (python -m sagskvalitet history) keeps one version per
    change, dated by the delivery (as-of) date, never the wall clock. A case that leaves
    int_cases_linked under its id (a system A case migrated or linked to system B takes
    the B case_id) is closed by hard_deletes = invalidate. -#}
{% snapshot snap_cases_linked %}

{{ config(
    schema='snapshots',
    unique_key='case_id',
    strategy='check',
    check_cols=[
        'b_case_id', 'legacy_case_id', 'link_method', 'area', 'unit_id', 'received_date',
        'a_received_date', 'b_received_date', 'decided_date', 'decision', 'decision_source',
        'has_decision_conflict', 'b_updated_at'
    ],
    hard_deletes='invalidate',
) }}

    select
        cases.case_id,
        cases.b_case_id,
        cases.legacy_case_id,
        cases.link_method,
        cases.area,
        cases.unit_id,
        cases.received_date,
        a_cases.received_date as a_received_date,
        b_cases.received_date as b_received_date,
        cases.decided_date,
        cases.decision,
        cases.decision_source,
        cases.has_decision_conflict,
        b_cases.updated_at as b_updated_at,
        {{ as_of_date() }} as as_of_date
    from {{ ref('int_cases_linked') }} as cases
    left join {{ ref('stg_sagssystem_a__cases') }} as a_cases
        on cases.legacy_case_id = a_cases.legacy_case_id
    left join {{ ref('stg_sagssystem_b__cases') }} as b_cases
        on cases.b_case_id = b_cases.case_id

{% endsnapshot %}
