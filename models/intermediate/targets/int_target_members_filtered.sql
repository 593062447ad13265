-- Every member of every figure, kept only where the figure is valid on the member's period
-- date (targets seed valid_from/valid_to, both ends inclusive; targets.md: the resource
-- profile was replaced by the rehabilitation plan on 2013-01-01, so its two figures have
-- no members decided after 2012-12-31). A member of a figure the seed does not know is
-- dropped.
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
        member_value,
        period_date
    from {{ ref('int_target_members_unioned') }}
),

targets as (
    select
        target_id,
        valid_from,
        valid_to
    from {{ ref('targets') }}
)

select
    members.target_id,
    members.period_grain,
    members.period,
    members.unit_id,
    members.area,
    members.member_kind,
    members.member_id,
    members.is_compliant,
    members.member_value,
    members.period_date
from members
inner join targets
    on
        members.target_id = targets.target_id
        and members.period_date >= targets.valid_from
        and (targets.valid_to is null or members.period_date <= targets.valid_to)
