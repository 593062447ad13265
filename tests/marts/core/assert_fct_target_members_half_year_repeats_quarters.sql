-- Every half-year member of a quarterly figure is a quarter member of that half-year
-- (for the backlog count: of the half-year's end quarter), and vice versa.
with

members as (
    select
        target_id,
        period_grain,
        period,
        member_kind,
        member_id,
        period_date
    from {{ ref('fct_target_members') }}
),

quarter_as_half as (
    select
        members.target_id,
        calendar_days.half_year_label as period,
        members.member_kind,
        members.member_id
    from members
    inner join {{ ref('int_calendar_days') }} as calendar_days
        on members.period_date = calendar_days.date_day
    where
        members.period_grain = 'quarter'
        and (
            members.target_id <> 'open_overdue_without_notice'
            or calendar_days.is_half_year_end
        )
),

half as (
    select
        target_id,
        period,
        member_kind,
        member_id
    from members
    where period_grain = 'half_year'
)

select
    coalesce(quarter_as_half.target_id, half.target_id) as target_id,
    coalesce(quarter_as_half.period, half.period) as period,
    coalesce(quarter_as_half.member_id, half.member_id) as member_id
from quarter_as_half
full outer join half
    on
        quarter_as_half.target_id = half.target_id
        and quarter_as_half.period = half.period
        and quarter_as_half.member_kind = half.member_kind
        and quarter_as_half.member_id = half.member_id
where
    quarter_as_half.target_id is null
    or half.target_id is null
