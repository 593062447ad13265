-- Every version of every linked case (sag) across the replayed deliveries, keyed by the
-- real case: a system A case that was migrated or linked to a system B case changes its
-- case_id to the B case's, so versions are grouped by case_key (the B case_id when the
-- case was ever linked to one, else the SagsID). Each version sits beside the one before.
with versions as (

    select
        case_id,
        b_case_id,
        legacy_case_id,
        link_method,
        area,
        unit_id,
        received_date,
        a_received_date,
        b_received_date,
        decided_date,
        decision,
        decision_source,
        has_decision_conflict,
        b_updated_at,
        cast(dbt_valid_from as date) as valid_from_date,
        cast(dbt_valid_to as date) as valid_to_date
    from {{ ref('snap_cases_linked') }}

),

links_ranked as (

    select
        legacy_case_id,
        b_case_id,
        row_number() over (
            partition by legacy_case_id
            order by valid_from_date desc, b_case_id asc
        ) as link_rank
    from versions
    where
        legacy_case_id is not null
        and b_case_id is not null

),

keyed as (

    select
        coalesce(versions.b_case_id, links_ranked.b_case_id, versions.legacy_case_id) as case_key,
        versions.case_id,
        versions.b_case_id,
        versions.legacy_case_id,
        versions.link_method,
        case
            when versions.b_case_id is not null and versions.legacy_case_id is not null then 'A+B'
            when versions.b_case_id is not null then 'B'
            else 'A'
        end as systems,
        versions.area,
        versions.unit_id,
        versions.received_date,
        versions.a_received_date,
        versions.b_received_date,
        versions.decided_date,
        versions.decision,
        versions.decision_source,
        versions.has_decision_conflict,
        versions.b_updated_at,
        versions.valid_from_date,
        versions.valid_to_date
    from versions
    left join links_ranked
        on
            versions.legacy_case_id = links_ranked.legacy_case_id
            and links_ranked.link_rank = 1

),

ordered as (

    select
        *,
        row_number() over (
            partition by case_key
            order by valid_from_date, case_id
        ) as version_number,
        lag(case_id) over (partition by case_key order by valid_from_date, case_id) as previous_case_id,
        lag(systems) over (partition by case_key order by valid_from_date, case_id) as previous_systems,
        lag(area) over (partition by case_key order by valid_from_date, case_id) as previous_area,
        lag(unit_id) over (partition by case_key order by valid_from_date, case_id) as previous_unit_id,
        lag(received_date) over (
            partition by case_key order by valid_from_date, case_id
        ) as previous_received_date,
        lag(decided_date) over (
            partition by case_key order by valid_from_date, case_id
        ) as previous_decided_date,
        lag(decision) over (partition by case_key order by valid_from_date, case_id) as previous_decision,
        max(valid_from_date) over (partition by case_key) as last_valid_from_date,
        count(*) over (partition by case_key) as version_count
    from keyed

)

select
    case_key,
    version_number,
    version_count,
    case_id,
    b_case_id,
    legacy_case_id,
    link_method,
    systems,
    area,
    unit_id,
    received_date,
    a_received_date,
    b_received_date,
    decided_date,
    decision,
    decision_source,
    has_decision_conflict,
    b_updated_at,
    valid_from_date,
    valid_to_date,
    valid_to_date is null as is_current,
    valid_to_date is not null and valid_from_date = last_valid_from_date as is_removed,
    previous_case_id,
    previous_systems,
    previous_area,
    previous_unit_id,
    previous_received_date,
    previous_decided_date,
    previous_decision
from ordered
