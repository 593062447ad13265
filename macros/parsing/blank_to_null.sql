{#- Trimmed text, null when empty: exports write a missing value as an empty field. -#}
{% macro blank_to_null(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}

{#- Whole number or null (the caller flags invalid_number). dbt.safe_cast is a plain cast
    on adapters without try_cast, so a guarded cast is the portable default. -#}
{% macro safe_integer(expr) -%}
    {{ return(adapter.dispatch('safe_integer', 'sagskvalitet')(expr)) }}
{%- endmacro %}

{% macro duckdb__safe_integer(expr) -%}
    try_cast(trim({{ expr }}) as bigint)
{%- endmacro %}

{% macro default__safe_integer(expr) -%}
    case
        when trim({{ expr }}) ~ '^[+-]?[0-9]{1,18}$'
            then cast(trim({{ expr }}) as {{ api.Column.translate_type('bigint') }})
    end
{%- endmacro %}
