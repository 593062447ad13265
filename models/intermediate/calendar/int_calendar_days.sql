-- One row per day of var calendar_start_date..calendar_end_date with the working-day
-- calendar of targets.md (arbejdsdage): weekends, public holidays and municipal closing days.
with

spine as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('calendar_start_date', '1990-01-01') ~ "' as date)",
        dbt.dateadd('day', 1, "cast('" ~ var('calendar_end_date', '2035-12-31') ~ "' as date)")
    ) }}
),

days as (
    select cast(spine.date_day as date) as date_day
    from spine
),

holidays as (
    select
        holiday_date,
        holiday_name,
        holiday_kind
    from {{ ref('danish_holidays') }}
),

classified as (
    select
        days.date_day,
        {{ iso_day_of_week('days.date_day') }} as iso_day_of_week,
        holidays.holiday_name,
        holidays.holiday_kind,
        coalesce(holidays.holiday_kind = 'public_holiday', false) as is_public_holiday,
        coalesce(holidays.holiday_kind = 'closing_day', false) as is_closing_day
    from days
    left join holidays
        on days.date_day = holidays.holiday_date
),

working as (
    select
        date_day,
        iso_day_of_week,
        holiday_name,
        holiday_kind,
        is_public_holiday,
        is_closing_day,
        iso_day_of_week >= 6 as is_weekend,
        (
            iso_day_of_week <= 5
            and not is_public_holiday
            {% if var_is_true('closing_days_are_non_working', true) -%}
                and not is_closing_day
            {%- endif %}
        ) as is_working_day
    from classified
),

sequenced as (
    select
        date_day,
        iso_day_of_week,
        holiday_name,
        holiday_kind,
        is_public_holiday,
        is_closing_day,
        is_weekend,
        is_working_day,
        -- running count: the n-th working day after d is the working day with seq(d) + n
        sum(case when is_working_day then 1 else 0 end) over (
            order by date_day rows between unbounded preceding and current row
        ) as working_day_seq,
        -- frame from the end (descending order): linear on every engine; PostgreSQL
        -- recomputes a frame that ends at "unbounded following" for every row
        min(case when is_working_day then date_day end) over (
            order by date_day desc rows between unbounded preceding and current row
        ) as next_working_day,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start_date
    from working
),

periods as (
    select
        date_day,
        iso_day_of_week,
        holiday_name,
        holiday_kind,
        is_public_holiday,
        is_closing_day,
        is_weekend,
        is_working_day,
        working_day_seq,
        next_working_day,
        quarter_start_date,
        year_start_date,
        case
            when {{ date_part_number('month', 'date_day') }} <= 6 then year_start_date
            else cast({{ dbt.dateadd('month', 6, 'year_start_date') }} as date)
        end as half_year_start_date
    from sequenced
)

select
    date_day,
    cast({{ date_part_number('year', 'date_day') }} as integer) as year_number,
    cast({{ date_part_number('quarter', 'date_day') }} as integer) as quarter_number,
    cast({{ date_part_number('month', 'date_day') }} as integer) as month_number,
    iso_day_of_week,
    is_weekend,
    holiday_name,
    holiday_kind,
    is_public_holiday,
    is_closing_day,
    is_working_day,
    working_day_seq,
    next_working_day,
    {{ period_label('date_day', 'quarter') }} as quarter_label,
    {{ period_label('date_day', 'half_year') }} as half_year_label,
    {{ period_label('date_day', 'year') }} as year_label,
    quarter_start_date,
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'quarter_start_date')) }} as date) as quarter_end_date,
    half_year_start_date,
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 6, 'half_year_start_date')) }} as date) as half_year_end_date,
    year_start_date,
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 12, 'year_start_date')) }} as date) as year_end_date,
    date_day = cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'quarter_start_date')) }} as date)
        as is_quarter_end,
    date_day = cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 6, 'half_year_start_date')) }} as date)
        as is_half_year_end
from periods
