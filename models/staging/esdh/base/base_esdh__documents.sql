-- Every landed row of dokumenter.csv (ESDH), typed, titles classified, rejects flagged.
{#- Rejected only for what a figure or a link needs (targets.md "Real exports"): an unreadable
    id, an empty case reference (Sagsnummer) or an unreadable Dokumentdato (two-digit years,
    before 1990, beyond the horizon after the delivery date: date_validity). The kind is
    never unreadable (a title is `other` at least). A missing or invalid CPR leaves
    citizen_key null (no citizen fallback when linking); an odd BorgerMedvirken (`Måske`,
    `?`) is null, i.e. the citizen did not take part; an unreadable Registreret is null;
    each is counted in fct_data_quality_counts. -#}
{%- set checks = [
    ["document_id_text is null", "missing_id", "dokumentid"],
    ["document_id is null", "invalid_number", "dokumentid"],
    ["case_reference is null", "missing_id", "sagsnummer"],
] + required_date_checks('document_date_issue', 'document_date', 'dokumentdato') %}

with source as (

    select
        {{ landed_columns() }},
        dokumentid,
        sagsnummer,
        citizen_key,
        cpr_status,
        dokumentdato,
        titel,
        dokumenttype,
        borgermedvirken,
        registreret
    from {{ source('esdh', 'dokumenter') }}
    -- incremental: only the rows of landed files not held yet (dbt_project.yml, issue 14)
    {{ landed_rows_not_built(source('esdh', 'dokumenter')) }}

),

typed as (

    select
        {{ landed_columns_typed() }},
        {{ blank_to_null('dokumentid') }} as document_id_text,
        {{ safe_integer('dokumentid') }} as document_id,
        {{ blank_to_null('sagsnummer') }} as case_reference,
        citizen_key,
        cpr_status,
        dokumentdato as dokumentdato_text,
        {{ parse_date('dokumentdato', ['%Y-%m-%d', '%d.%m.%Y']) }} as document_date,
        titel as title,
        {{ fold_text('titel') }} as title_folded,
        {{ blank_to_null('dokumenttype') }} as document_type,
        {{ blank_to_null('borgermedvirken') }} as borgermedvirken_text,
        registreret as registreret_text,
        {{ parse_timestamp('registreret', ['%Y-%m-%d %H:%M:%S']) }} as registered_at
    from source

),

coded as (

    select
        {{ landed_columns('typed') }},
        typed.document_id_text,
        typed.document_id,
        typed.case_reference,
        typed.citizen_key,
        typed.cpr_status,
        typed.document_date,
        {{ date_validity('typed.dokumentdato_text', 'typed.document_date', 'typed.delivery_date') }}
            as document_date_issue,
        typed.title,
        typed.title_folded,
        typed.document_type,
        typed.borgermedvirken_text,
        participation.citizen_participated,
        typed.registreret_text,
        typed.registered_at,
        {{ date_validity('typed.registreret_text', 'typed.registered_at', 'typed.delivery_date', 'invalid_timestamp') }}
            as registered_at_issue,
        -- kinds from the title alone: folded title equal to a folded variant (seed)
        {{ title_kind_lookup('typed.title_folded', "variants.kind = 'resource_profile'") }} as is_resource_profile,
        {{ title_kind_lookup('typed.title_folded', 'variants.is_final_profile') }} as is_final_resource_profile,
        {{ title_kind_lookup('typed.title_folded', 'variants.is_draft_profile') }} as is_draft_resource_profile,
        {{ title_kind_lookup('typed.title_folded', "variants.kind = 'work_capacity_assessment'") }} as is_work_capacity_assessment,
        {{ title_kind_lookup('typed.title_folded', "variants.kind = 'citizen_meeting'") }} as is_citizen_meeting,
        {{ title_kind_lookup('typed.title_folded', "variants.kind = 'delay_notice'") }} as is_delay_notice,
        {{ title_kind_lookup('typed.title_folded', "variants.kind = 'flexjob_guidance'") }} as is_flexjob_guidance,
        {{ title_kind_lookup('typed.title_folded', "variants.kind = 'hearing'") }} as is_hearing,
        not {{ title_kind_lookup('typed.title_folded') }} as is_other
    from typed
    left join {{ ref('citizen_participation_values') }} as participation
        on typed.borgermedvirken_text = participation.source_code

),

checked as (

    {{ reject_checked('coded', checks) }}

)

select
    {{ landed_row_key('esdh__dokumenter') }},
    document_id,
    case_reference,
    citizen_key,
    cpr_status,
    document_date,
    title,
    title_folded,
    document_type,
    citizen_participated,
    borgermedvirken_text is not null and citizen_participated is null as is_citizen_participation_unreadable,
    case when registered_at_issue is null then registered_at end as registered_at,
    registered_at_issue,
    document_date_issue,
    is_resource_profile,
    is_final_resource_profile,
    is_draft_resource_profile,
    is_work_capacity_assessment,
    is_citizen_meeting,
    is_delay_notice,
    is_flexjob_guidance,
    is_hearing,
    is_other,
    {{ reject_columns() }}
from checked
