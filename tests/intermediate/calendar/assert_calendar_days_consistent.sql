-- The calendar agrees with itself and the seed: a public holiday or a weekend is never a
-- working day, next_working_day is a working day on or after the day, and the running
-- working-day count grows by one exactly on working days.
with

days as (
    select
        date_day,
        is_weekend,
        is_public_holiday,
        is_working_day,
        working_day_seq,
        next_working_day,
        lag(working_day_seq) over (order by date_day) as previous_seq
    from {{ ref('int_calendar_days') }}
)

select days.date_day
from days
left join {{ ref('int_calendar_days') }} as next_day
    on days.next_working_day = next_day.date_day
where
    (days.is_working_day and (days.is_weekend or days.is_public_holiday))
    or (days.next_working_day is not null and (days.next_working_day < days.date_day or not next_day.is_working_day))
    or (days.is_working_day and days.next_working_day <> days.date_day)
    or (
        days.previous_seq is not null
        and days.working_day_seq - days.previous_seq <> (case when days.is_working_day then 1 else 0 end)
    )
