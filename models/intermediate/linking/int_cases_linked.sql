-- One row per real case (sag) across system A and system B. A linked case is known by
-- its system B case_id and takes area and unit from system B; received is the earliest
-- of the two; decision and decided date come together from system B when it has a
-- decision, else from system A (exports.md "The same case in two systems").
with a_cases as (

    select
        legacy_case_id,
        citizen_key,
        area,
        unit_id,
        received_date,
        decided_date,
        decision
    from {{ ref('stg_sagssystem_a__cases') }}

),

b_cases as (

    select
        case_id,
        citizen_key,
        area,
        unit_id,
        received_date,
        decided_date,
        decision
    from {{ ref('stg_sagssystem_b__cases') }}

),

links as (

    select
        b_case_id,
        legacy_case_id,
        link_method
    from {{ ref('int_case_links') }}

),

b_side as (

    select
        b_cases.case_id,
        b_cases.case_id as b_case_id,
        a_cases.legacy_case_id,
        coalesce(links.link_method, 'system_b_only') as link_method,
        b_cases.citizen_key,
        b_cases.area,
        b_cases.unit_id,
        case
            when a_cases.received_date < b_cases.received_date then a_cases.received_date
            else b_cases.received_date
        end as received_date,
        case
            when b_cases.decision is not null then b_cases.decided_date
            when a_cases.decision is not null then a_cases.decided_date
            else b_cases.decided_date
        end as decided_date,
        coalesce(b_cases.decision, a_cases.decision) as decision,
        case
            when b_cases.decision is not null then 'system_b'
            when a_cases.decision is not null then 'system_a'
        end as decision_source,
        coalesce(
            b_cases.decision is not null
            and a_cases.decision is not null
            and b_cases.decision <> a_cases.decision,
            false
        ) as has_decision_conflict
    from b_cases
    left join links
        on b_cases.case_id = links.b_case_id
    left join a_cases
        on links.legacy_case_id = a_cases.legacy_case_id

),

a_only as (

    select
        a_cases.legacy_case_id as case_id,
        cast(null as {{ dbt.type_string() }}) as b_case_id,
        a_cases.legacy_case_id,
        'system_a_only' as link_method,
        a_cases.citizen_key,
        a_cases.area,
        a_cases.unit_id,
        a_cases.received_date,
        a_cases.decided_date,
        a_cases.decision,
        case when a_cases.decision is not null then 'system_a' end as decision_source,
        false as has_decision_conflict
    from a_cases
    where not exists (
        select 1
        from links
        where links.legacy_case_id = a_cases.legacy_case_id
    )

),

all_cases as (

    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        citizen_key,
        area,
        unit_id,
        received_date,
        decided_date,
        decision,
        decision_source,
        has_decision_conflict
    from b_side

    union all

    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        citizen_key,
        area,
        unit_id,
        received_date,
        decided_date,
        decision,
        decision_source,
        has_decision_conflict
    from a_only

),

decision_kinds as (

    -- canonical decision -> whether it counts as a decision (henlagt does not)
    select
        decision,
        is_decision
    from {{ ref('decisions') }}
    where source_system = 'B'

)

select
    all_cases.case_id,
    all_cases.b_case_id,
    all_cases.legacy_case_id,
    all_cases.link_method,
    all_cases.citizen_key,
    all_cases.area,
    all_cases.unit_id,
    all_cases.received_date,
    all_cases.decided_date,
    all_cases.decision,
    all_cases.decision_source,
    all_cases.has_decision_conflict,
    areas.is_work_capacity_area,
    coalesce(all_cases.decided_date is not null and decision_kinds.is_decision, false) as is_decision,
    coalesce(all_cases.decided_date <= {{ as_of_date() }}, false) as is_closed_as_of
from all_cases
left join {{ ref('case_areas') }} as areas
    on all_cases.area = areas.area
left join decision_kinds
    on all_cases.decision = decision_kinds.decision
