{#- The deliveries of one export file, typed: what each delivery's manifest says about the
    file (leverancer). Every delivery lists every file (an empty one with 0 rows), so the
    latest row is the latest delivery, also when the file was empty in it. The one body of
    the six base_<system>__deliveries models.
    source_relation: the system's deliveries source; file_key: the file's key. -#}
{% macro base_deliveries(source_relation, file_key) -%}
with source as (

    select
        {{ delivery_columns() }}
    from {{ source_relation }}

)

select
    cast(delivery_date as date) as delivery_date,
    cast(file_key as {{ dbt.type_string() }}) as file_key,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(manifest_rows as {{ dbt.type_int() }}) as manifest_rows,
    cast(sha256 as {{ dbt.type_string() }}) as sha256
from source
where file_key = '{{ file_key }}'
{%- endmacro %}


{#- The columns of a delivery list: delivery, file key, file, the rows its manifest
    declares and the file's sha256. -#}
{% macro delivery_columns() -%}
    delivery_date,
    file_key,
    source_file,
    manifest_rows,
    sha256
{%- endmacro %}
