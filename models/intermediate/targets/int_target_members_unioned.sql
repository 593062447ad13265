-- All members of every figure at its measured grain (quarter or year): the member models
-- of the six families in one. The targets' validity is applied next, in
-- int_target_members_filtered.
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
