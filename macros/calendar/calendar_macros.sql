{#- Calendar macros of targets.md "Calendar". Each dispatches, so an adapter can bring a
    faster implementation; default__ versions use only dbt's cross-database macros and
    scalar subqueries against int_calendar_days (the working-day calendar). -#}

{% macro var_is_true(name, default) -%}
    {%- set value = var(name, default) -%}
    {{- return(value in [true, 'true', 'True', 'TRUE', 1, '1', 'yes']) -}}
{%- endmacro %}


{% macro iso_day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'sagskvalitet')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_expr) -%}
    cast(extract(isodow from {{ date_expr }}) as integer)
{%- endmacro %}

{% macro duckdb__iso_day_of_week(date_expr) -%}
    cast(isodow({{ date_expr }}) as integer)
{%- endmacro %}


{#- d + n months, the day clamped to the month's end (31 January + 1 month = 28/29 February).
    dbt.dateadd('month') clamps on duckdb (date + interval), postgres (same) and spark
    (add_months); checked by the unit tests on int_cases_due_dated. -#}
{% macro add_months_clamped(date_expr, n_expr) -%}
    {{ return(adapter.dispatch('add_months_clamped', 'sagskvalitet')(date_expr, n_expr)) }}
{%- endmacro %}

{% macro default__add_months_clamped(date_expr, n_expr) -%}
    cast({{ dbt.dateadd('month', n_expr, date_expr) }} as date)
{%- endmacro %}


{#- Calendar deadline without rolling: days, weeks (7 days) or months (clamped). -#}
{% macro calendar_deadline(received_expr, value_expr, unit_expr) -%}
    case {{ unit_expr }}
        when 'days' then cast({{ dbt.dateadd('day', value_expr, received_expr) }} as date)
        when 'weeks' then cast({{ dbt.dateadd('day', '7 * (' ~ value_expr ~ ')', received_expr) }} as date)
        when 'months' then {{ add_months_clamped(received_expr, value_expr) }}
    end
{%- endmacro %}


{#- Period label of a date: quarter '2010Q1', half_year '2010H1', year '2010'. -#}
{% macro period_label(date_expr, grain) -%}
    {{ return(adapter.dispatch('period_label', 'sagskvalitet')(date_expr, grain)) }}
{%- endmacro %}

{% macro default__period_label(date_expr, grain) -%}
    {%- set year_text = 'cast(' ~ date_part_number('year', date_expr) ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- if grain == 'quarter' -%}
        {{ dbt.concat([year_text, "'Q'", 'cast(' ~ date_part_number('quarter', date_expr) ~ ' as ' ~ dbt.type_string() ~ ')']) }}
    {%- elif grain == 'half_year' -%}
        {{ dbt.concat([year_text, "case when " ~ date_part_number('month', date_expr) ~ " <= 6 then 'H1' else 'H2' end"]) }}
    {%- elif grain == 'year' -%}
        {{ year_text }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("period_label: unknown grain " ~ grain) }}
    {%- endif -%}
{%- endmacro %}


{#- Integer part of a date (year, quarter, month): ANSI extract. -#}
{% macro date_part_number(datepart, date_expr) -%}
    {{ return(adapter.dispatch('date_part_number', 'sagskvalitet')(datepart, date_expr)) }}
{%- endmacro %}

{% macro default__date_part_number(datepart, date_expr) -%}
    cast(extract({{ datepart }} from {{ date_expr }}) as integer)
{%- endmacro %}
