{#- Spark SQL implementations of the project's dispatched macros (issue 15). Spark reads
    regular expressions as Java does (rlike, regexp_replace without flags), has try_cast
    and try_to_timestamp instead of guarded casts, counts weekdays from Monday = 0
    (weekday), requires a correlated scalar subquery to be aggregated, and has no
    hugeint: integer division is `div` on bigint. String literals are read without
    escapes (profile: spark.sql.parser.escapedStringLiterals), as on PostgreSQL and DuckDB.
    Each macro computes what its duckdb__ and default__ siblings compute. -#}

{#- strftime -> Spark datetime pattern; one-letter M and d read one or two digits. -#}
{% macro strftime_to_spark(fmt) -%}
    {{- fmt.replace('%Y', 'yyyy').replace('%m', 'M').replace('%d', 'd').replace('%H', 'HH').replace('%M', 'mm').replace('%S', 'ss') -}}
{%- endmacro %}

{% macro spark__parse_timestamp(expr, formats) -%}
    coalesce(
        {%- for fmt in formats %}
        case
            when trim({{ expr }}) rlike '{{ sagskvalitet.strftime_to_regex(fmt) }}'
                then try_to_timestamp(trim({{ expr }}), '{{ sagskvalitet.strftime_to_spark(fmt) }}')
        end,
        {%- endfor %}
        cast(null as timestamp)
    )
{%- endmacro %}

{% macro spark__parse_date(expr, formats) -%}
    cast({{ sagskvalitet.spark__parse_timestamp(expr, formats) }} as date)
{%- endmacro %}

{% macro spark__parse_timestamp_tz(expr) -%}
    try_cast(trim({{ expr }}) as timestamp)
{%- endmacro %}

{% macro spark__safe_integer(expr) -%}
    case
        when trim({{ expr }}) rlike '^[+-]?[0-9]{1,18}$' then try_cast(trim({{ expr }}) as bigint)
    end
{%- endmacro %}

{% macro spark__fold_text(expr) -%}
    trim(regexp_replace(
        replace(replace(replace(lower({{ expr }}), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
        '[\s\p{Z}\x{feff}]+', ' '
    ))
{%- endmacro %}

{% macro spark__remove_whitespace(expr) -%}
    regexp_replace({{ expr }}, '[\s\p{Z}\x{feff}]', '')
{%- endmacro %}

{% macro spark__iso_day_of_week(date_expr) -%}
    cast(weekday({{ date_expr }}) + 1 as integer)
{%- endmacro %}

{% macro spark__working_days_after(date_expr, n_expr) -%}
    (
        select max(wd_target.date_day)
        from {{ ref('int_calendar_days') }} as wd_target
        inner join {{ ref('int_calendar_days') }} as wd_start
            on wd_target.is_working_day
        where
            wd_start.date_day = {{ date_expr }}
            and wd_target.working_day_seq = wd_start.working_day_seq + ({{ n_expr }})
    )
{%- endmacro %}

{% macro spark__roll_to_working_day(date_expr) -%}
    (
        select max(roll_day.next_working_day)
        from {{ ref('int_calendar_days') }} as roll_day
        where roll_day.date_day = {{ date_expr }}
    )
{%- endmacro %}

{% macro spark__round_half_away(numerator_expr, denominator_expr, scale) -%}
    {%- set n = 'cast(' ~ numerator_expr ~ ' as bigint)' -%}
    {%- set d = 'cast(' ~ denominator_expr ~ ' as bigint)' -%}
    case
        when {{ d }} <> 0
            then cast(
                (case when ({{ n }} < 0) <> ({{ d }} < 0) and {{ n }} <> 0 then -1 else 1 end)
                * ((2 * abs({{ n }}) * {{ 10 ** scale }} + abs({{ d }})) div (2 * abs({{ d }})))
                as decimal(38, 0)
            ) * cast('{{ sagskvalitet.decimal_unit(scale) }}' as decimal({{ scale + 1 }}, {{ scale }}))
    end
{%- endmacro %}
