{#- Fails on every row where the boolean SQL expression is false or null.
    Restrict the rows with the standard `config: where:` of a data test. -#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}
