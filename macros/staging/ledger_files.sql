{#- The columns of the reporting ledger's files (indberetningsloggen) and their types, one
    list per file kind: what base_ledger__<kind> types and stg_ledger__<kind> passes on. -#}
{% macro ledger_file_columns(file_kind) -%}
    {%- set common = [
        ['freeze_id', dbt.type_string()],
        ['frozen_period', dbt.type_string()],
        ['version', dbt.type_int()],
        ['as_of_date', 'date'],
        ['delivery_date', 'date'],
    ] -%}
    {%- set figure = [
        ['target_id', dbt.type_string()],
        ['period_grain', dbt.type_string()],
        ['period', dbt.type_string()],
        ['unit_id', dbt.type_string()],
        ['area', dbt.type_string()],
    ] -%}
    {%- if file_kind == 'target_results' -%}
        {{ return(common + [['build_id', dbt.type_string()]] + figure + [
            ['measure_kind', dbt.type_string()],
            ['member_count', dbt.type_bigint()],
            ['numerator', dbt.type_bigint()],
            ['denominator', dbt.type_bigint()],
            ['ratio', 'decimal(18, 6)'],
            ['percent', 'decimal(5, 1)'],
            ['threshold', 'decimal(5, 4)'],
            ['is_met', dbt.type_boolean()],
        ]) }}
    {%- elif file_kind == 'target_members' -%}
        {{ return(common + figure + [
            ['member_kind', dbt.type_string()],
            ['member_id', dbt.type_string()],
            ['is_compliant', dbt.type_boolean()],
            ['member_value', dbt.type_bigint()],
            ['period_date', 'date'],
        ]) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error('ledger_file_columns: unknown ledger file kind ' ~ file_kind) }}
    {%- endif -%}
{%- endmacro %}

{#- One ledger file kind typed: its Parquet files when the ledger holds any (macro
    ledger_has_files), else no rows with the same columns. source_relation: the ledger
    source of the kind; file_kind: target_results or target_members. -#}
{% macro base_ledger_file(source_relation, file_kind) -%}
    {%- set columns = ledger_file_columns(file_kind) -%}
with source as (

    {% if ledger_has_files(file_kind) %}
        select
            {%- for column in columns %}
            {{ column[0] }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ source_relation }}
    {% else %}
        select
            {%- for column in columns %}
            cast(null as {{ column[1] }}) as {{ column[0] }}{{ ',' if not loop.last }}
            {%- endfor %}
        where false
    {% endif %}

)

select
    {%- for column in columns %}
    cast({{ column[0] }} as {{ column[1] }}) as {{ column[0] }}{{ ',' if not loop.last }}
    {%- endfor %}
from source
{%- endmacro %}

{#- The column names of a ledger file kind, one a line, for a select list. -#}
{% macro ledger_file_column_names(file_kind) -%}
    {%- for column in ledger_file_columns(file_kind) %}
    {{ column[0] }}{{ ',' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
