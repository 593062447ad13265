-- The deliveries of dokumenter.csv: what each delivery's manifest says about this
-- system's file. Every delivery lists every file (an empty one with 0 rows), so the
-- latest row here is the latest delivery, also when this file was empty in it.
with source as (

    select
        delivery_date,
        file_key,
        source_file,
        manifest_rows,
        sha256
    from {{ source('esdh', 'deliveries') }}

)

select
    cast(delivery_date as date) as delivery_date,
    cast(file_key as {{ dbt.type_string() }}) as file_key,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(manifest_rows as {{ dbt.type_int() }}) as manifest_rows,
    cast(sha256 as {{ dbt.type_string() }}) as sha256
from source
where file_key = 'esdh__dokumenter'
