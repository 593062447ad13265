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
    {{ sagskvalitet.guarded_integer_cast(expr, '~') }}
{%- endmacro %}

{#- The guarded cast of safe_integer for engines without try_cast on text: cast only what
    looks like a whole number of at most 18 digits; the regex operator is the engine's. -#}
{% macro guarded_integer_cast(expr, regex_operator) -%}
    case
        when trim({{ expr }}) {{ regex_operator }} '^[+-]?[0-9]{1,18}$'
            then cast(trim({{ expr }}) as {{ api.Column.translate_type('bigint') }})
    end
{%- endmacro %}
