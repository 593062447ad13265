-- Every landed row of sager.csv (Sagssystem A), typed, codes looked up, rejects flagged.
{%- set checks = [
    ["legacy_case_id is null", "missing_id", "sagsid"],
    ["cpr_status <> 'ok' or cpr_status is null", "invalid_cpr", "cpr"],
    ["received_date is null", "invalid_date", "modtaget"],
    ["afgjort_text is not null and decided_date is null", "invalid_date", "afgjort"],
    ["area is null", "unknown_code", "sagsomraade"],
    ["legacy_decision_code is not null and decision is null", "unknown_code", "afgoerelse"],
] %}

with source as (

    select
        delivery_date,
        source_file,
        row_number,
        raw_record,
        landing_error,
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

),

typed as (

    select
        cast(delivery_date as date) as delivery_date,
        source_file,
        cast(row_number as {{ dbt.type_int() }}) as row_number,
        raw_record,
        landing_error,
        {{ blank_to_null('sagsid') }} as legacy_case_id,
        citizen_key,
        cpr_status,
        {{ blank_to_null('sagsomraade') }} as legacy_area_code,
        enhed as unit_name_raw,
        {{ fold_text('enhed') }} as unit_name_folded,
        {{ parse_date('modtaget', ['%d-%m-%Y']) }} as received_date,
        {{ blank_to_null('afgjort') }} as afgjort_text,
        {{ parse_date('afgjort', ['%d-%m-%Y']) }} as decided_date,
        {{ blank_to_null('afgoerelse') }} as legacy_decision_code,
        {{ blank_to_null('sagsbehandler') }} as caseworker_initials
    from source

),

coded as (

    select
        typed.delivery_date,
        typed.source_file,
        typed.row_number,
        typed.raw_record,
        typed.landing_error,
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

    select
        coded.*,
        {{ reject_code(checks) }} as reject_code,
        {{ reject_column(checks) }} as reject_column
    from coded

)

select
    'sagssystem_a__sager' as file_key,
    delivery_date,
    source_file,
    row_number,
    raw_record,
    legacy_case_id,
    citizen_key,
    cpr_status,
    area,
    legacy_area_code,
    unit_id,
    unit_name_raw,
    received_date,
    decided_date,
    decision,
    legacy_decision_code,
    caseworker_initials,
    reject_code,
    reject_column,
    {{ reject_reason('reject_code', 'reject_column') }} as reject_reason
from checked
