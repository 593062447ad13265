-- Complementary suppression: a figure and period never has a primary-suppressed unit
-- (population under the minimum) as the only suppressed unit while another unit is
-- published, since ALL minus the published units would reveal it. A lone complement
-- cell is allowed: the complement unit may have a row in a period where the unit it
-- protects has none (issue 10 contract, rule 3), and that cell is not small.
-- Fails on each figure and period with one suppressed unit, suppressed for its own size.
with

per_figure as (
    select
        target_id,
        period_grain,
        period,
        coalesce(area, '') as area_key,
        sum(case when is_suppressed then 1 else 0 end) as suppressed_units,
        sum(case when suppression_reason = 'primary' then 1 else 0 end) as primary_units,
        sum(case when not is_suppressed then 1 else 0 end) as published_units
    from {{ ref('fct_published_target_results') }}
    where unit_id <> 'ALL'
    group by
        target_id,
        period_grain,
        period,
        coalesce(area, '')
)

select
    target_id,
    period_grain,
    period,
    area_key,
    suppressed_units,
    primary_units,
    published_units
from per_figure
where
    suppressed_units = 1
    and primary_units = 1
    and published_units > 0
