-- The members behind the frozen figures of the reporting ledger, typed. Before the first
-- freeze the ledger holds no file: then no rows, same columns (macro ledger_has_files).
-- depends_on: {{ source('ledger', 'target_members') }}
{%- set columns = [
    ('freeze_id', dbt.type_string()),
    ('frozen_period', dbt.type_string()),
    ('version', dbt.type_int()),
    ('as_of_date', 'date'),
    ('delivery_date', 'date'),
    ('target_id', dbt.type_string()),
    ('period_grain', dbt.type_string()),
    ('period', dbt.type_string()),
    ('unit_id', dbt.type_string()),
    ('area', dbt.type_string()),
    ('member_kind', dbt.type_string()),
    ('member_id', dbt.type_string()),
    ('is_compliant', dbt.type_boolean()),
    ('member_value', dbt.type_bigint()),
    ('period_date', 'date'),
] %}
with source as (

    {% if ledger_has_files('target_members') -%}
        select
            {%- for name, _ in columns %}
                {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ source('ledger', 'target_members') }}
    {%- else -%}
        select
            {%- for name, type in columns %}
                cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        where false
    {%- endif %}

)

select
    {%- for name, type in columns %}
        cast({{ name }} as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
from source
