{#- The one rounding of the warehouse (targets.md "Arithmetic"): numerator / denominator
    rounded half away from zero at `scale` decimals (12.25 -> 12.3, -12.25 -> -12.3), from
    the exact integers, once. Integer arithmetic only, never binary floating point:
    sign * ((2 * |n| * 10^scale + |d|) div (2 * |d|)) / 10^scale. Null when the denominator
    is null or 0. The caller casts the DECIMAL(38, scale) result to its column type (DECIMAL
    is NUMERIC on PostgreSQL). -#}
{% macro round_half_away(numerator_expr, denominator_expr, scale) -%}
    {%- set n = 'cast(' ~ numerator_expr ~ ' as ' ~ sagskvalitet.exact_integer_type() ~ ')' -%}
    {%- set d = 'cast(' ~ denominator_expr ~ ' as ' ~ sagskvalitet.exact_integer_type() ~ ')' -%}
    {%- set doubled_scaled = '(2 * abs(' ~ n ~ ') * ' ~ (10 ** scale) ~ ' + abs(' ~ d ~ '))' -%}
    case
        when {{ d }} <> 0
            then {{ sagskvalitet.integer_as_decimal(
                sagskvalitet.sign_of_quotient(n, d)
                ~ ' * ' ~ sagskvalitet.integer_divide(doubled_scaled, '(2 * abs(' ~ d ~ '))'),
                scale
            ) }} * cast('{{ sagskvalitet.decimal_unit(scale) }}' as decimal({{ scale + 1 }}, {{ scale }}))
    end
{%- endmacro %}

{#- The engine's parts of round_half_away: the exact integer type (DuckDB hugeint,
    PostgreSQL numeric, Spark bigint: no hugeint), the sign of n / d (Spark's sign() is
    a double) and integer division rounding down of two non-negative integers. -#}
{% macro exact_integer_type() -%}
    {{ return(adapter.dispatch('exact_integer_type', 'sagskvalitet')()) }}
{%- endmacro %}

{% macro duckdb__exact_integer_type() -%}
    {{ return('hugeint') }}
{%- endmacro %}

{% macro default__exact_integer_type() -%}
    {{ return('numeric') }}
{%- endmacro %}

{% macro sign_of_quotient(n, d) -%}
    {{ return(adapter.dispatch('sign_of_quotient', 'sagskvalitet')(n, d)) }}
{%- endmacro %}

{% macro default__sign_of_quotient(n, d) -%}
    sign({{ n }}) * sign({{ d }})
{%- endmacro %}

{% macro integer_divide(dividend, divisor) -%}
    {{ return(adapter.dispatch('integer_divide', 'sagskvalitet')(dividend, divisor)) }}
{%- endmacro %}

{% macro duckdb__integer_divide(dividend, divisor) -%}
    ({{ dividend }} // {{ divisor }})
{%- endmacro %}

{% macro default__integer_divide(dividend, divisor) -%}
    floor({{ dividend }} / {{ divisor }})
{%- endmacro %}

{#- The rounded integer as a DECIMAL(p, 0) whose product with the DECIMAL(scale + 1, scale)
    unit keeps every decimal: DECIMAL(38, 0) (DuckDB and PostgreSQL keep the scale of a
    product); spark__ a smaller p (Spark cuts a product wider than 38 digits to 6 decimals). -#}
{% macro integer_as_decimal(expr, scale) -%}
    {{ return(adapter.dispatch('integer_as_decimal', 'sagskvalitet')(expr, scale)) }}
{%- endmacro %}

{% macro default__integer_as_decimal(expr, scale) -%}
    cast({{ expr }} as decimal(38, 0))
{%- endmacro %}

{#- '1', '0.1', '0.01', ...: one unit of the last decimal at a scale. -#}
{% macro decimal_unit(scale) -%}
    {%- if scale == 0 -%}1{%- else -%}0.{{ '0' * (scale - 1) }}1{%- endif -%}
{%- endmacro %}
