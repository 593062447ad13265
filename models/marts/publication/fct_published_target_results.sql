-- Diskretionering (small-number suppression) of the quarterly and half-yearly figures before
-- publication. A unit-level figure whose population (denominator, or the count of a count
-- figure) is under var('suppression_min_count') is blanked; where that leaves exactly one
-- unit of a figure and period blanked, the next smallest unit is blanked too, so that
-- ALL minus the other units cannot reveal it. ALL is never suppressed; UNKNOWN is a unit.
with

results as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        numerator,
        denominator,
        ratio,
        percent,
        threshold,
        is_met,
        coalesce(denominator, numerator) as population
    from {{ ref('fct_target_results') }}
    where period_grain in ('quarter', 'half_year')
),

primary_suppression as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        numerator,
        denominator,
        ratio,
        percent,
        threshold,
        is_met,
        population,
        (
            unit_id <> 'ALL'
            and population < {{ var('suppression_min_count', 5) }}
        ) as is_small_population
    from results
),

suppressed_per_figure as (
    select
        target_id,
        period_grain,
        period,
        sum(case when is_small_population then 1 else 0 end) as small_population_units
    from primary_suppression
    group by
        target_id,
        period_grain,
        period
),

complementary_candidates as (
    -- the other units of a figure and period with exactly one small-population unit,
    -- smallest population first (then unit id, so the choice is reproducible)
    select
        primary_suppression.target_id,
        primary_suppression.period_grain,
        primary_suppression.period,
        primary_suppression.unit_id,
        row_number() over (
            partition by
                primary_suppression.target_id,
                primary_suppression.period_grain,
                primary_suppression.period
            order by primary_suppression.population asc, primary_suppression.unit_id asc
        ) as complementary_rank
    from primary_suppression
    inner join suppressed_per_figure
        on
            primary_suppression.target_id = suppressed_per_figure.target_id
            and primary_suppression.period_grain = suppressed_per_figure.period_grain
            and primary_suppression.period = suppressed_per_figure.period
    where
        suppressed_per_figure.small_population_units = 1
        and primary_suppression.unit_id <> 'ALL'
        and not primary_suppression.is_small_population
),

flagged as (
    select
        primary_suppression.target_id,
        primary_suppression.period_grain,
        primary_suppression.period,
        primary_suppression.unit_id,
        primary_suppression.numerator,
        primary_suppression.denominator,
        primary_suppression.ratio,
        primary_suppression.percent,
        primary_suppression.threshold,
        primary_suppression.is_met,
        case
            when primary_suppression.is_small_population then 'small_population'
            when complementary_candidates.unit_id is not null then 'complementary'
        end as suppression_reason
    from primary_suppression
    left join complementary_candidates
        on
            primary_suppression.target_id = complementary_candidates.target_id
            and primary_suppression.period_grain = complementary_candidates.period_grain
            and primary_suppression.period = complementary_candidates.period
            and primary_suppression.unit_id = complementary_candidates.unit_id
            and complementary_candidates.complementary_rank = 1
),

final as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        case when suppression_reason is null then numerator end as numerator,
        case when suppression_reason is null then denominator end as denominator,
        case when suppression_reason is null then ratio end as ratio,
        case when suppression_reason is null then percent end as percent,  -- noqa: RF04
        threshold,
        case when suppression_reason is null then is_met end as is_met,
        suppression_reason is not null as is_suppressed,
        suppression_reason
    from flagged
)

select
    target_id,
    period_grain,
    period,
    unit_id,
    numerator,
    denominator,
    ratio,
    percent,
    threshold,
    is_met,
    is_suppressed,
    suppression_reason
from final
