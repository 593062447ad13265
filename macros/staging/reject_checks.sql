{#- Reject code and column of a row from an ordered list of checks; the first failing
    check wins. checks: list of [condition_sql, code, column]. A record landing could not
    split (landing_error) is rejected before any column check. -#}
{% macro reject_code(checks) -%}
    case
        when landing_error is not null then {{ dbt.split_part('landing_error', "':'", 1) }}
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro reject_column(checks) -%}
    case
        when landing_error is not null then cast(null as {{ dbt.type_string() }})
        {%- for check in checks %}
        when {{ check[0] }} then '{{ check[2] }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- '<code>: <column>', or the landing error text itself (it starts with its code). -#}
{% macro reject_reason(code_column, column_column) -%}
    case
        when landing_error is not null then landing_error
        when {{ code_column }} is not null then {{ code_column }} || ': ' || {{ column_column }}
    end
{%- endmacro %}
