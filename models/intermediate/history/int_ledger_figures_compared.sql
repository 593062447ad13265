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
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        numerator,
        denominator,
        percent,
        is_met
    from {{ ref('stg_ledger__target_results') }}

),

sides as (

    select
        comparisons.comparison_id,
        'old' as side,
        frozen.target_id,
        frozen.period_grain,
        frozen.period,
        frozen.unit_id,
        frozen.area,
        frozen.numerator,
        frozen.denominator,
        frozen.percent,
        frozen.is_met
    from comparisons
    inner join frozen
        on comparisons.old_freeze_id = frozen.freeze_id

    union all

    select
        comparisons.comparison_id,
        'new' as side,
        frozen.target_id,
        frozen.period_grain,
        frozen.period,
        frozen.unit_id,
        frozen.area,
        frozen.numerator,
        frozen.denominator,
        frozen.percent,
        frozen.is_met
    from comparisons
    inner join frozen
        on comparisons.new_freeze_id = frozen.freeze_id
    where comparisons.comparison = 'next_version'

)

select
    sides.comparison_id,
    comparisons.comparison,
    comparisons.frozen_period,
    comparisons.old_freeze_id,
    comparisons.old_version,
    comparisons.old_as_of_date,
    comparisons.old_delivery_date,
    comparisons.new_freeze_id,
    comparisons.new_version,
    comparisons.new_as_of_date,
    comparisons.new_delivery_date,
    sides.side,
    sides.target_id,
    sides.period_grain,
    sides.period,
    sides.unit_id,
    sides.area,
    sides.numerator,
    sides.denominator,
    sides.percent,
    sides.is_met
from sides
inner join comparisons
    on sides.comparison_id = comparisons.comparison_id
