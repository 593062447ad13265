{#- Not-null test over several columns of one model in one scan (issue 14): a model's
    non-key columns that must always be filled, counted together instead of one test
    node and one scan each. Returns one row per column holding nulls, with their number,
    so a failure names the column as dbt's not_null would. The primary key keeps dbt's
    own unique + not_null pair. -#}
{% test not_null_columns(model, column_names) %}
    {{ return(adapter.dispatch('test_not_null_columns', 'sagskvalitet')(model, column_names)) }}
{% endtest %}

{% macro default__test_not_null_columns(model, column_names) %}

with null_counts as (

    select
        {% for column in column_names -%}
            count(*) - count({{ column }}) as null_rows_{{ loop.index }}{{ "," if not loop.last }}
        {% endfor %}
    from {{ model }}

)

{% for column in column_names -%}
    select
        '{{ column }}' as column_name,
        null_rows_{{ loop.index }} as null_rows
    from null_counts
    where null_rows_{{ loop.index }} > 0
    {% if not loop.last %}union all{% endif %}
{% endfor %}

{% endmacro %}
