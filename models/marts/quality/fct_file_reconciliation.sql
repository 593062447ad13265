-- Per delivery and export file (afstemning): rows the manifest declares, rows landed, and
-- where each landed row ended (staged, rejected, superseded by a later version).
-- Deliveries after as-of are listed with is_in_scope false and not reconciled.
-- The superseded rows are derived here from the landed rows, independently of the stg
-- models (and their macro latest_valid_version), so the reconciliation checks them: the
-- newest valid version stands even when a newer row is rejected (targets.md "Real
-- exports"), and in a full extract every row of a record the last delivery on or before
-- as-of no longer holds is superseded. Which files are full extracts: var
-- full_extract_file_keys. They are counted, not listed row by row: a delivery's valid
-- rows less the records whose standing version it holds (issue 14: a grouping per record,
-- where a window ranked every landed row; 48 s at scale 10 and growing faster than the rows).
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

in_scope as (

    select
        file_key,
        delivery_date,
        record_id,
        reject_reason,
        file_key in ('{{ full_extracts | join("', '") }}') as is_full_extract
    from {{ ref('int_rows_landed_unioned') }}
    where delivery_date <= {{ as_of_date() }}

),

last_deliveries as (

    select
        file_key,
        max(delivery_date) as last_delivery_date
    from in_scope
    group by file_key

),

current_records as (

    -- records of a full extract that its last delivery on or before as-of holds
    select distinct
        in_scope.file_key,
        in_scope.record_id
    from in_scope
    inner join last_deliveries
        on
            in_scope.file_key = last_deliveries.file_key
            and in_scope.delivery_date = last_deliveries.last_delivery_date
    where
        in_scope.is_full_extract
        and in_scope.record_id is not null

),

standing_versions as (

    -- a record's standing version is one valid row of the newest delivery that has one
    -- (duplicates in that delivery: one stands). Rows without a record id are one record.
    select
        file_key,
        record_id,
        is_full_extract,
        max(delivery_date) as delivery_date
    from in_scope
    where reject_reason is null
    group by file_key, record_id, is_full_extract

),

standing as (

    -- per delivery and file: the records whose standing version it holds, less those a
    -- full extract no longer holds (their every row is superseded)
    select
        standing_versions.delivery_date,
        standing_versions.file_key,
        cast(count(*) as {{ dbt.type_int() }}) as standing_rows
    from standing_versions
    left join current_records
        on
            standing_versions.file_key = current_records.file_key
            and standing_versions.record_id = current_records.record_id
    where
        not standing_versions.is_full_extract
        or current_records.record_id is not null
    group by standing_versions.delivery_date, standing_versions.file_key

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
        -- valid rows that are not the standing version of their record (erstattede rækker)
        case
            when files.delivery_date <= {{ as_of_date() }}
                then
                    coalesce(landed.landed_rows, 0) - coalesce(landed.rejected_rows, 0)
                    - coalesce(standing.standing_rows, 0)
            else 0
        end as superseded_rows,
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
    left join standing
        on
            files.delivery_date = standing.delivery_date
            and files.file_key = standing.file_key

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
