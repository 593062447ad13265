-- Complementary suppression: a figure and period never has exactly one suppressed unit
-- while another unit is published, since ALL minus the published units would reveal it.
-- Fails on each figure and period with one suppressed and at least one published unit.
with

per_figure as (
    select
        target_id,
        period_grain,
        period,
        sum(case when is_suppressed then 1 else 0 end) as suppressed_units,
        sum(case when not is_suppressed then 1 else 0 end) as published_units
    from {{ ref('fct_published_target_results') }}
    where unit_id <> 'ALL'
    group by
        target_id,
        period_grain,
        period
)

select
    target_id,
    period_grain,
    period,
    suppressed_units,
    published_units
from per_figure
where
    suppressed_units = 1
    and published_units > 0
