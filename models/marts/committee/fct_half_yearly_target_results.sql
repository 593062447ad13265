-- Halvårlig afrapportering til Økonomiudvalget: every quarterly target and monitoring
-- figure for the whole administration per half-year, with the previous half-year beside it.
-- Previous period and change come from fct_target_results (one previous-period
-- calculation, one rounding macro).
with

quarterly_figures as (
    -- the half-year table holds exactly the figures reported quarterly
    select
        target_id,
        figure_kind
    from {{ ref('targets') }}
    where period_grain = 'quarter'
),

results as (
    select
        target_id,
        period,
        numerator,
        denominator,
        ratio,
        percent,
        threshold,
        is_met,
        measure_kind,
        previous_period,
        previous_numerator,
        previous_denominator,
        previous_ratio,
        previous_percent,
        previous_is_met,
        change
    from {{ ref('fct_target_results') }}
    where
        period_grain = 'half_year'
        and unit_id = 'ALL'
),

final as (
    select
        cur.target_id,
        quarterly_figures.figure_kind,
        cur.period,
        cur.numerator,
        cur.denominator,
        cur.ratio,
        cur.percent,
        cur.threshold,
        cur.is_met,
        cur.previous_period,
        cur.previous_numerator,
        cur.previous_denominator,
        cur.previous_ratio,
        cur.previous_percent,
        cur.previous_is_met,
        case when cur.measure_kind = 'share' then cur.change end as change_percentage_points
    from results as cur
    inner join quarterly_figures
        on cur.target_id = quarterly_figures.target_id
)

select
    target_id,
    figure_kind,
    period,
    numerator,
    denominator,
    ratio,
    percent,
    threshold,
    is_met,
    previous_period,
    previous_numerator,
    previous_denominator,
    previous_ratio,
    previous_percent,
    previous_is_met,
    change_percentage_points
from final
