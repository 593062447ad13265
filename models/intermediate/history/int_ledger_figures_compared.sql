-- The frozen figures on each side of a comparison of the reporting ledger
-- (indberettede tal pr. sammenligning): the older side's figures of every comparison and,
-- for a comparison with the next version, the newer side's. Today's figures (the
-- "current" side) are added by the revisions mart, which reads fct_target_results.
with comparisons as (

    select * from {{ ref('int_ledger_comparisons') }}

),

frozen as (

    select
        freeze_id,
        {{ ledger_figure_columns() }}
    from {{ ref('stg_ledger__target_results') }}

),

sides as (
    {% for side in ['old', 'new'] %}
        select
            comparisons.comparison_id,
            '{{ side }}' as side,
            {{ ledger_figure_columns('frozen') }}
        from comparisons
        inner join frozen
            on comparisons.{{ side }}_freeze_id = frozen.freeze_id
        {% if side == 'new' %}
            where comparisons.comparison = 'next_version'
        {% else %}
            union all
        {% endif %}
    {% endfor %}
)

select
    sides.comparison_id,
    {{ ledger_comparison_columns('comparisons') }},
    sides.side,
    {{ ledger_figure_columns('sides') }}
from sides
inner join comparisons
    on sides.comparison_id = comparisons.comparison_id
