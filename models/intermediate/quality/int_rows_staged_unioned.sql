-- A view (issue 14): a plain union of the base (staged) tables costs nothing to read again,
-- and as a table it was written once more at each build (2.4 million rows at scale 1).
{{ config(materialized='view') }}
-- The rows that won as the staged (current) version of their record, of every export file
-- (the list of macro export_record_files).
{% for file in export_record_files() %}
    select
        '{{ file.file_key }}' as file_key,
        delivery_date,
        source_file,
        row_number,
        cast({{ file.id_column }} as {{ dbt.type_string() }}) as record_id
    from {{ ref('stg_' ~ file.system ~ '__' ~ file.entity) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
