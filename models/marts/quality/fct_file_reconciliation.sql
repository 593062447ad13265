-- Per delivery and export file (afstemning): rows the manifest declares, rows landed, and
-- where each landed row ended (staged, rejected, superseded by a later version).
-- Deliveries after as-of are listed with is_in_scope false and not reconciled.
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

superseded as (

    select
        delivery_date,
        file_key,
        cast(count(*) as {{ dbt.type_int() }}) as superseded_rows
    from {{ ref('int_rows_superseded') }}
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
