-- Halvårlig afrapportering til Økonomiudvalget: every quarterly target and monitoring
-- figure for the whole administration per half-year, with the previous half-year beside it.
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
        cast(substr(period, 1, 4) as integer) * 2
        + cast(substr(period, 6, 1) as integer) - 1 as half_year_index
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
        prev.period as previous_period,
        prev.numerator as previous_numerator,
        prev.denominator as previous_denominator,
        prev.ratio as previous_ratio,
        prev.percent as previous_percent,
        prev.is_met as previous_is_met,
        cur.percent - prev.percent as change_percentage_points
    from results as cur
    inner join quarterly_figures
        on cur.target_id = quarterly_figures.target_id
    left join results as prev
        on
            cur.target_id = prev.target_id
            and cur.half_year_index - 1 = prev.half_year_index
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
