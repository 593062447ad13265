-- Members of the yearly case-time measurement (sagstidsmåling): decisions in any area with
-- a deadline, decided inside the year's window (vars case_time_window_start/end, month-day).
-- Four figures share this population: general_compliance, specific_compliance (per area),
-- notice_when_overdue (the late ones), mean_processing_days (calendar days as value).
-- Rules: docs block target_case_time_measurement (_targets__docs.md).
with

decisions as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        decided_date,
        due_date,
        is_decided_in_time,
        has_delay_notice_before_due,
        processing_days,
        {{ date_part_number('year', 'decided_date') }} as decided_year
    from {{ ref('int_cases_flagged') }}
    where
        is_decision
        and due_date is not null
),

windowed as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        decided_date,
        due_date,
        is_decided_in_time,
        has_delay_notice_before_due,
        processing_days
    from decisions
    where
        decided_date >= cast({{ dbt.concat([
            'cast(decided_year as ' ~ dbt.type_string() ~ ')',
            "'-" ~ var('case_time_window_start', '05-01') ~ "'"]) }} as date)
        and decided_date <= cast({{ dbt.concat([
            'cast(decided_year as ' ~ dbt.type_string() ~ ')',
            "'-" ~ var('case_time_window_end', '05-31') ~ "'"]) }} as date)
),

members as (
    select
        'general_compliance' as target_id,
        cast(null as {{ dbt.type_string() }}) as area,
        is_decided_in_time as is_compliant,
        case when is_decided_in_time then 1 else 0 end as member_value,
        case_id,
        unit_id,
        received_date,
        decided_date,
        due_date,
        processing_days
    from windowed

    union all

    select
        'specific_compliance' as target_id,
        area,
        is_decided_in_time as is_compliant,
        case when is_decided_in_time then 1 else 0 end as member_value,
        case_id,
        unit_id,
        received_date,
        decided_date,
        due_date,
        processing_days
    from windowed

    union all

    -- decided after the due date: was the citizen notified in time?
    select
        'notice_when_overdue' as target_id,
        cast(null as {{ dbt.type_string() }}) as area,
        has_delay_notice_before_due as is_compliant,
        case when has_delay_notice_before_due then 1 else 0 end as member_value,
        case_id,
        unit_id,
        received_date,
        decided_date,
        due_date,
        processing_days
    from windowed
    where not is_decided_in_time

    union all

    -- calendar days from received to decided; summed into the numerator of the mean
    select
        'mean_processing_days' as target_id,
        cast(null as {{ dbt.type_string() }}) as area,
        cast(null as boolean) as is_compliant,
        processing_days as member_value,
        case_id,
        unit_id,
        received_date,
        decided_date,
        due_date,
        processing_days
    from windowed
)

select
    target_id,
    'year' as period_grain,
    {{ period_label('decided_date', 'year') }} as period,
    unit_id,
    area,
    'case' as member_kind,
    case_id as member_id,
    is_compliant,
    member_value,
    decided_date as period_date,
    received_date,
    due_date,
    processing_days
from members
