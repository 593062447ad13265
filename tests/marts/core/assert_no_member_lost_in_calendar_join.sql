-- Dates (targets.md "Real exports"): never a row silently lost in a join with the calendar.
-- Every member of fct_target_members is counted in its figure's ALL row of
-- fct_target_results (which joins the calendar for period starts); a member whose date
-- falls outside the calendar (vars calendar_start_date / calendar_end_date) fails here.
with

members as (
    select
        target_id,
        period_grain,
        period,
        coalesce(area, '') as area_key,
        count(*) as member_count
    from {{ ref('fct_target_members') }}
    group by
        target_id,
        period_grain,
        period,
        coalesce(area, '')
),

results as (
    select
        target_id,
        period_grain,
        period,
        coalesce(area, '') as area_key,
        member_count
    from {{ ref('fct_target_results') }}
    where unit_id = 'ALL'
)

select
    members.target_id,
    members.period_grain,
    members.period,
    members.area_key,
    members.member_count,
    results.member_count as counted_in_results
from members
left join results
    on
        members.target_id = results.target_id
        and members.period_grain = results.period_grain
        and members.period = results.period
        and members.area_key = results.area_key
where results.member_count is distinct from members.member_count
