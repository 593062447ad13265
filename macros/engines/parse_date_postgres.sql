{#- PostgreSQL implementations of parse_date / parse_timestamp / parse_timestamp_tz
    (issue 15). to_date and a cast raise on an impossible date (31-02-2010, month 13)
    where DuckDB's try_strptime gives null. So the format's regular expression admits only
    months 1-12, days 1-31, hours 0-23, minutes and seconds 0-59; then text that names a
    day its month lacks (the 31st of a 30-day month or February, 30 February, 29 February
    of a common year) or year 0000 is null; only real dates reach to_date / to_timestamp.
    Unreadable or impossible text is null, as on DuckDB (the caller flags invalid_date).
    Only plain matches without capture groups: PostgreSQL runs those on its fast automaton
    (regexp_replace with groups or a PL/pgSQL function per value were 20-50 times slower). -#}

{#- The format as a regular expression, fields replaced as given (defaults: valid ranges). -#}
{% macro postgres_format_regex(fmt, year='\\d{4}', month='(?:0?[1-9]|1[0-2])', day='(?:0?[1-9]|[12]\\d|3[01])') -%}
    {{- fmt.replace('.', '\\.')
        .replace('%Y', year)
        .replace('%m', month)
        .replace('%d', day)
        .replace('%H', '(?:[01]\\d|2[0-3])')
        .replace('%M', '[0-5]\\d')
        .replace('%S', '[0-5]\\d') -}}
{%- endmacro %}

{#- The text of a matching value when it is a real day and time, else null. -#}
{% macro postgres_real_text(expr, fmt) -%}
    {%- set text = 'trim(' ~ expr ~ ')' -%}
    {%- set impossible = [
        sagskvalitet.postgres_format_regex(fmt, month='(?:0?[2469]|11)', day='31'),
        sagskvalitet.postgres_format_regex(fmt, month='0?2', day='30'),
        sagskvalitet.postgres_format_regex(fmt, year='0000'),
    ] -%}
    {%- set year = 'cast(substring(' ~ text ~ " from '\\d{4}') as integer)" -%}
    case
        when {{ text }} ~ '^{{ sagskvalitet.postgres_format_regex(fmt) }}$' then case
            when {{ text }} ~ '^(?:{{ impossible | join("|") }})$' then null
            when {{ text }} ~ '^{{ sagskvalitet.postgres_format_regex(fmt, month="0?2", day="29") }}$'
                and not ({{ year }} % 4 = 0 and ({{ year }} % 100 <> 0 or {{ year }} % 400 = 0))
                then null
            else {{ text }}
        end
    end
{%- endmacro %}

{% macro postgres__parse_date(expr, formats) -%}
    coalesce(
        {%- for fmt in formats %}
        to_date({{ sagskvalitet.postgres_real_text(expr, fmt) }}, '{{ sagskvalitet.strftime_to_pg(fmt) }}'),
        {%- endfor %}
        cast(null as date)
    )
{%- endmacro %}

{% macro postgres__parse_timestamp(expr, formats) -%}
    coalesce(
        {%- for fmt in formats %}
        cast(to_timestamp({{ sagskvalitet.postgres_real_text(expr, fmt) }}, '{{ sagskvalitet.strftime_to_pg(fmt) }}') as timestamp),
        {%- endfor %}
        cast(null as timestamp)
    )
{%- endmacro %}

{#- ISO 8601 with offset: the date and time checked as above, then PostgreSQL's own cast. -#}
{% macro postgres__parse_timestamp_tz(expr) -%}
    {%- set fmt = '%Y-%m-%d' -%}
    {%- set text = 'trim(' ~ expr ~ ')' -%}
    case
        when {{ text }} ~ '^\d{4}-\d{2}-\d{2}[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:[+-]\d{2}(?::?\d{2})?|Z)?$'
            then cast(
                case
                    when {{ sagskvalitet.postgres_real_text('left(' ~ text ~ ', 10)', fmt) }} is not null
                        then {{ text }}
                end
                as timestamp with time zone
            )
    end
{%- endmacro %}
