-- BI interface (targets.md "The interface BI reads"): one row per figure, period grain,
-- period, unit (ALL included) and area with numerator, denominator, ratio, percent,
-- threshold, is_met and the previous period beside it. Suppresses nothing. The one
-- previous-period calculation of the warehouse: every mart that shows a previous period,
-- a change or a comparison with the year before reads it from here (issue 12).
-- Arithmetic (targets.md "Real exports", Arithmetic): exact integers and decimals only,
-- never binary floating point; every ratio, percent and change is rounded once, half away
-- from zero, from the unrounded exact value, by the one macro round_half_away. The
-- previous period is the one just before of the same grain; the same period a year before
-- is beside it for figures compared with the year before (formality_complaints), whose
-- reduction target (targets seed target_change_percent) is met when the exact change in
-- percent against that period is at most the target.
with

members as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        member_value,
        period_date
    from {{ ref('fct_target_members') }}
),

-- per unit for quarterly and half-yearly figures; yearly figures exist for ALL only
grouped as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        count(*) as member_count,
        sum(member_value) as value_sum,
        min(period_date) as first_period_date
    from members
    where period_grain <> 'year'
    group by
        target_id,
        period_grain,
        period,
        unit_id,
        area

    union all

    select
        target_id,
        period_grain,
        period,
        'ALL' as unit_id,
        area,
        count(*) as member_count,
        sum(member_value) as value_sum,
        min(period_date) as first_period_date
    from members
    group by
        target_id,
        period_grain,
        period,
        area
),

figures as (
    select
        targets.target_id,
        targets.threshold,
        targets.target_change_percent,
        measures.measure_kind,
        measures.compares_with_year_before
    from {{ ref('targets') }} as targets
    inner join {{ ref('figure_measures') }} as measures
        on targets.target_id = measures.target_id
),

calendar_days as (
    select
        date_day,
        quarter_start_date,
        half_year_start_date,
        year_start_date
    from {{ ref('int_calendar_days') }}
),

measured as (
    select
        grouped.target_id,
        grouped.period_grain,
        grouped.period,
        grouped.unit_id,
        grouped.area,
        figures.measure_kind,
        figures.compares_with_year_before,
        figures.target_change_percent,
        grouped.member_count,
        cast(case
            when figures.measure_kind = 'count' then grouped.member_count
            else grouped.value_sum
        end as bigint) as numerator,
        cast(case
            when figures.measure_kind = 'count' then null
            else grouped.member_count
        end as bigint) as denominator,
        figures.threshold,
        -- the previous period of the same grain: a quarter, a half-year or a year before
        case grouped.period_grain
            when 'quarter' then -3
            when 'half_year' then -6
            else -12
        end as previous_offset_months,
        case grouped.period_grain
            when 'quarter' then calendar_days.quarter_start_date
            when 'half_year' then calendar_days.half_year_start_date
            else calendar_days.year_start_date
        end as period_start_date
    from grouped
    inner join figures
        on grouped.target_id = figures.target_id
    inner join calendar_days
        on grouped.first_period_date = calendar_days.date_day
),

with_previous_label as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        measure_kind,
        compares_with_year_before,
        target_change_percent,
        member_count,
        numerator,
        denominator,
        threshold,
        period_start_date,
        case period_grain
            when 'quarter' then {{ period_label(dbt.dateadd('month', 'previous_offset_months', 'period_start_date'), 'quarter') }}
            when 'half_year' then {{ period_label(dbt.dateadd('month', 'previous_offset_months', 'period_start_date'), 'half_year') }}
            else {{ period_label(dbt.dateadd('month', 'previous_offset_months', 'period_start_date'), 'year') }}
        end as previous_period,
        -- the same period a year before (reduction targets compare with it)
        case period_grain
            when 'quarter' then {{ period_label(dbt.dateadd('month', '-12', 'period_start_date'), 'quarter') }}
            when 'half_year' then {{ period_label(dbt.dateadd('month', '-12', 'period_start_date'), 'half_year') }}
            else {{ period_label(dbt.dateadd('month', '-12', 'period_start_date'), 'year') }}
        end as year_before_period,
        -- ratio at 10 decimals, percent at 1 decimal (share figures), from the integers
        -- (percent and change are column names of the BI interface, hence the noqa)
        cast({{ round_half_away('numerator', 'denominator', 10) }} as decimal(18, 10)) as ratio,
        case
            when measure_kind = 'share'
                then cast({{ round_half_away('100 * numerator', 'denominator', 1) }} as decimal(6, 1))
        end as percent,  -- noqa: RF04
        -- exact decimal comparison: numerator >= threshold x denominator
        case
            when threshold is not null and denominator > 0 then numerator >= threshold * denominator
        end as is_met
    from measured
),

final as (
    select
        cur.target_id,
        cur.period_grain,
        cur.period,
        cur.unit_id,
        cur.area,
        cur.measure_kind,
        cur.member_count,
        cur.numerator,
        cur.denominator,
        cur.ratio,
        cur.percent,
        cur.threshold,
        cur.is_met,
        cur.period_start_date,
        cur.previous_period,
        prev.numerator as previous_numerator,
        prev.denominator as previous_denominator,
        prev.ratio as previous_ratio,
        prev.percent as previous_percent,
        prev.is_met as previous_is_met,
        -- change from the unrounded values, rounded once: percentage points for shares,
        -- days for the mean, the plain difference for counts
        cast(case
            when cur.measure_kind = 'count' then cur.numerator - prev.numerator
            when cur.measure_kind = 'share'
                then {{ round_half_away(
                    '100 * (cur.numerator * prev.denominator - prev.numerator * cur.denominator)',
                    'cur.denominator * prev.denominator', 1
                ) }}
            else {{ round_half_away(
                'cur.numerator * prev.denominator - prev.numerator * cur.denominator',
                'cur.denominator * prev.denominator', 1
            ) }}
        end as decimal(18, 1)) as change,  -- noqa: RF04
        case
            when cur.measure_kind = 'count'
                then cast(
                    {{ round_half_away('100 * (cur.numerator - prev.numerator)', 'prev.numerator', 1) }}
                    as decimal(18, 1)
                )
        end as change_percent,
        case when cur.compares_with_year_before then cur.year_before_period end as year_before_period,
        case when cur.compares_with_year_before then year_before.numerator end as year_before_numerator,
        case when cur.compares_with_year_before then year_before.denominator end as year_before_denominator,
        case when cur.compares_with_year_before then year_before.percent end as year_before_percent,
        case
            when cur.compares_with_year_before and cur.measure_kind = 'count'
                then cast(
                    {{ round_half_away('100 * (cur.numerator - year_before.numerator)', 'year_before.numerator', 1) }}
                    as decimal(18, 1)
                )
        end as year_before_change_percent,
        cast(cur.target_change_percent as decimal(6, 1)) as target_change_percent,
        -- met when the exact change in percent against the year before is at most the target
        case
            when cur.target_change_percent is not null and year_before.numerator > 0
                then
                    100 * (cur.numerator - year_before.numerator)
                    <= cur.target_change_percent * year_before.numerator
        end as is_target_change_met
    from with_previous_label as cur
    left join with_previous_label as prev
        on
            cur.target_id = prev.target_id
            and cur.period_grain = prev.period_grain
            and cur.unit_id = prev.unit_id
            and coalesce(cur.area, '') = coalesce(prev.area, '')
            and cur.previous_period = prev.period
    left join with_previous_label as year_before
        on
            cur.target_id = year_before.target_id
            and cur.period_grain = year_before.period_grain
            and cur.unit_id = year_before.unit_id
            and coalesce(cur.area, '') = coalesce(year_before.area, '')
            and cur.year_before_period = year_before.period
)

select
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    measure_kind,
    member_count,
    -- types of the BI contract: counts are BIGINT, never HUGEINT
    cast(numerator as {{ dbt.type_bigint() }}) as numerator,
    denominator,
    cast(ratio as decimal(18, 10)) as ratio,
    cast(percent as decimal(6, 1)) as percent,  -- noqa: RF04
    threshold,
    is_met,
    period_start_date,
    previous_period,
    cast(previous_numerator as {{ dbt.type_bigint() }}) as previous_numerator,
    previous_denominator,
    cast(previous_ratio as decimal(18, 10)) as previous_ratio,
    cast(previous_percent as decimal(6, 1)) as previous_percent,
    previous_is_met,
    cast(change as decimal(18, 1)) as change,  -- noqa: RF04
    cast(change_percent as decimal(18, 1)) as change_percent,
    year_before_period,
    cast(year_before_numerator as {{ dbt.type_bigint() }}) as year_before_numerator,
    year_before_denominator,
    cast(year_before_percent as decimal(6, 1)) as year_before_percent,
    cast(year_before_change_percent as decimal(18, 1)) as year_before_change_percent,
    cast(target_change_percent as decimal(6, 1)) as target_change_percent,
    is_target_change_met,
    -- for publication: fct_target_results itself suppresses nothing
    (unit_id <> 'ALL' and member_count < {{ var('suppression_min_count', 5) }}) as is_below_suppression_min
from final
