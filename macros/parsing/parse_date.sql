{#- Try-parse text to a date / timestamp with one or more strftime formats, first match
    wins; null for empty text or text no format reads (the caller flags invalid_date). -#}
{% macro parse_date(expr, formats) -%}
    {{ return(adapter.dispatch('parse_date', 'sagskvalitet')(expr, formats)) }}
{%- endmacro %}

{#- duckdb's strptime reads %Y from two digits too (`01.04.10` as year 10), so every format
    is guarded by its regular expression: a year is four digits or the text is unreadable. -#}
{% macro duckdb__parse_date(expr, formats) -%}
    {{ sagskvalitet.duckdb_first_strptime(expr, formats, 'date') }}
{%- endmacro %}

{#- duckdb__parse_date and duckdb__parse_timestamp: the first guarded format that reads
    the text, cast to `type`. -#}
{% macro duckdb_first_strptime(expr, formats, type) -%}
    coalesce(
        {%- for fmt in formats %}
        case
            when regexp_full_match(trim({{ expr }}), '{{ sagskvalitet.strftime_to_regex(fmt) }}')
                then cast(try_strptime(trim({{ expr }}), '{{ fmt }}') as {{ type }})
        end,
        {%- endfor %}
        cast(null as {{ type }})
    )
{%- endmacro %}

{#- Generic (PostgreSQL-flavoured) fallback: a regular expression built from the format
    guards to_date/to_timestamp, which raise instead of returning null. -#}
{% macro default__parse_date(expr, formats) -%}
    case
        {%- for fmt in formats %}
        when trim({{ expr }}) ~ '{{ sagskvalitet.strftime_to_regex(fmt) }}'
            then to_date(trim({{ expr }}), '{{ sagskvalitet.strftime_to_pg(fmt) }}')
        {%- endfor %}
    end
{%- endmacro %}

{#- Local timestamps without offset (Registreret, Modtaget of inquiries). -#}
{% macro parse_timestamp(expr, formats) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'sagskvalitet')(expr, formats)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr, formats) -%}
    {{ sagskvalitet.duckdb_first_strptime(expr, formats, 'timestamp') }}
{%- endmacro %}

{% macro default__parse_timestamp(expr, formats) -%}
    case
        {%- for fmt in formats %}
        when trim({{ expr }}) ~ '{{ sagskvalitet.strftime_to_regex(fmt) }}'
            then cast(to_timestamp(trim({{ expr }}), '{{ sagskvalitet.strftime_to_pg(fmt) }}') as timestamp)
        {%- endfor %}
    end
{%- endmacro %}

{#- ISO 8601 timestamps with a UTC offset (updated_at of system B). -#}
{% macro parse_timestamp_tz(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp_tz', 'sagskvalitet')(expr)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp_tz(expr) -%}
    try_cast(trim({{ expr }}) as timestamp with time zone)
{%- endmacro %}

{% macro default__parse_timestamp_tz(expr) -%}
    case
        when trim({{ expr }}) ~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)?$'
            then cast(trim({{ expr }}) as timestamp with time zone)
    end
{%- endmacro %}

{% macro strftime_to_regex(fmt) -%}
    {{- '^' ~ fmt.replace('.', '\\.').replace('%Y', '\\d{4}').replace('%m', '\\d{1,2}').replace('%d', '\\d{1,2}').replace('%H', '\\d{2}').replace('%M', '\\d{2}').replace('%S', '\\d{2}') ~ '$' -}}
{%- endmacro %}

{% macro strftime_to_pg(fmt) -%}
    {{- fmt.replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD').replace('%H', 'HH24').replace('%M', 'MI').replace('%S', 'SS') -}}
{%- endmacro %}
