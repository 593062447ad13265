-- Every landed row of klager.csv (klageregister), typed, codes looked up, rejects flagged.
{#- A date a figure needs that is unreadable (two-digit years included), before 1990 or
    beyond the horizon after the delivery date rejects the row (date_validity). -#}
{%- set checks = [
    ["complaint_id is null", "missing_id", "klagenr"],
] + required_date_checks('received_issue', 'received_date', 'modtaget')
  + date_reject_checks('reassessed_issue', 'genvurderet')
  + date_reject_checks('delay_notice_issue', 'underretningsendt')
  + date_reject_checks('forwarded_issue', 'videresendt')
  + date_reject_checks('external_decided_issue', 'eksterntafgjort') + [
    ["complaint_type is null", "unknown_code", "klagetype"],
    ["external_outcome_code is not null and external_outcome is null", "unknown_code", "eksterntudfald"],
] %}

with source as (

    select
        {{ landed_columns() }},
        klagenr,
        sagsnummer,
        enhed,
        modtaget,
        klagetype,
        genvurderet,
        underretningsendt,
        videresendt,
        eksterntafgjort,
        eksterntudfald
    from {{ source('klageregister', 'klager') }}
    -- incremental: only the rows of landed files not held yet (dbt_project.yml, issue 14)
    {{ landed_rows_not_built(source('klageregister', 'klager')) }}

),

typed as (

    select
        {{ landed_columns_typed() }},
        {{ blank_to_null('klagenr') }} as complaint_id,
        {{ blank_to_null('sagsnummer') }} as case_reference,
        enhed as unit_name_raw,
        {{ fold_text('enhed') }} as unit_name_folded,
        modtaget as modtaget_text,
        {{ parse_date('modtaget', ['%d-%m-%Y']) }} as received_date,
        {{ blank_to_null('klagetype') }} as complaint_type_code,
        genvurderet as genvurderet_text,
        {{ parse_date('genvurderet', ['%d-%m-%Y']) }} as reassessed_date,
        underretningsendt as underretning_text,
        {{ parse_date('underretningsendt', ['%d-%m-%Y']) }} as delay_notice_date,
        videresendt as videresendt_text,
        {{ parse_date('videresendt', ['%d-%m-%Y']) }} as forwarded_date,
        eksterntafgjort as eksterntafgjort_text,
        {{ parse_date('eksterntafgjort', ['%d-%m-%Y']) }} as external_decided_date,
        {{ blank_to_null('eksterntudfald') }} as external_outcome_code
    from source

),

coded as (

    select
        {{ landed_columns('typed') }},
        typed.complaint_id,
        typed.case_reference,
        coalesce(aliases.unit_id, 'UNKNOWN') as unit_id,
        typed.unit_name_raw,
        typed.received_date,
        complaint_types.complaint_type,
        typed.complaint_type_code,
        typed.genvurderet_text,
        typed.reassessed_date,
        typed.underretning_text,
        typed.delay_notice_date,
        typed.videresendt_text,
        typed.forwarded_date,
        typed.eksterntafgjort_text,
        typed.external_decided_date,
        outcomes.external_outcome,
        typed.external_outcome_code,
        {{ date_validity('typed.modtaget_text', 'typed.received_date', 'typed.delivery_date') }} as received_issue,
        {{ date_validity('typed.genvurderet_text', 'typed.reassessed_date', 'typed.delivery_date') }} as reassessed_issue,
        {{ date_validity('typed.underretning_text', 'typed.delay_notice_date', 'typed.delivery_date') }}
            as delay_notice_issue,
        {{ date_validity('typed.videresendt_text', 'typed.forwarded_date', 'typed.delivery_date') }} as forwarded_issue,
        {{ date_validity('typed.eksterntafgjort_text', 'typed.external_decided_date', 'typed.delivery_date') }}
            as external_decided_issue
    from typed
    left join {{ ref('unit_aliases') }} as aliases
        on typed.unit_name_folded = aliases.alias_folded
    left join {{ ref('complaint_types') }} as complaint_types
        on typed.complaint_type_code = complaint_types.source_code
    left join {{ ref('external_outcomes') }} as outcomes
        on typed.external_outcome_code = outcomes.source_code

),

checked as (

    {{ reject_checked('coded', checks) }}

)

select
    {{ landed_row_key('klageregister__klager') }},
    complaint_id,
    case_reference,
    unit_id,
    unit_name_raw,
    received_date,
    complaint_type,
    complaint_type_code,
    reassessed_date,
    delay_notice_date,
    forwarded_date,
    external_decided_date,
    external_outcome,
    external_outcome_code,
    {{ reject_columns() }}
from checked
