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

paired as (

    -- the two systems' records of each real case; a decision dated after as-of does not
    -- exist yet in that system
    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        b_citizen_key,
        b_area,
        b_unit_id,
        b_received_date,
        case when b_decided_date <= {{ as_of_date() }} then b_decided_date end as b_decided_date,
        case when b_decided_date is null or b_decided_date <= {{ as_of_date() }} then b_decision end as b_decision,
        a_citizen_key,
        a_area,
        a_unit_id,
        a_received_date,
        case when a_decided_date <= {{ as_of_date() }} then a_decided_date end as a_decided_date,
        case when a_decided_date is null or a_decided_date <= {{ as_of_date() }} then a_decision end as a_decision
    from {{ ref('int_case_records_paired') }}

),

standing as (

    select
        paired.case_id,
        paired.b_case_id,
        paired.legacy_case_id,
        paired.link_method,
        paired.b_citizen_key,
        paired.b_area,
        paired.b_unit_id,
        paired.b_received_date,
        paired.b_decided_date,
        paired.b_decision,
        paired.a_citizen_key,
        paired.a_area,
        paired.a_unit_id,
        paired.a_received_date,
        paired.a_decided_date,
        paired.a_decision,
        case
            when paired.legacy_case_id is null then true
            when paired.b_case_id is null then false
            -- a decision beats a withdrawal (or nothing)
            when coalesce(b_kinds.is_decision, false) and not coalesce(a_kinds.is_decision, false) then true
            when coalesce(a_kinds.is_decision, false) and not coalesce(b_kinds.is_decision, false) then false
            -- two decisions (the same kind or not): the later date; equal dates: system B
            when b_kinds.is_decision and a_kinds.is_decision
                then coalesce(paired.b_decided_date >= paired.a_decided_date, paired.b_decided_date is not null)
            -- no decision on either side: B's withdrawal when it has one, else A's
            else paired.b_decision is not null or paired.a_decision is null
        end as is_b_decision_standing
    from paired
    left join decision_kinds as b_kinds
        on paired.b_decision = b_kinds.decision
    left join decision_kinds as a_kinds
        on paired.a_decision = a_kinds.decision

),

all_cases as (

    -- a linked case is known by its B id and takes citizen, area and unit from B;
    -- received is the earliest of the two
    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        case when b_case_id is not null then b_citizen_key else a_citizen_key end as citizen_key,
        case when b_case_id is not null then b_area else a_area end as area,
        case when b_case_id is not null then b_unit_id else a_unit_id end as unit_id,
        case
            when b_received_date is null or a_received_date < b_received_date then a_received_date
            else b_received_date
        end as received_date,
        case when is_b_decision_standing then b_decided_date else a_decided_date end as decided_date,
        case when is_b_decision_standing then b_decision else a_decision end as decision,
        case
            when is_b_decision_standing and b_decision is not null then 'system_b'
            when not is_b_decision_standing and a_decision is not null then 'system_a'
        end as decision_source,
        coalesce(
            b_decision is not null
            and a_decision is not null
            and b_decision <> a_decision,
            false
        ) as has_decision_conflict,
        b_decision,
        b_decided_date,
        a_decision,
        a_decided_date
    from standing

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
