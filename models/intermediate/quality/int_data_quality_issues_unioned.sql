-- Values the warehouse kept but could not use (datakvalitet), one row per landed row,
-- column and issue: rows are rejected only for what a figure or a link needs (targets.md
-- "Real exports"), so an odd value elsewhere is null (or UNKNOWN) and counted here.
-- Only kept rows (not rejected), of every delivery: the mart keeps those on or before as-of.
with

cases_a as (
    select
        file_key,
        delivery_date,
        row_number,
        cpr_status,
        unit_id,
        unit_name_raw
    from {{ ref('base_sagssystem_a__cases') }}
    where reject_reason is null
),

cases_b as (
    select
        file_key,
        delivery_date,
        row_number,
        cpr_status,
        unit_id,
        unit_id_code,
        updated_at_issue
    from {{ ref('base_sagssystem_b__cases') }}
    where reject_reason is null
),

documents as (
    select
        file_key,
        delivery_date,
        row_number,
        cpr_status,
        is_citizen_participation_unreadable,
        registered_at_issue
    from {{ ref('base_esdh__documents') }}
    where reject_reason is null
),

unit_names as (
    select
        file_key,
        delivery_date,
        row_number,
        unit_id,
        unit_name_raw
    from {{ ref('base_klageregister__complaints') }}
    where reject_reason is null
    union all
    select
        file_key,
        delivery_date,
        row_number,
        unit_id,
        unit_name_raw
    from {{ ref('base_aktindsigt__access_requests') }}
    where reject_reason is null
    union all
    select
        file_key,
        delivery_date,
        row_number,
        unit_id,
        unit_name_raw
    from {{ ref('base_henvendelser__inquiries') }}
    where reject_reason is null
    union all
    select
        file_key,
        delivery_date,
        row_number,
        unit_id,
        unit_name_raw
    from cases_a
),

issues as (
    -- a case without a usable CPR: kept, citizen_key null
    select
        file_key,
        delivery_date,
        row_number,
        'cpr' as column_name,
        case when cpr_status = 'missing' then 'missing_cpr' else 'invalid_cpr' end as issue_kind
    from cases_a
    where coalesce(cpr_status, 'missing') <> 'ok'
    union all
    select
        file_key,
        delivery_date,
        row_number,
        'cpr' as column_name,
        case when cpr_status = 'missing' then 'missing_cpr' else 'invalid_cpr' end as issue_kind
    from cases_b
    where coalesce(cpr_status, 'missing') <> 'ok'
    union all
    select
        file_key,
        delivery_date,
        row_number,
        'cpr' as column_name,
        case when cpr_status = 'missing' then 'missing_cpr' else 'invalid_cpr' end as issue_kind
    from documents
    where coalesce(cpr_status, 'missing') <> 'ok'
    union all
    -- a system B unit_id no seed knows: unit UNKNOWN
    select
        file_key,
        delivery_date,
        row_number,
        'unit_id' as column_name,
        'unknown_unit' as issue_kind
    from cases_b
    where unit_id = 'UNKNOWN'
    union all
    -- a free-text unit name that matches no unit: unit UNKNOWN
    select
        file_key,
        delivery_date,
        row_number,
        'enhed' as column_name,
        'unknown_unit' as issue_kind
    from unit_names
    where unit_id = 'UNKNOWN'
    union all
    select
        file_key,
        delivery_date,
        row_number,
        'updated_at' as column_name,
        updated_at_issue as issue_kind
    from cases_b
    where updated_at_issue is not null
    union all
    -- an odd BorgerMedvirken: null, the citizen did not take part
    select
        file_key,
        delivery_date,
        row_number,
        'borgermedvirken' as column_name,
        'unknown_code' as issue_kind
    from documents
    where is_citizen_participation_unreadable
    union all
    -- an unreadable Registreret: null
    select
        file_key,
        delivery_date,
        row_number,
        'registreret' as column_name,
        registered_at_issue as issue_kind
    from documents
    where registered_at_issue is not null
)

select
    file_key,
    delivery_date,
    row_number,
    column_name,
    issue_kind
from issues
