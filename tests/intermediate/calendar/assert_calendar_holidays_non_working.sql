-- Every public holiday of the seed inside the calendar is a non-working day, and so is
-- every closing day when var closing_days_are_non_working is true.
select
    holidays.holiday_date,
    holidays.holiday_kind
from {{ ref('danish_holidays') }} as holidays
inner join {{ ref('int_calendar_days') }} as calendar_days
    on holidays.holiday_date = calendar_days.date_day
where
    calendar_days.is_working_day
    and (
        holidays.holiday_kind = 'public_holiday'
        {% if var_is_true('closing_days_are_non_working', true) -%}
            or holidays.holiday_kind = 'closing_day'
        {%- endif %}
    )
