-- Monitoring figures (no threshold) per quarter and unit incl. ALL. Formality complaints are
-- compared with the same quarter a year before, since their reduction target is yearly;
-- the other figures with the previous quarter. Every comparison, change and the reduction
-- target's verdict come from fct_target_results (one previous-period calculation, one
-- rounding macro; the reduction target is the targets seed's target_change_percent).
with

monitoring_figures as (
    select target_id
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
        results.measure_kind,
        results.numerator,
        results.denominator,
        results.ratio,
        results.percent,
        results.previous_period,
        results.previous_numerator,
        results.previous_denominator,
        results.previous_percent,
        results.change,
        results.change_percent,
        results.year_before_period,
        results.year_before_numerator,
        results.year_before_denominator,
        results.year_before_percent,
        results.year_before_change_percent,
        results.target_change_percent,
        results.is_target_change_met
    from {{ ref('fct_target_results') }} as results
    inner join monitoring_figures
        on results.target_id = monitoring_figures.target_id
    where results.period_grain = 'quarter'
),

final as (
    select
        results.target_id,
        results.period,
        results.unit_id,
        case when results.denominator is null then 'count' else 'share' end as value_kind,
        results.numerator,
        results.denominator,
        results.ratio,
        results.percent,
        case
            when results.target_id = 'formality_complaints' then results.year_before_period
            else results.previous_period
        end as comparison_period,
        case
            when results.target_id = 'formality_complaints' then results.year_before_numerator
            else results.previous_numerator
        end as comparison_numerator,
        case
            when results.target_id = 'formality_complaints' then results.year_before_denominator
            else results.previous_denominator
        end as comparison_denominator,
        case
            when results.target_id = 'formality_complaints' then results.year_before_percent
            else results.previous_percent
        end as comparison_percent,
        case
            when results.target_id = 'formality_complaints' then results.year_before_change_percent
            else results.change_percent
        end as change_percent,
        case
            when results.measure_kind = 'share' then results.change
        end as change_percentage_points,
        results.target_change_percent as reduction_target,
        -- only formality complaints carry a (yearly) reduction target in the targets seed
        case
            when results.target_id <> 'formality_complaints' then null
            when results.target_change_percent is null then 'not set'
            when results.is_target_change_met is null then 'no comparison'
            when results.is_target_change_met then 'met'
            else 'not met'
        end as reduction_target_status
    from results
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
