-- Complementary suppression, and proof that step 4 of fct_published_target_results
-- converged within var('suppression_complement_passes'): a figure and period never has
-- exactly one suppressed unit while another unit is published there, since ALL minus the
-- published units would reveal it - whether the unit was suppressed for its own size or
-- as a complement (a complement unit with a row in a period where the unit it protects
-- has none is protected by step 4 too). A unit alone in its period equals ALL, which is
-- never suppressed, and is not counted here (no rule can protect it).
-- Fails on each figure and period with one suppressed unit and at least one published one.
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
    and published_units > 0
