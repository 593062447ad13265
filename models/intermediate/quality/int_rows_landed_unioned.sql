-- A view (issue 14): a plain union of the base (staged) tables costs nothing to read again,
-- and as a table it was written once more at each build (2.4 million rows at scale 1).
{{ config(materialized='view') }}
-- Every landed row of every export file with its key and whether it was rejected: the
-- common ground of the rejects table and the file reconciliation (the files of macro
-- export_record_files). The base models keep the raw text of rejected rows only.
{% for file in export_record_files() %}
    select
        file_key,
        delivery_date,
        source_file,
        row_number,
        cast({{ file.id_column }} as {{ dbt.type_string() }}) as record_id,
        raw_record,
        reject_code,
        reject_column,
        reject_reason
    from {{ ref('base_' ~ file.system ~ '__' ~ file.entity) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
