-- The deliveries' manifests: what each delivery says it holds, for reconciliation.
with source as (

    select
        delivery_date,
        file_key,
        source_file,
        manifest_rows,
        sha256
    from {{ source('landing', 'manifest') }}

)

select
    cast(delivery_date as date) as delivery_date,
    cast(file_key as {{ dbt.type_string() }}) as file_key,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(manifest_rows as {{ dbt.type_int() }}) as manifest_rows,
    cast(sha256 as {{ dbt.type_string() }}) as sha256
from source
