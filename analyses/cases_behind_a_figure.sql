-- The members behind one figure of fct_target_results: what an auditor pulls to check a
-- number. Compile with the figure's key, e.g.
--   dbt compile -s cases_behind_a_figure --vars \
--     '{target_id: deadline_or_notice, period: 2010Q2, unit_id: U-104}'
-- and run target/compiled/.../cases_behind_a_figure.sql. unit_id ALL pulls every unit.
{%- set unit_id = var("unit_id", "ALL") %}

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
from {{ ref('fct_target_members') }} as members
where
    members.target_id = '{{ var("target_id", "deadline_or_notice") }}'
    and members.period = '{{ var("period", "2010Q2") }}'
    and ('{{ unit_id }}' = 'ALL' or members.unit_id = '{{ unit_id }}')
order by members.is_compliant, members.member_id
