{#- The keyword that makes a common table expression be computed once ("as materialized"),
    where the adapter has it. fct_published_target_results chains its disclosure-control
    passes as CTEs: inlined, DuckDB's filter pushdown plans them in time exponential in the
    number of passes (7 passes: minutes; materialized: milliseconds). -#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'sagskvalitet')()) }}
{%- endmacro %}

{% macro duckdb__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro postgres__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro default__materialized_cte() -%}
{%- endmacro %}
