{#- The warehouse's "today" (as of): var('as_of_date') when set, else the latest delivery
    date in the landing manifest. Never the wall clock, so a build is reproducible.
    The ref is taken on every path so dbt always records the dependency. -#}
{% macro as_of_date() -%}
    {%- set manifest = ref('base_landing__manifest') -%}
    {%- set as_of = var('as_of_date', none) -%}
    {%- if as_of is not none and (as_of | string | trim) != '' -%}
        cast('{{ as_of }}' as date)
    {%- else -%}
        (select max(delivery_date) from {{ manifest }})
    {%- endif -%}
{%- endmacro %}
