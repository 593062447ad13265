-- Per delivery and export file (afstemning): rows the manifest declares, rows landed, and
-- where each landed row ended (staged, rejected, superseded by a later version).
-- Deliveries after as-of are listed with is_in_scope false and not reconciled.
-- The superseded rows are derived here from the landed rows, independently of the stg
-- models (and their macro latest_valid_version), so the reconciliation checks them: the
-- newest valid version stands even when a newer row is rejected (targets.md "Real
-- exports"), and in a full extract every row of a record the last delivery on or before
-- as-of no longer holds is superseded. Which files are full extracts: var
-- full_extract_file_keys.
{%- set full_extracts = var('full_extract_file_keys', [
    'sagssystem_a__sager', 'sagssystem_b__cases', 'klageregister__klager', 'aktindsigt__anmodninger'
]) %}
with manifest as (

    select
        delivery_date,
        file_key,
        source_file,
        manifest_rows
    from {{ ref('int_deliveries_unioned') }}

),

landed as (

    select
        delivery_date,
        file_key,
        cast(count(*) as {{ dbt.type_int() }}) as landed_rows,
        cast(sum(case when reject_reason is not null then 1 else 0 end) as {{ dbt.type_int() }}) as rejected_rows
    from {{ ref('int_rows_landed_unioned') }}
    group by delivery_date, file_key

),

staged as (

    select
        delivery_date,
        file_key,
        cast(count(*) as {{ dbt.type_int() }}) as staged_rows
    from {{ ref('int_rows_staged_unioned') }}
    group by delivery_date, file_key

),

superseded_in_scope as (

    select
        file_key,
        delivery_date,
        source_file,
        row_number,
        record_id,
        reject_reason,
        file_key in ('{{ full_extracts | join("', '") }}') as is_full_extract,
        max(delivery_date) over (partition by file_key) as last_delivery_date
    from {{ ref('int_rows_landed_unioned') }}
    where delivery_date <= {{ as_of_date() }}

),

superseded_current_records as (

    -- records of a full extract that its last delivery on or before as-of holds
    select distinct
        file_key,
        record_id
    from superseded_in_scope
    where
        is_full_extract
        and delivery_date = last_delivery_date
        and record_id is not null

),

superseded_ranked as (

    select
        superseded_in_scope.file_key,
        superseded_in_scope.delivery_date,
        superseded_in_scope.source_file,
        superseded_in_scope.row_number,
        superseded_in_scope.is_full_extract,
        superseded_current_records.record_id is not null as is_current_record,
        row_number() over (
            partition by superseded_in_scope.file_key, superseded_in_scope.record_id
            order by superseded_in_scope.delivery_date desc, superseded_in_scope.row_number desc
        ) as version_rank
    from superseded_in_scope
    left join superseded_current_records
        on
            superseded_in_scope.file_key = superseded_current_records.file_key
            and superseded_in_scope.record_id = superseded_current_records.record_id
    where superseded_in_scope.reject_reason is null

),

superseded_rows as (

    -- valid rows that are not the standing version of their record (erstattede rækker)
    select
        file_key,
        delivery_date
    from superseded_ranked
    where
        version_rank > 1
        or (is_full_extract and not is_current_record)

),

superseded as (

    select
        delivery_date,
        file_key,
        cast(count(*) as {{ dbt.type_int() }}) as superseded_rows
    from superseded_rows
    group by delivery_date, file_key

),

files as (

    select
        delivery_date,
        file_key
    from manifest

    union

    select
        delivery_date,
        file_key
    from landed

),

counted as (

    select
        files.delivery_date,
        files.file_key,
        manifest.source_file,
        manifest.manifest_rows,
        coalesce(landed.landed_rows, 0) as landed_rows,
        coalesce(staged.staged_rows, 0) as staged_rows,
        coalesce(landed.rejected_rows, 0) as rejected_rows,
        coalesce(superseded.superseded_rows, 0) as superseded_rows,
        files.delivery_date <= {{ as_of_date() }} as is_in_scope
    from files
    left join manifest
        on
            files.delivery_date = manifest.delivery_date
            and files.file_key = manifest.file_key
    left join landed
        on
            files.delivery_date = landed.delivery_date
            and files.file_key = landed.file_key
    left join staged
        on
            files.delivery_date = staged.delivery_date
            and files.file_key = staged.file_key
    left join superseded
        on
            files.delivery_date = superseded.delivery_date
            and files.file_key = superseded.file_key

)

select
    delivery_date,
    file_key,
    source_file,
    manifest_rows,
    landed_rows,
    staged_rows,
    rejected_rows,
    superseded_rows,
    case
        when landed_rows > 0 then cast(rejected_rows as {{ dbt.type_numeric() }}) / landed_rows
    end as rejected_share,
    is_in_scope,
    coalesce(
        is_in_scope
        and manifest_rows = landed_rows
        and manifest_rows = staged_rows + rejected_rows + superseded_rows,
        false
    ) as is_reconciled
from counted
