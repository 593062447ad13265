{#- The export files that hold records (not the delivery manifests), one entry each: the
    system, its staging entity (stg_<system>__<entity>, base_<system>__<entity>), the file
    key landing gives it and the record id column. The one list the quality models loop
    over (int_rows_landed_unioned, int_rows_staged_unioned). -#}
{% macro export_record_files() -%}
    {{ return([
        {'system': 'sagssystem_a', 'entity': 'cases', 'file_key': 'sagssystem_a__sager', 'id_column': 'legacy_case_id'},
        {'system': 'sagssystem_b', 'entity': 'cases', 'file_key': 'sagssystem_b__cases', 'id_column': 'case_id'},
        {'system': 'esdh', 'entity': 'documents', 'file_key': 'esdh__dokumenter', 'id_column': 'document_id'},
        {'system': 'klageregister', 'entity': 'complaints', 'file_key': 'klageregister__klager', 'id_column': 'complaint_id'},
        {'system': 'aktindsigt', 'entity': 'access_requests', 'file_key': 'aktindsigt__anmodninger', 'id_column': 'access_request_id'},
        {'system': 'henvendelser', 'entity': 'inquiries', 'file_key': 'henvendelser__henvendelser', 'id_column': 'inquiry_id'},
    ]) }}
{%- endmacro %}
