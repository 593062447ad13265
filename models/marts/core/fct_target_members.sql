-- BI interface (targets.md "The interface BI reads"): one row per member and figure and
-- period grain. Quarterly members appear again per half-year; the backlog count
-- (open_overdue_without_notice) takes only the members at the half-year's end.
with

members as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        member_kind,
        member_id,
        is_compliant,
        cast(member_value as {{ dbt.type_bigint() }}) as member_value,
        period_date
    from {{ ref('int_target_members_filtered') }}
),

calendar_days as (
    select
        date_day,
        half_year_label,
        half_year_end_date
    from {{ ref('int_calendar_days') }}
),

half_year_members as (
    select
        members.target_id,
        'half_year' as period_grain,
        calendar_days.half_year_label as period,
        members.unit_id,
        members.area,
        members.member_kind,
        members.member_id,
        members.is_compliant,
        members.member_value,
        members.period_date
    from members
    inner join calendar_days
        on members.period_date = calendar_days.date_day
    where
        members.period_grain = 'quarter'
        and (
            members.target_id <> 'open_overdue_without_notice'
            or members.period_date = calendar_days.half_year_end_date
        )
)

select
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    member_kind,
    member_id,
    is_compliant,
    member_value,
    period_date
from members

union all

select
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    member_kind,
    member_id,
    is_compliant,
    member_value,
    period_date
from half_year_members
