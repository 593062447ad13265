{#- The one rounding of the warehouse (targets.md "Arithmetic"): numerator / denominator
    rounded half away from zero at `scale` decimals (12.25 -> 12.3, -12.25 -> -12.3), from
    the exact integers, once. Integer arithmetic only, never binary floating point:
    sign * ((2 * |n| * 10^scale + |d|) div (2 * |d|)) / 10^scale. Null when the denominator
    is null or 0. The caller casts the DECIMAL(38, scale) result to its column type. -#}
{% macro round_half_away(numerator_expr, denominator_expr, scale) -%}
    {{ return(adapter.dispatch('round_half_away', 'sagskvalitet')(numerator_expr, denominator_expr, scale)) }}
{%- endmacro %}

{% macro duckdb__round_half_away(numerator_expr, denominator_expr, scale) -%}
    {%- set n = 'cast(' ~ numerator_expr ~ ' as hugeint)' -%}
    {%- set d = 'cast(' ~ denominator_expr ~ ' as hugeint)' -%}
    case
        when {{ d }} <> 0
            then cast(
                sign({{ n }}) * sign({{ d }})
                * ((2 * abs({{ n }}) * {{ 10 ** scale }} + abs({{ d }})) // (2 * abs({{ d }})))
                as decimal(38, 0)
            ) * cast('{{ sagskvalitet.decimal_unit(scale) }}' as decimal({{ scale + 1 }}, {{ scale }}))
    end
{%- endmacro %}

{% macro default__round_half_away(numerator_expr, denominator_expr, scale) -%}
    {%- set n = 'cast(' ~ numerator_expr ~ ' as numeric)' -%}
    {%- set d = 'cast(' ~ denominator_expr ~ ' as numeric)' -%}
    case
        when {{ d }} <> 0
            then cast(
                sign({{ n }}) * sign({{ d }})
                * floor((2 * abs({{ n }}) * {{ 10 ** scale }} + abs({{ d }})) / (2 * abs({{ d }})))
                as numeric(38, 0)
            ) * cast('{{ sagskvalitet.decimal_unit(scale) }}' as numeric({{ scale + 1 }}, {{ scale }}))
    end
{%- endmacro %}

{#- '1', '0.1', '0.01', ...: one unit of the last decimal at a scale. -#}
{% macro decimal_unit(scale) -%}
    {%- if scale == 0 -%}1{%- else -%}0.{{ '0' * (scale - 1) }}1{%- endif -%}
{%- endmacro %}
