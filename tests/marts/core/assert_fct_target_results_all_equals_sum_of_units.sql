-- The whole administration (ALL) of a quarterly or half-yearly figure is the sum of its units.
with

units as (
    select
        target_id,
        period_grain,
        period,
        area,
        sum(numerator) as numerator,
        sum(coalesce(denominator, 0)) as denominator
    from {{ ref('fct_target_results') }}
    where
        unit_id <> 'ALL'
        and period_grain <> 'year'
    group by
        target_id,
        period_grain,
        period,
        area
),

totals as (
    select
        target_id,
        period_grain,
        period,
        area,
        numerator,
        coalesce(denominator, 0) as denominator
    from {{ ref('fct_target_results') }}
    where
        unit_id = 'ALL'
        and period_grain <> 'year'
)

select
    totals.target_id,
    totals.period_grain,
    totals.period,
    totals.numerator,
    units.numerator as unit_numerator
from totals
left join units
    on
        totals.target_id = units.target_id
        and totals.period_grain = units.period_grain
        and totals.period = units.period
        and coalesce(totals.area, '') = coalesce(units.area, '')
where
    units.target_id is null
    or totals.numerator <> units.numerator
    or totals.denominator <> units.denominator
