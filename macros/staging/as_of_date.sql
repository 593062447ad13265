{#- The warehouse's "today" (as of): var('as_of_date') when set, else the latest delivery
    date. Never the wall clock, so a build is reproducible.
    A staging model takes the deliveries of its own system (base_<system>__deliveries),
    so it descends from its own source only; every other model takes all deliveries
    (int_deliveries_unioned). Every delivery lists all six files, so both give the same
    date. The ref is taken on every path so dbt always records the dependency. -#}
{% macro as_of_date() -%}
    {%- set deliveries = ref(sagskvalitet.as_of_deliveries_model()) -%}
    {%- set as_of = var('as_of_date', none) -%}
    {%- if as_of is not none and (as_of | string | trim) != '' -%}
        cast('{{ as_of }}' as date)
    {%- else -%}
        (select max(delivery_date) from {{ deliveries }})
    {%- endif -%}
{%- endmacro %}

{#- The model whose latest delivery is "today" for the model being built. -#}
{% macro as_of_deliveries_model() -%}
    {%- set parts = (model.original_file_path or '').replace('\\', '/').split('/') -%}
    {%- if parts | length > 3 and parts[0] == 'models' and parts[1] == 'staging' -%}
        {{- return('base_' ~ parts[2] ~ '__deliveries') -}}
    {%- else -%}
        {{- return('int_deliveries_unioned') -}}
    {%- endif -%}
{%- endmacro %}
