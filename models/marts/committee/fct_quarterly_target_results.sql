-- Kvartalsvis målopfyldelse: every quarterly target and monitoring figure per unit and
-- for the whole administration (ALL), with the previous quarter of the same unit beside it.
-- Previous period and change come from fct_target_results (one previous-period
-- calculation, one rounding macro); the change in percentage points is computed there
-- from the unrounded values and rounded once, not as a difference of rounded percents.
with

results as (
    select
        target_id,
        period,
        unit_id,
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
    where period_grain = 'quarter'
),

targets as (
    select
        target_id,
        figure_kind
    from {{ ref('targets') }}
),

final as (
    select
        cur.target_id,
        targets.figure_kind,
        cur.period,
        cur.unit_id,
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
    inner join targets
        on cur.target_id = targets.target_id
)

select
    target_id,
    figure_kind,
    period,
    unit_id,
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
