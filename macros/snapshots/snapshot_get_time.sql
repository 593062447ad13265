{#- dbt dates snapshot versions with snapshot_get_time(), the wall clock by default. This
    warehouse never reads the wall clock: a version is dated by the as-of date (the
    delivery it came from), so the history is reproducible and a rebuild with an earlier
    as_of_date means the same day. Overrides the built-in macro for this project. -#}
{% macro duckdb__snapshot_get_time() -%}
    {{ as_of_snapshot_time() }}
{%- endmacro %}

{% macro postgres__snapshot_get_time() -%}
    {{ as_of_snapshot_time() }}
{%- endmacro %}

{% macro default__snapshot_get_time() -%}
    {{ as_of_snapshot_time() }}
{%- endmacro %}

{% macro as_of_snapshot_time() -%}
    cast({{ as_of_date() }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
