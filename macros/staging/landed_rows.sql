{#- The columns landing gives every row of an export file (delivery, file, row number, the
    raw record, landing's error and the landed file's landing id), and the reject columns every base model ends with: the
    common frame of the base_<system>__<entity> models, written once. -#}

{#- The landed columns as landing wrote them; alias: the relation to prefix them with. -#}
{% macro landed_columns(alias=none) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    {{ prefix }}delivery_date,
    {{ prefix }}source_file,
    {{ prefix }}row_number,
    {{ prefix }}raw_record,
    {{ prefix }}landing_error,
    {{ prefix }}landing_id
{%- endmacro %}

{#- The landed columns typed (delivery date a date, row number an integer). -#}
{% macro landed_columns_typed() -%}
    cast(delivery_date as date) as delivery_date,
    source_file,
    cast(row_number as {{ dbt.type_int() }}) as row_number,
    raw_record,
    landing_error,
    landing_id
{%- endmacro %}

{#- A base model's key of a landed row: its file key, delivery, file and row, the raw
    record of a rejected row (the rejects table shows it; kept for every row, the raw text
    was the widest column of the build and read by nothing else), and the landing id of its
    landed file (what an incremental run compares, macro landed_rows_not_built). -#}
{% macro landed_row_key(file_key) -%}
    '{{ file_key }}' as file_key,
    delivery_date,
    source_file,
    row_number,
    case when reject_code is not null then raw_record end as raw_record,
    landing_id
{%- endmacro %}

{#- Every column of relation with reject_code and reject_column from the ordered checks
    (macro reject_code: the first failing check wins). -#}
{% macro reject_checked(relation, checks) -%}
    select
        {{ relation }}.*,
        {{ reject_code(checks) }} as reject_code,
        {{ reject_column(checks) }} as reject_column
    from {{ relation }}
{%- endmacro %}

{#- The reject columns a base model ends with: code, column and reason. -#}
{% macro reject_columns() -%}
    reject_code,
    reject_column,
    {{ reject_reason('reject_code', 'reject_column') }} as reject_reason
{%- endmacro %}

{#- The checks of a date a figure needs (dates of targets.md "Real exports"): the reasons
    of date_validity, then an empty value (parsed_column null) as unreadable. -#}
{% macro required_date_checks(issue_column, parsed_column, source_column, unreadable_code='invalid_date') -%}
    {{ return(date_reject_checks(issue_column, source_column) + [
        [parsed_column ~ ' is null', unreadable_code, source_column],
    ]) }}
{%- endmacro %}
