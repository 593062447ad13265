-- Every landed row of anmodninger.csv (aktindsigt), typed, codes looked up, rejects flagged.
{#- A date a figure needs that is unreadable (two-digit years included), before 1990 or
    beyond the horizon after the delivery date rejects the row (date_validity). -#}
{%- set checks = [
    ["access_request_id is null", "missing_id", "anmodningid"],
] + required_date_checks('received_issue', 'received_date', 'modtaget')
  + date_reject_checks('answered_issue', 'besvaret')
  + date_reject_checks('delay_notice_issue', 'underretningsendt') + [
    ["legal_basis is null", "unknown_code", "lovgrundlag"],
] %}

with source as (

    select
        {{ landed_columns() }},
        anmodningid,
        enhed,
        modtaget,
        lovgrundlag,
        besvaret,
        underretningsendt
    from {{ source('aktindsigt', 'anmodninger') }}
    -- incremental: only the rows of landed files not held yet (dbt_project.yml, issue 14)
    {{ landed_rows_not_built(source('aktindsigt', 'anmodninger')) }}

),

typed as (

    select
        {{ landed_columns_typed() }},
        {{ blank_to_null('anmodningid') }} as access_request_id,
        enhed as unit_name_raw,
        {{ fold_text('enhed') }} as unit_name_folded,
        modtaget as modtaget_text,
        {{ parse_date('modtaget', ['%Y-%m-%d']) }} as received_date,
        {{ blank_to_null('lovgrundlag') }} as legal_basis_code,
        besvaret as besvaret_text,
        {{ parse_date('besvaret', ['%Y-%m-%d']) }} as answered_date,
        underretningsendt as underretning_text,
        {{ parse_date('underretningsendt', ['%Y-%m-%d']) }} as delay_notice_date
    from source

),

coded as (

    select
        {{ landed_columns('typed') }},
        typed.access_request_id,
        coalesce(aliases.unit_id, 'UNKNOWN') as unit_id,
        typed.unit_name_raw,
        typed.received_date,
        bases.legal_basis,
        typed.besvaret_text,
        typed.answered_date,
        typed.underretning_text,
        typed.delay_notice_date,
        {{ date_validity('typed.modtaget_text', 'typed.received_date', 'typed.delivery_date') }} as received_issue,
        {{ date_validity('typed.besvaret_text', 'typed.answered_date', 'typed.delivery_date') }} as answered_issue,
        {{ date_validity('typed.underretning_text', 'typed.delay_notice_date', 'typed.delivery_date') }}
            as delay_notice_issue
    from typed
    left join {{ ref('unit_aliases') }} as aliases
        on typed.unit_name_folded = aliases.alias_folded
    left join {{ ref('access_request_legal_bases') }} as bases
        on typed.legal_basis_code = bases.legal_basis

),

checked as (

    {{ reject_checked('coded', checks) }}

)

select
    {{ landed_row_key('aktindsigt__anmodninger') }},
    access_request_id,
    unit_id,
    unit_name_raw,
    received_date,
    legal_basis,
    answered_date,
    delay_notice_date,
    {{ reject_columns() }}
from checked
