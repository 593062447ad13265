-- The landing log: one row per event of landing a delivery (landingslog), typed.
with source as (

    select
        delivery_date,
        event_number,
        event,
        severity,
        file,
        column_name,
        event_count,
        detail
    from {{ source('landing', 'landing_log') }}

)

select
    cast(delivery_date as date) as delivery_date,
    cast(event_number as {{ dbt.type_int() }}) as event_number,
    cast(event as {{ dbt.type_string() }}) as event_kind,
    cast(severity as {{ dbt.type_string() }}) as severity,
    cast(file as {{ dbt.type_string() }}) as file_path,
    cast(column_name as {{ dbt.type_string() }}) as column_name,
    cast(event_count as {{ dbt.type_bigint() }}) as event_count,
    cast(detail as {{ dbt.type_string() }}) as detail
from source
