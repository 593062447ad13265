{#- Post-hook of int_calendar_days (issue 15): on PostgreSQL, indexes for the calendar
    macros' per-case lookups (date_day; working_day_seq), so each scalar subquery is an
    index probe. Other engines do nothing (on_engine; DuckDB refuses to rename a table with an index,
    which dbt does on every rebuild; Spark has no indexes). -#}
{% macro calendar_lookup_indexes() -%}
    {{ return(sagskvalitet.on_engine('postgres', sagskvalitet.postgres__calendar_lookup_indexes, 'calendar_lookup_indexes')) }}
{%- endmacro %}

{% macro postgres__calendar_lookup_indexes() -%}
    create index if not exists int_calendar_days_date_day on {{ this }} (date_day);
    create index if not exists int_calendar_days_working_day_seq on {{ this }} (working_day_seq, is_working_day)
{%- endmacro %}
