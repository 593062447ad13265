-- Every landed row of sager.csv (Sagssystem A), typed, codes looked up, rejects flagged.
{#- Rejected only for what a figure or a link needs (targets.md "Real exports"): a case with
    a missing or invalid CPR is kept (citizen_key null; counted in fct_data_quality_counts);
    a date that is unreadable (two-digit years included), before 1990 or beyond the horizon
    after the delivery date rejects the row (date_validity). -#}
{%- set checks = [
    ["legacy_case_id is null", "missing_id", "sagsid"],
] + required_date_checks('received_issue', 'received_date', 'modtaget')
  + date_reject_checks('decided_issue', 'afgjort') + [
    ["area is null", "unknown_code", "sagsomraade"],
    ["legacy_decision_code is not null and decision is null", "unknown_code", "afgoerelse"],
] %}

with source as (

    select
        {{ landed_columns() }},
        sagsid,
        citizen_key,
        cpr_status,
        sagsomraade,
        enhed,
        modtaget,
        afgjort,
        afgoerelse,
        sagsbehandler
    from {{ source('sagssystem_a', 'sager') }}
    -- incremental: only the rows of landed files not held yet (dbt_project.yml, issue 14)
    {{ landed_rows_not_built(source('sagssystem_a', 'sager')) }}

),

typed as (

    select
        {{ landed_columns_typed() }},
        {{ blank_to_null('sagsid') }} as legacy_case_id,
        citizen_key,
        cpr_status,
        {{ blank_to_null('sagsomraade') }} as legacy_area_code,
        enhed as unit_name_raw,
        {{ fold_text('enhed') }} as unit_name_folded,
        modtaget as modtaget_text,
        {{ parse_date('modtaget', ['%d-%m-%Y']) }} as received_date,
        afgjort as afgjort_text,
        {{ parse_date('afgjort', ['%d-%m-%Y']) }} as decided_date,
        {{ blank_to_null('afgoerelse') }} as legacy_decision_code,
        {{ blank_to_null('sagsbehandler') }} as caseworker_initials
    from source

),

coded as (

    select
        {{ landed_columns('typed') }},
        typed.legacy_case_id,
        typed.citizen_key,
        typed.cpr_status,
        areas.area,
        typed.legacy_area_code,
        coalesce(aliases.unit_id, 'UNKNOWN') as unit_id,
        typed.unit_name_raw,
        typed.received_date,
        typed.afgjort_text,
        typed.decided_date,
        {{ date_validity('typed.modtaget_text', 'typed.received_date', 'typed.delivery_date') }} as received_issue,
        {{ date_validity('typed.afgjort_text', 'typed.decided_date', 'typed.delivery_date') }} as decided_issue,
        decisions.decision,
        typed.legacy_decision_code,
        typed.caseworker_initials
    from typed
    left join {{ ref('case_areas') }} as areas
        on typed.legacy_area_code = areas.legacy_area_code
    left join {{ ref('unit_aliases') }} as aliases
        on typed.unit_name_folded = aliases.alias_folded
    left join {{ ref('decisions') }} as decisions
        on
            decisions.source_system = 'A'
            and typed.legacy_decision_code = decisions.source_code

),

checked as (

    {{ reject_checked('coded', checks) }}

)

select
    {{ landed_row_key('sagssystem_a__sager') }},
    legacy_case_id,
    citizen_key,
    cpr_status,
    area,
    legacy_area_code,
    unit_id,
    unit_name_raw,
    received_date,
    decided_date,
    received_issue,
    decided_issue,
    decision,
    legacy_decision_code,
    caseworker_initials,
    {{ reject_columns() }}
from checked
