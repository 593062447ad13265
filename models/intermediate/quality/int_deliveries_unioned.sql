-- Every delivery and export file with the rows its manifest declares: the six systems'
-- delivery lists in one. The warehouse's as-of date outside staging is its latest delivery.
{%- set systems = ['sagssystem_a', 'sagssystem_b', 'esdh', 'klageregister', 'aktindsigt', 'henvendelser'] %}
{% for system in systems %}
    select
        {{ delivery_columns() }}
    from {{ ref('stg_' ~ system ~ '__deliveries') }}
    {% if not loop.last %}
        union all
    {% endif %}
{%- endfor %}
