-- Every landed row of every export file with its key and whether it was rejected: the
-- common ground of the rejects table and the file reconciliation (the files of macro
-- export_record_files). The raw text is kept for rejected rows only: the rejects table
-- shows it, and carrying it for every landed row made this the widest table of the build.
{% for file in export_record_files() %}
    select
        file_key,
        delivery_date,
        source_file,
        row_number,
        cast({{ file.id_column }} as {{ dbt.type_string() }}) as record_id,
        case when reject_reason is not null then raw_record end as raw_record,
        reject_code,
        reject_column,
        reject_reason
    from {{ ref('base_' ~ file.system ~ '__' ~ file.entity) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
