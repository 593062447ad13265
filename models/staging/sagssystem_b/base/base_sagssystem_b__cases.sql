-- Every landed row of cases.jsonl (Sagssystem B), typed, codes looked up, rejects flagged.
-- Unknown extra JSON keys are listed by landing in extra_keys and ignored here.
{#- Rejected only for what a figure or a link needs (targets.md "Real exports"): a case with
    a missing or invalid CPR is kept (citizen_key null); a unit_id no seed knows (`U-999`)
    is unit UNKNOWN; an unreadable updated_at (read by no figure) is null; each is counted
    in fct_data_quality_counts. A received or decided date that is unreadable (two-digit
    years included), before 1990 or beyond the horizon rejects the row (date_validity). -#}
{%- set checks = [
    ["case_id is null", "missing_id", "case_id"],
] + required_date_checks('received_issue', 'received_date', 'received')
  + date_reject_checks('decided_issue', 'decided') + [
    ["area is null", "unknown_code", "area"],
    ["decision_code is not null and decision is null", "unknown_code", "decision"],
] %}

with source as (

    select
        {{ landed_columns() }},
        case_id,
        citizen_key,
        cpr_status,
        area,
        unit_id,
        received,
        decided,
        decision,
        legacy_ref,
        updated_at
    from {{ source('sagssystem_b', 'cases') }}
    -- incremental: only the rows of landed files not held yet (dbt_project.yml, issue 14)
    {{ landed_rows_not_built(source('sagssystem_b', 'cases')) }}

),

parsed as (

    select
        {{ landed_columns_typed() }},
        {{ blank_to_null('case_id') }} as case_id,
        citizen_key,
        cpr_status,
        {{ blank_to_null('area') }} as area_code,
        {{ blank_to_null('unit_id') }} as unit_id_code,
        received as received_text,
        {{ parse_date('received', ['%Y-%m-%d']) }} as received_date,
        decided as decided_text,
        {{ parse_date('decided', ['%Y-%m-%d']) }} as decided_date,
        {{ blank_to_null('decision') }} as decision_code,
        legacy_ref as legacy_ref_raw,
        -- legacy_ref normalised: all white space removed, upper-cased (exports.md)
        nullif(upper({{ remove_whitespace('legacy_ref') }}), '') as legacy_ref,
        updated_at as updated_at_text,
        {{ parse_timestamp_tz('updated_at') }} as updated_at
    from source

),

typed as (

    -- updated_at's local day once: its two date checks below each cast it again otherwise,
    -- and a time-zone conversion per row is the costliest cast of the model (issue 14)
    select
        parsed.*,
        cast(parsed.updated_at as date) as updated_on
    from parsed

),

coded as (

    select
        {{ landed_columns('typed') }},
        typed.case_id,
        typed.citizen_key,
        typed.cpr_status,
        areas.area,
        typed.area_code,
        coalesce(units.unit_id, 'UNKNOWN') as unit_id,
        typed.unit_id_code,
        typed.received_date,
        typed.decided_text,
        typed.decided_date,
        {{ date_validity('typed.received_text', 'typed.received_date', 'typed.delivery_date') }} as received_issue,
        {{ date_validity('typed.decided_text', 'typed.decided_date', 'typed.delivery_date') }} as decided_issue,
        {{ date_validity('typed.updated_at_text', 'typed.updated_on', 'typed.delivery_date', 'invalid_timestamp') }}
            as updated_at_issue,
        decisions.decision,
        typed.decision_code,
        typed.legacy_ref_raw,
        typed.legacy_ref,
        typed.updated_at_text,
        typed.updated_at
    from typed
    left join {{ ref('case_areas') }} as areas
        on typed.area_code = areas.area_code
    left join {{ ref('units') }} as units
        on
            typed.unit_id_code = units.unit_id
            and units.unit_id <> 'UNKNOWN'
    left join {{ ref('decisions') }} as decisions
        on
            decisions.source_system = 'B'
            and typed.decision_code = decisions.source_code

),

checked as (

    {{ reject_checked('coded', checks) }}

)

select
    {{ landed_row_key('sagssystem_b__cases') }},
    case_id,
    citizen_key,
    cpr_status,
    area,
    area_code,
    unit_id,
    unit_id_code,
    received_date,
    decided_date,
    received_issue,
    decided_issue,
    decision,
    decision_code,
    legacy_ref_raw,
    legacy_ref,
    case when updated_at_issue is null then updated_at end as updated_at,
    updated_at_issue,
    {{ reject_columns() }}
from checked
