-- Diskretionering (disclosure control) of the quarterly and half-yearly figures before
-- publication, so that no suppressed cell can be recovered by differencing published
-- cells across units (ALL minus the other units) or across grains (a half-year minus its
-- other quarter); targets.md "Breakdown and publication" and "Real exports". Per figure
-- (target_id, area) and half-year H:
-- 1. primary: a unit-level row whose population (denominator; the count of a count
--    figure) is under var('suppression_min_count') is suppressed;
-- 2. grain: a unit's rows {first quarter of H, second quarter of H, H} are one group; if
--    any is suppressed, all are;
-- 3. complement: when exactly one unit u of H has its group suppressed, the group of one
--    more unit is suppressed - among the other units with a row in every period of H in
--    which u has one, the smallest H population (then unit_id); if none qualifies, the
--    smallest H population among all other units with an H row;
-- 4. single columns (adopted beyond the contract's steps 1-3, which leave cells
--    recoverable where units have rows in different periods of H - UNKNOWN with a row in
--    one quarter only): while a period of H (first quarter, second quarter, H, in that
--    order) has exactly one unit whose group is suppressed and another unit with a row,
--    the group of one more unit with a row in that period is suppressed (`complement`):
--    the smallest H population (0 without an H row), then unit_id. One unit per pass,
--    then start over, as the truth does; the passes are unrolled up to
--    var('suppression_complement_passes') (the number of units: each pass adds one), and
--    the singular test assert_no_single_suppressed_unit proves it converged. Each pass
--    is a materialized CTE (macro materialized_cte): inlined, DuckDB plans the chain in
--    exponential time.
-- A unit alone in its period equals ALL there, which is never suppressed: no rule can
-- protect it (nor its half-year when its other quarter has no row). ALL is never suppressed; UNKNOWN is a unit. A suppressed row shows no numerator,
-- denominator, ratio, percent, is_met, change; any row's previous-period columns are null
-- when the previous period's row of the same unit is suppressed, so a blanked value
-- cannot be read off the next period either. Values come from fct_target_results: one
-- previous-period calculation and one rounding for the whole warehouse.
with

results as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        measure_kind,
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
        change,
        change_percent,
        year_before_period,
        year_before_numerator,
        year_before_change_percent,
        target_change_percent,
        is_target_change_met,
        case when measure_kind = 'count' then numerator else denominator end as population,
        -- the half-year a quarter or half-year row belongs to
        case
            when period_grain = 'half_year' then period
            when cast(substr(period, 6, 1) as integer) <= 2 then substr(period, 1, 4) || 'H1'
            else substr(period, 1, 4) || 'H2'
        end as half_year,
        -- its place in the half-year: 1 first quarter, 2 second quarter, 3 the half-year
        case
            when period_grain = 'half_year' then 3
            when cast(substr(period, 6, 1) as integer) in (1, 3) then 1
            else 2
        end as period_slot
    from {{ ref('fct_target_results') }}
    where period_grain in ('quarter', 'half_year')
),

primary_flagged as (
    select
        results.*,
        coalesce(
            results.unit_id <> 'ALL' and results.population < {{ var('suppression_min_count', 5) }},
            false
        ) as is_primary
    from results
),

-- one group per figure, unit and half-year: its quarters and the half-year itself
unit_groups as (
    select
        target_id,
        coalesce(area, '') as area_key,
        half_year,
        unit_id,
        max(case when is_primary then 1 else 0 end) = 1 as is_group_suppressed,
        max(case when period_grain = 'half_year' then population end) as half_year_population,
        max(case when period_grain = 'half_year' then 1 else 0 end) = 1 as has_half_year_row,
        count(*) as row_count
    from primary_flagged
    where unit_id <> 'ALL'
    group by
        target_id,
        coalesce(area, ''),
        half_year,
        unit_id
),

single_suppressed as (
    -- figure and half-year with exactly one unit whose group is suppressed
    select
        target_id,
        area_key,
        half_year,
        min(unit_id) as lone_unit_id
    from unit_groups
    where is_group_suppressed
    group by
        target_id,
        area_key,
        half_year
    having count(*) = 1
),

lone_periods as (
    select
        primary_flagged.target_id,
        coalesce(primary_flagged.area, '') as area_key,
        primary_flagged.half_year,
        primary_flagged.period_grain,
        primary_flagged.period
    from primary_flagged
    inner join single_suppressed
        on
            primary_flagged.target_id = single_suppressed.target_id
            and coalesce(primary_flagged.area, '') = single_suppressed.area_key
            and primary_flagged.half_year = single_suppressed.half_year
            and primary_flagged.unit_id = single_suppressed.lone_unit_id
),

candidate_coverage as (
    -- per other unit: in how many of the lone unit's periods it has a row too
    select
        unit_groups.target_id,
        unit_groups.area_key,
        unit_groups.half_year,
        unit_groups.unit_id,
        unit_groups.half_year_population,
        count(distinct primary_flagged.period_grain || primary_flagged.period) as covered_periods
    from unit_groups
    inner join single_suppressed
        on
            unit_groups.target_id = single_suppressed.target_id
            and unit_groups.area_key = single_suppressed.area_key
            and unit_groups.half_year = single_suppressed.half_year
            and unit_groups.unit_id <> single_suppressed.lone_unit_id
    left join lone_periods
        on
            unit_groups.target_id = lone_periods.target_id
            and unit_groups.area_key = lone_periods.area_key
            and unit_groups.half_year = lone_periods.half_year
    left join primary_flagged
        on
            lone_periods.target_id = primary_flagged.target_id
            and lone_periods.area_key = coalesce(primary_flagged.area, '')
            and lone_periods.period_grain = primary_flagged.period_grain
            and lone_periods.period = primary_flagged.period
            and unit_groups.unit_id = primary_flagged.unit_id
    where unit_groups.has_half_year_row
    group by
        unit_groups.target_id,
        unit_groups.area_key,
        unit_groups.half_year,
        unit_groups.unit_id,
        unit_groups.half_year_population
),

lone_period_counts as (
    select
        target_id,
        area_key,
        half_year,
        count(*) as lone_periods
    from lone_periods
    group by
        target_id,
        area_key,
        half_year
),

complement_ranked as (
    select
        candidate_coverage.target_id,
        candidate_coverage.area_key,
        candidate_coverage.half_year,
        candidate_coverage.unit_id,
        row_number() over (
            partition by candidate_coverage.target_id, candidate_coverage.area_key, candidate_coverage.half_year
            order by
                case when candidate_coverage.covered_periods = lone_period_counts.lone_periods then 0 else 1 end,
                candidate_coverage.half_year_population asc,
                candidate_coverage.unit_id asc
        ) as complement_rank
    from candidate_coverage
    inner join lone_period_counts
        on
            candidate_coverage.target_id = lone_period_counts.target_id
            and candidate_coverage.area_key = lone_period_counts.area_key
            and candidate_coverage.half_year = lone_period_counts.half_year
),

-- steps 1-3 on every unit-level row: its group suppressed or not
single_columns_0 as {{ materialized_cte() }} (
    select
        primary_flagged.target_id,
        coalesce(primary_flagged.area, '') as area_key,
        primary_flagged.half_year,
        primary_flagged.period_slot,
        primary_flagged.unit_id,
        coalesce(unit_groups.half_year_population, 0) as half_year_population,
        coalesce(unit_groups.is_group_suppressed or complement_ranked.unit_id is not null, false)
            as is_group_suppressed
    from primary_flagged
    inner join unit_groups
        on
            primary_flagged.target_id = unit_groups.target_id
            and coalesce(primary_flagged.area, '') = unit_groups.area_key
            and primary_flagged.half_year = unit_groups.half_year
            and primary_flagged.unit_id = unit_groups.unit_id
    left join complement_ranked
        on
            primary_flagged.target_id = complement_ranked.target_id
            and coalesce(primary_flagged.area, '') = complement_ranked.area_key
            and primary_flagged.half_year = complement_ranked.half_year
            and primary_flagged.unit_id = complement_ranked.unit_id
            and complement_ranked.complement_rank = 1
),
{% for pass_number in range(1, var('suppression_complement_passes', 7) + 1) %}
-- step 4, pass {{ pass_number }}: per period, its suppressed and published units
    single_columns_{{ pass_number }}_counted as (
        select
            *,
            sum(case when is_group_suppressed then 1 else 0 end) over (
                partition by target_id, area_key, half_year, period_slot
            ) as suppressed_in_period,
            sum(case when is_group_suppressed then 0 else 1 end) over (
                partition by target_id, area_key, half_year, period_slot
            ) as published_in_period
        from single_columns_{{ pass_number - 1 }}
    ),

    -- the first period of the half-year with exactly one suppressed unit and another unit
    single_columns_{{ pass_number }}_first as (
        select
            *,
            min(case when suppressed_in_period = 1 and published_in_period > 0 then period_slot end) over (
                partition by target_id, area_key, half_year
            ) as first_single_slot
        from single_columns_{{ pass_number }}_counted
    ),

    -- the published unit with a row in that period with the smallest H population, unit_id
    single_columns_{{ pass_number }}_ranked as (
        select
            *,
            row_number() over (
                partition by target_id, area_key, half_year
                order by
                    case when not is_group_suppressed and period_slot = first_single_slot then 0 else 1 end,
                    half_year_population asc,
                    unit_id asc
            ) as pick_rank
        from single_columns_{{ pass_number }}_first
    ),

    single_columns_{{ pass_number }}_picked as (
        select
            *,
            coalesce(not is_group_suppressed and period_slot = first_single_slot and pick_rank = 1, false)
                as is_picked
        from single_columns_{{ pass_number }}_ranked
    ),

    single_columns_{{ pass_number }} as {{ materialized_cte() }} (
        select
            target_id,
            area_key,
            half_year,
            period_slot,
            unit_id,
            half_year_population,
            -- the unit's whole group: suppressed before, or picked in this pass
            max(case when is_group_suppressed or is_picked then 1 else 0 end) over (
                partition by target_id, area_key, half_year, unit_id
            ) = 1 as is_group_suppressed
        from single_columns_{{ pass_number }}_picked
    ),
{% endfor %}
flagged as (
    select
        primary_flagged.*,
        case
            when primary_flagged.is_primary then 'primary'
            when unit_groups.is_group_suppressed then 'grain'
            when single_columns.is_group_suppressed then 'complement'
        end as suppression_reason
    from primary_flagged
    left join unit_groups
        on
            primary_flagged.target_id = unit_groups.target_id
            and coalesce(primary_flagged.area, '') = unit_groups.area_key
            and primary_flagged.half_year = unit_groups.half_year
            and primary_flagged.unit_id = unit_groups.unit_id
    left join single_columns_{{ var('suppression_complement_passes', 7) }} as single_columns
        on
            primary_flagged.target_id = single_columns.target_id
            and coalesce(primary_flagged.area, '') = single_columns.area_key
            and primary_flagged.half_year = single_columns.half_year
            and primary_flagged.period_slot = single_columns.period_slot
            and primary_flagged.unit_id = single_columns.unit_id
),

with_neighbours as (
    select
        cur.*,
        coalesce(prev.suppression_reason is not null, false) as is_previous_suppressed,
        coalesce(year_before.suppression_reason is not null, false) as is_year_before_suppressed
    from flagged as cur
    left join flagged as prev
        on
            cur.target_id = prev.target_id
            and cur.period_grain = prev.period_grain
            and cur.unit_id = prev.unit_id
            and coalesce(cur.area, '') = coalesce(prev.area, '')
            and cur.previous_period = prev.period
    left join flagged as year_before
        on
            cur.target_id = year_before.target_id
            and cur.period_grain = year_before.period_grain
            and cur.unit_id = year_before.unit_id
            and coalesce(cur.area, '') = coalesce(year_before.area, '')
            and cur.year_before_period = year_before.period
),

final as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        case when suppression_reason is null then numerator end as numerator,
        case when suppression_reason is null then denominator end as denominator,
        case when suppression_reason is null then ratio end as ratio,
        case when suppression_reason is null then percent end as percent,  -- noqa: RF04
        threshold,
        case when suppression_reason is null then is_met end as is_met,
        suppression_reason is not null as is_suppressed,
        suppression_reason,
        previous_period,
        case when not is_previous_suppressed then previous_numerator end as previous_numerator,
        case when not is_previous_suppressed then previous_denominator end as previous_denominator,
        case when not is_previous_suppressed then previous_ratio end as previous_ratio,
        case when not is_previous_suppressed then previous_percent end as previous_percent,
        is_previous_suppressed,
        case when suppression_reason is null and not is_previous_suppressed then change end as change,  -- noqa: RF04
        case when suppression_reason is null and not is_previous_suppressed then change_percent end
            as change_percent,
        year_before_period,
        case when not is_year_before_suppressed then year_before_numerator end as year_before_numerator,
        case
            when suppression_reason is null and not is_year_before_suppressed then year_before_change_percent
        end as year_before_change_percent,
        target_change_percent,
        case
            when suppression_reason is null and not is_year_before_suppressed then is_target_change_met
        end as is_target_change_met
    from with_neighbours
)

select
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    numerator,
    denominator,
    ratio,
    percent,
    threshold,
    is_met,
    is_suppressed,
    suppression_reason,
    previous_period,
    previous_numerator,
    previous_denominator,
    previous_ratio,
    previous_percent,
    is_previous_suppressed,
    change,
    change_percent,
    year_before_period,
    year_before_numerator,
    year_before_change_percent,
    target_change_percent,
    is_target_change_met
from final
