-- Each version of a linked case classified by what changed since the version before
-- (sagens historik): when it appeared in which system, when its decision first appeared,
-- each later change, and the migration from system A to B on var migration_date
-- (exports.md: open legacy cases moved 2010-07-01). valid_from_date is the delivery that
-- first showed the version (never the wall clock).
with versions as (

    select * from {{ ref('int_case_versions_compared') }}

),

classified as (

    select
        *,
        case
            when version_number = 1 and systems = 'A+B' then 'appeared_in_a_and_b'
            when version_number = 1 and systems = 'B' then 'appeared_in_b'
            when version_number = 1 then 'appeared_in_a'
            when
                previous_systems = 'A'
                and systems <> 'A'
                and previous_decided_date is null
                and a_received_date < cast('{{ var("migration_date") }}' as date)
                and valid_from_date >= cast('{{ var("migration_date") }}' as date)
                then 'migrated_to_b'
            when previous_systems = 'A' and systems <> 'A' then 'registered_in_b'
            when previous_systems = 'B' and systems <> 'B' then 'linked_to_system_a'
            when previous_case_id <> case_id then 'relinked'
            when previous_decision is null and decision is not null then 'decision_registered'
            when previous_decision <> decision then 'decision_changed'
            when previous_decision is not null and decision is null then 'decision_removed'
            when previous_decided_date <> decided_date then 'decided_date_corrected'
            when previous_received_date <> received_date then 'received_date_corrected'
            when previous_unit_id <> unit_id then 'unit_changed'
            when previous_area <> area then 'area_changed'
            else 'record_updated'
        end as change_kind,
        concat_ws(
            ', ',
            case when previous_case_id <> case_id then 'case id ' || previous_case_id || ' -> ' || case_id end,
            case
                when previous_systems <> systems then 'systems ' || previous_systems || ' -> ' || systems
            end,
            case
                when coalesce(previous_decision, '-') <> coalesce(decision, '-') and version_number > 1
                    then 'decision ' || coalesce(previous_decision, 'none') || ' -> ' || coalesce(decision, 'none')
            end,
            case
                when
                    coalesce(previous_decided_date, date '1900-01-01') <> coalesce(decided_date, date '1900-01-01')
                    and version_number > 1
                    then
                        'decided ' || coalesce(cast(previous_decided_date as {{ dbt.type_string() }}), 'none')
                        || ' -> ' || coalesce(cast(decided_date as {{ dbt.type_string() }}), 'none')
            end,
            case
                when previous_received_date <> received_date
                    then
                        'received ' || cast(previous_received_date as {{ dbt.type_string() }})
                        || ' -> ' || cast(received_date as {{ dbt.type_string() }})
            end,
            case when previous_unit_id <> unit_id then 'unit ' || previous_unit_id || ' -> ' || unit_id end,
            case when previous_area <> area then 'area ' || previous_area || ' -> ' || area end,
            case when is_removed then 'no longer in the extract' end
        ) as changes
    from versions

)

select
    case_key,
    version_number,
    version_count,
    case_id,
    b_case_id,
    legacy_case_id,
    systems,
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
    valid_from_date,
    valid_to_date,
    is_current,
    is_removed,
    change_kind,
    nullif(changes, '') as changes,
    case
        when change_kind = 'migrated_to_b' then cast('{{ var("migration_date") }}' as date)
        when change_kind = 'appeared_in_a' then a_received_date
        when change_kind in ('appeared_in_b', 'appeared_in_a_and_b') then received_date
        when change_kind = 'registered_in_b' then b_received_date
        when change_kind in ('decision_registered', 'decision_changed', 'decided_date_corrected') then decided_date
    end as changed_on_date
from classified
