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

title_kinds as (

    -- The seed's kinds of each folded variant, one row each (a code lookup, like the
    -- participation values below): the combined variant has two seed rows, so two kinds.
    -- One join instead of a lookup per kind (issue 14: nine lookups were two thirds of
    -- this model's time at scale 10).
    select
        variant_folded,
        max(case when kind = 'resource_profile' then 1 else 0 end) = 1 as is_resource_profile,
        max(case when is_final_profile then 1 else 0 end) = 1 as is_final_resource_profile,
        max(case when is_draft_profile then 1 else 0 end) = 1 as is_draft_resource_profile,
        max(case when kind = 'work_capacity_assessment' then 1 else 0 end) = 1
            as is_work_capacity_assessment,
        max(case when kind = 'citizen_meeting' then 1 else 0 end) = 1 as is_citizen_meeting,
        max(case when kind = 'delay_notice' then 1 else 0 end) = 1 as is_delay_notice,
        max(case when kind = 'flexjob_guidance' then 1 else 0 end) = 1 as is_flexjob_guidance,
        max(case when kind = 'hearing' then 1 else 0 end) = 1 as is_hearing
    from {{ ref('document_kind_variants') }}
    group by variant_folded

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
        coalesce(title_kinds.is_resource_profile, false) as is_resource_profile,
        coalesce(title_kinds.is_final_resource_profile, false) as is_final_resource_profile,
        coalesce(title_kinds.is_draft_resource_profile, false) as is_draft_resource_profile,
        coalesce(title_kinds.is_work_capacity_assessment, false) as is_work_capacity_assessment,
        coalesce(title_kinds.is_citizen_meeting, false) as is_citizen_meeting,
        coalesce(title_kinds.is_delay_notice, false) as is_delay_notice,
        coalesce(title_kinds.is_flexjob_guidance, false) as is_flexjob_guidance,
        coalesce(title_kinds.is_hearing, false) as is_hearing,
        title_kinds.variant_folded is null as is_other
    from typed
    left join {{ ref('citizen_participation_values') }} as participation
        on typed.borgermedvirken_text = participation.source_code
    left join title_kinds
        on typed.title_folded = title_kinds.variant_folded

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
