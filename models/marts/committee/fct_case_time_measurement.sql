-- Sagstidsmåling: the yearly case-time measurement for the whole administration, one row
-- per year, with its three yearly figures side by side as the committee reads them.
with

yearly as (
    select
        target_id,
        period,
        numerator,
        denominator,
        percent,
        threshold,
        is_met
    from {{ ref('fct_target_results') }}
    where
        period_grain = 'year'
        and unit_id = 'ALL'
        and area is null
),

measurement_years as (
    select distinct period
    from yearly
),

general_compliance as (
    select
        period,
        numerator,
        denominator,
        percent,
        threshold,
        is_met
    from yearly
    where target_id = 'general_compliance'
),

notice_when_overdue as (
    select
        period,
        numerator,
        denominator,
        percent,
        threshold,
        is_met
    from yearly
    where target_id = 'notice_when_overdue'
),

mean_processing_days as (
    select
        period,
        numerator,
        denominator
    from yearly
    where target_id = 'mean_processing_days'
),

final as (
    select
        measurement_years.period as measurement_year,
        general_compliance.denominator as decisions,
        general_compliance.numerator as decided_in_time,
        general_compliance.percent as general_compliance_percent,
        general_compliance.threshold as general_compliance_threshold,
        general_compliance.is_met as is_general_compliance_met,
        notice_when_overdue.denominator as decided_late,
        notice_when_overdue.numerator as decided_late_with_notice,
        notice_when_overdue.percent as notice_when_overdue_percent,
        notice_when_overdue.threshold as notice_when_overdue_threshold,
        notice_when_overdue.is_met as is_notice_when_overdue_met,
        mean_processing_days.numerator as processing_days_total,
        -- one decimal, half away from zero, from the integer totals (one rounding macro)
        cast(
            {{ round_half_away('mean_processing_days.numerator', 'mean_processing_days.denominator', 1) }}
            as decimal(18, 1)
        ) as mean_processing_days
    from measurement_years
    left join general_compliance
        on measurement_years.period = general_compliance.period
    left join notice_when_overdue
        on measurement_years.period = notice_when_overdue.period
    left join mean_processing_days
        on measurement_years.period = mean_processing_days.period
)

select
    measurement_year,
    decisions,
    decided_in_time,
    general_compliance_percent,
    general_compliance_threshold,
    is_general_compliance_met,
    decided_late,
    decided_late_with_notice,
    notice_when_overdue_percent,
    notice_when_overdue_threshold,
    is_notice_when_overdue_met,
    processing_days_total,
    mean_processing_days
from final
