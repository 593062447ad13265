-- Sagstidsmåling pr. område: the specific compliance of the yearly measurement, one row per
-- year and case area, each area held to the same threshold.
with

specific_compliance as (
    select
        period,
        area,
        numerator,
        denominator,
        ratio,
        percent,
        threshold,
        is_met
    from {{ ref('fct_target_results') }}
    where
        target_id = 'specific_compliance'
        and period_grain = 'year'
        and unit_id = 'ALL'
)

select
    period as measurement_year,
    area,
    denominator as decisions,
    numerator as decided_in_time,
    ratio,
    percent,
    threshold,
    is_met
from specific_compliance
