-- Kvartalsvis målopfyldelse: every quarterly target and monitoring figure per unit and
-- for the whole administration (ALL), with the previous quarter of the same unit beside it.
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
        -- a running quarter number, so "the previous quarter" is a plain join on number - 1
        cast(substr(period, 1, 4) as integer) * 4
        + cast(substr(period, 6, 1) as integer) - 1 as quarter_index
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
        prev.period as previous_period,
        prev.numerator as previous_numerator,
        prev.denominator as previous_denominator,
        prev.ratio as previous_ratio,
        prev.percent as previous_percent,
        prev.is_met as previous_is_met,
        cur.percent - prev.percent as change_percentage_points
    from results as cur
    inner join targets
        on cur.target_id = targets.target_id
    left join results as prev
        on
            cur.target_id = prev.target_id
            and cur.unit_id = prev.unit_id
            and cur.quarter_index - 1 = prev.quarter_index
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
