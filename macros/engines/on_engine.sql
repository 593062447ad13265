{#- The header of the hook macros (on-run-start, on-run-end, post-hooks) that do
    something on one engine only: on that engine (target.type) the statement of the
    engine's macro, on every other a no-op statement `select 1 as <noop_column>`. -#}
{% macro on_engine(engine, engine_macro, noop_column) -%}
    {%- if target.type == engine -%}
        {{- return(engine_macro()) -}}
    {%- endif -%}
    {{- return('select 1 as ' ~ noop_column) -}}
{%- endmacro %}
