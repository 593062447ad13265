{#- Primary-key test over several columns (dbt_utils is not reachable here).
    Nulls are compared as values, so a key column that may be null (e.g. `area`)
    still identifies one row. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with keyed as (

    select
        {% for column in combination_of_columns -%}
            {{ column }}{{ "," if not loop.last }}
        {% endfor %}
    from {{ model }}

)

select
    {% for column in combination_of_columns -%}
        {{ column }},
    {% endfor -%}
    count(*) as n_rows
from keyed
group by
    {% for column in combination_of_columns -%}
        {{ column }}{{ "," if not loop.last }}
    {% endfor %}
having count(*) > 1

{% endtest %}
