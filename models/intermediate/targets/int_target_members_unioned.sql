-- All members of every figure at its measured grain (quarter or year), kept only where the
-- figure is valid on the member's period date (targets seed validity, both ends inclusive).
with

members as (
    {% for family in [
        'int_target_members_case_quarterly',
        'int_target_members_case_yearly',
        'int_target_members_complaints',
        'int_target_members_access_requests',
        'int_target_members_inquiries',
        'int_target_members_backlog',
    ] -%}
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
        from {{ ref(family) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
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
