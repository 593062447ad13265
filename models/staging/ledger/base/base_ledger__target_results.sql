-- The frozen figures of the reporting ledger, typed. Before the first freeze the ledger
-- holds no file: then no rows, same columns (macro ledger_has_files).
-- depends_on: {{ source('ledger', 'target_results') }}
{%- set columns = [
    ('freeze_id', dbt.type_string()),
    ('frozen_period', dbt.type_string()),
    ('version', dbt.type_int()),
    ('as_of_date', 'date'),
    ('delivery_date', 'date'),
    ('build_id', dbt.type_string()),
    ('target_id', dbt.type_string()),
    ('period_grain', dbt.type_string()),
    ('period', dbt.type_string()),
    ('unit_id', dbt.type_string()),
    ('area', dbt.type_string()),
    ('measure_kind', dbt.type_string()),
    ('member_count', dbt.type_bigint()),
    ('numerator', dbt.type_bigint()),
    ('denominator', dbt.type_bigint()),
    ('ratio', 'decimal(18, 6)'),
    ('percent', 'decimal(5, 1)'),
    ('threshold', 'decimal(5, 4)'),
    ('is_met', dbt.type_boolean()),
] %}
with source as (

    {% if ledger_has_files('target_results') -%}
        select
            {%- for name, _ in columns %}
                {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ source('ledger', 'target_results') }}
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
