-- One row per real case (sag) across system A and system B. A linked case is known by
-- its system B case_id and takes area and unit from system B; received is the earliest of
-- the two (exports.md "The same case in two systems"). Decision and decided date come
-- together from one system (targets.md "Real exports", read as written): a decision
-- (granted, refused, recommended) beats a withdrawal or no decision in the other system;
-- between two decisions, the same kind or not, the later decision date stands (the
-- decision the citizen got last); equal dates: system B's. Without any decision, B's
-- withdrawal, else A's. A decision dated after as-of does not exist yet as of as-of: the
-- system holds no decision then, and the case is open.
with decision_kinds as (

    -- canonical decision -> whether it counts as a decision (henlagt does not)
    select
        decision,
        is_decision
    from {{ ref('decisions') }}
    where source_system = 'B'

),

a_cases as (

    select
        a_staged.legacy_case_id,
        a_staged.citizen_key,
        a_staged.area,
        a_staged.unit_id,
        a_staged.received_date,
        case when a_staged.decided_date <= {{ as_of_date() }} then a_staged.decided_date end as decided_date,
        case
            when a_staged.decided_date is null or a_staged.decided_date <= {{ as_of_date() }}
                then a_staged.decision
        end as decision,
        case
            when a_staged.decided_date is null or a_staged.decided_date <= {{ as_of_date() }}
                then coalesce(a_kinds.is_decision, false)
            else false
        end as is_decision_kind
    from {{ ref('stg_sagssystem_a__cases') }} as a_staged
    left join decision_kinds as a_kinds
        on a_staged.decision = a_kinds.decision

),

b_cases as (

    select
        b_staged.case_id,
        b_staged.citizen_key,
        b_staged.area,
        b_staged.unit_id,
        b_staged.received_date,
        case when b_staged.decided_date <= {{ as_of_date() }} then b_staged.decided_date end as decided_date,
        case
            when b_staged.decided_date is null or b_staged.decided_date <= {{ as_of_date() }}
                then b_staged.decision
        end as decision,
        case
            when b_staged.decided_date is null or b_staged.decided_date <= {{ as_of_date() }}
                then coalesce(b_kinds.is_decision, false)
            else false
        end as is_decision_kind
    from {{ ref('stg_sagssystem_b__cases') }} as b_staged
    left join decision_kinds as b_kinds
        on b_staged.decision = b_kinds.decision

),

links as (

    select
        b_case_id,
        legacy_case_id,
        link_method
    from {{ ref('int_case_links') }}

),

b_paired as (

    select
        b_cases.case_id,
        links.link_method,
        a_cases.legacy_case_id,
        b_cases.citizen_key,
        b_cases.area,
        b_cases.unit_id,
        b_cases.received_date as b_received_date,
        a_cases.received_date as a_received_date,
        b_cases.decision as b_decision,
        b_cases.decided_date as b_decided_date,
        a_cases.decision as a_decision,
        a_cases.decided_date as a_decided_date,
        case
            when a_cases.legacy_case_id is null then true
            -- a decision beats a withdrawal (or nothing)
            when b_cases.is_decision_kind and not a_cases.is_decision_kind then true
            when a_cases.is_decision_kind and not b_cases.is_decision_kind then false
            -- two decisions (the same kind or not): the later date; equal dates: system B
            when b_cases.is_decision_kind and a_cases.is_decision_kind
                then coalesce(b_cases.decided_date >= a_cases.decided_date, b_cases.decided_date is not null)
            -- no decision on either side: B's withdrawal when it has one, else A's
            else b_cases.decision is not null or a_cases.decision is null
        end as is_b_decision_standing
    from b_cases
    left join links
        on b_cases.case_id = links.b_case_id
    left join a_cases
        on links.legacy_case_id = a_cases.legacy_case_id

),

b_side as (

    select
        b_paired.case_id,
        b_paired.case_id as b_case_id,
        b_paired.legacy_case_id,
        coalesce(b_paired.link_method, 'system_b_only') as link_method,
        b_paired.citizen_key,
        b_paired.area,
        b_paired.unit_id,
        case
            when b_paired.a_received_date < b_paired.b_received_date then b_paired.a_received_date
            else b_paired.b_received_date
        end as received_date,
        case when b_paired.is_b_decision_standing then b_paired.b_decided_date else b_paired.a_decided_date end
            as decided_date,
        case when b_paired.is_b_decision_standing then b_paired.b_decision else b_paired.a_decision end
            as decision,
        case
            when b_paired.is_b_decision_standing and b_paired.b_decision is not null then 'system_b'
            when not b_paired.is_b_decision_standing and b_paired.a_decision is not null then 'system_a'
        end as decision_source,
        coalesce(
            b_paired.b_decision is not null
            and b_paired.a_decision is not null
            and b_paired.b_decision <> b_paired.a_decision,
            false
        ) as has_decision_conflict,
        b_paired.b_decision,
        b_paired.b_decided_date,
        b_paired.a_decision,
        b_paired.a_decided_date
    from b_paired

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
        false as has_decision_conflict,
        cast(null as {{ dbt.type_string() }}) as b_decision,
        cast(null as date) as b_decided_date,
        a_cases.decision as a_decision,
        a_cases.decided_date as a_decided_date
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
        has_decision_conflict,
        b_decision,
        b_decided_date,
        a_decision,
        a_decided_date
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
        has_decision_conflict,
        b_decision,
        b_decided_date,
        a_decision,
        a_decided_date
    from a_only

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
    all_cases.b_decision,
    all_cases.b_decided_date,
    all_cases.a_decision,
    all_cases.a_decided_date,
    areas.is_work_capacity_area,
    coalesce(all_cases.decided_date is not null and decision_kinds.is_decision, false) as is_decision,
    coalesce(all_cases.decided_date <= {{ as_of_date() }}, false) as is_closed_as_of
from all_cases
left join {{ ref('case_areas') }} as areas
    on all_cases.area = areas.area
left join decision_kinds
    on all_cases.decision = decision_kinds.decision
