-- Members of open_overdue_without_notice: cases open at a quarter end, past their due date,
-- with no delay notice (underretning) dated on or before the due date. A count.
select
    'open_overdue_without_notice' as target_id,
    'quarter' as period_grain,
    quarter_label as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'case' as member_kind,
    case_id as member_id,
    cast(null as boolean) as is_compliant,
    1 as member_value,
    quarter_end_date as period_date
from {{ ref('int_cases_backlog_at_quarter_end') }}
where is_overdue_without_notice
