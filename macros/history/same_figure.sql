{#- The join condition of two rows of the same figure (samme tal): the same comparison,
    target, period grain, period and unit, and the same area (both null for a figure of
    every area). left, right: the relations' aliases; columns: the key columns besides
    the area. -#}
{% macro same_figure(left, right, columns=['comparison_id', 'target_id', 'period_grain', 'period', 'unit_id']) -%}
    {%- for column in columns %}
        {{ left }}.{{ column }} = {{ right }}.{{ column }} and
    {%- endfor %}
        coalesce({{ left }}.area, '') = coalesce({{ right }}.area, '')
{%- endmacro %}
