-- Monitoring figures (no threshold) per quarter and unit incl. ALL. Formality complaints are
-- compared with the same quarter a year before, since their reduction target is yearly;
-- the other figures with the previous quarter.
with

monitoring_figures as (
    select
        target_id,
        threshold as reduction_target
    from {{ ref('targets') }}
    where
        figure_kind = 'monitoring'
        and period_grain = 'quarter'
),

results as (
    select
        results.target_id,
        results.period,
        results.unit_id,
        results.numerator,
        results.denominator,
        results.ratio,
        results.percent,
        monitoring_figures.reduction_target,
        case when results.target_id = 'formality_complaints' then 4 else 1 end as comparison_lag,
        cast(substr(results.period, 1, 4) as integer) * 4
        + cast(substr(results.period, 6, 1) as integer) - 1 as quarter_index
    from {{ ref('fct_target_results') }} as results
    inner join monitoring_figures
        on results.target_id = monitoring_figures.target_id
    where results.period_grain = 'quarter'
),

compared as (
    select
        cur.target_id,
        cur.period,
        cur.unit_id,
        cur.numerator,
        cur.denominator,
        cur.ratio,
        cur.percent,
        cur.reduction_target,
        case when cur.denominator is null then 'count' else 'share' end as value_kind,
        comparison.period as comparison_period,
        comparison.numerator as comparison_numerator,
        comparison.denominator as comparison_denominator,
        comparison.percent as comparison_percent
    from results as cur
    left join results as comparison
        on
            cur.target_id = comparison.target_id
            and cur.unit_id = comparison.unit_id
            and cur.quarter_index - cur.comparison_lag = comparison.quarter_index
),

final as (
    select
        target_id,
        period,
        unit_id,
        value_kind,
        numerator,
        denominator,
        ratio,
        percent,
        comparison_period,
        comparison_numerator,
        comparison_denominator,
        comparison_percent,
        case
            when value_kind = 'count' and comparison_numerator > 0
                then cast(round(
                    cast(100 * (numerator - comparison_numerator) as decimal(38, 10))
                    / cast(comparison_numerator as decimal(38, 10)),
                    1
                ) as decimal(18, 1))
        end as change_percent,
        case
            when value_kind = 'share' then percent - comparison_percent
        end as change_percentage_points,
        reduction_target,
        -- only formality complaints carry a (yearly) reduction target in the targets seed
        case
            when target_id <> 'formality_complaints' then null
            when reduction_target is null then 'not set'
            when comparison_numerator is null then 'no comparison'
            when numerator <= (1 - reduction_target) * comparison_numerator then 'met'
            else 'not met'
        end as reduction_target_status
    from compared
)

select
    target_id,
    period,
    unit_id,
    value_kind,
    numerator,
    denominator,
    ratio,
    percent,
    comparison_period,
    comparison_numerator,
    comparison_denominator,
    comparison_percent,
    change_percent,
    change_percentage_points,
    reduction_target,
    reduction_target_status
from final
