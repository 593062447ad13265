-- BI interface (targets.md "The interface BI reads"): one row per member and figure and
-- period grain. Quarterly members appear again per half-year; the backlog count
-- (open_overdue_without_notice) takes only the members at the half-year's end.
with

-- every member of every figure: the figure models of the one declared list
-- (macro target_member_models), each holding its population, flag and period
measured as (
    {{ union_target_members() }}
),

targets as (
    select
        target_id,
        valid_from,
        valid_to
    from {{ ref('targets') }}
),

-- kept where the figure is valid on the member's period date (targets seed valid_from /
-- valid_to, both ends inclusive): the resource profile was replaced by the rehabilitation
-- plan on 2013-01-01, so its two figures have no members decided after 2012-12-31. A
-- member of a figure the seed does not know is dropped.
members as (
    select
        measured.target_id,
        measured.period_grain,
        measured.period,
        measured.unit_id,
        measured.area,
        measured.member_kind,
        measured.member_id,
        measured.is_compliant,
        cast(measured.member_value as {{ dbt.type_bigint() }}) as member_value,
        measured.period_date
    from measured
    inner join targets
        on
            measured.target_id = targets.target_id
            and measured.period_date >= targets.valid_from
            and (targets.valid_to is null or measured.period_date <= targets.valid_to)
),

half_year_members as (
    select
        members.target_id,
        'half_year' as period_grain,
        {{ period_label('members.period_date', 'half_year') }} as period,
        members.unit_id,
        members.area,
        members.member_kind,
        members.member_id,
        members.is_compliant,
        members.member_value,
        members.period_date
    from members
    where
        members.period_grain = 'quarter'
        and (
            members.target_id <> 'open_overdue_without_notice'
            -- a backlog member's period date is its quarter end: June or December ends a half-year
            or {{ date_part_number('month', 'members.period_date') }} in (6, 12)
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
