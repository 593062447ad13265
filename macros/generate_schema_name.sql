{#- Layer schemas are used as named (staging, intermediate, marts, reference), not
    prefixed with the target schema, so BI connects to a stable "marts" schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
