-- One row per case open on the as-of date (not decided on or before it), with the next
-- thing it needs (targets.md "Supervision and overview"): a delay notice when it is overdue
-- or due within var('overview_warning_working_days') working days without one, or a final
-- resource profile before a work-capacity decision while that rule is valid; 'none' when
-- nothing. Read by the case overview (dim_cases) and the worklist (fct_case_worklist).
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

cases as (
    select
        case_id,
        area,
        unit_id,
        is_work_capacity_area,
        received_date,
        due_date,
        decided_date,
        coalesce(has_delay_notice_before_due, false) as has_delay_notice_before_due
    from {{ ref('int_cases_flagged') }}
),

final_profiles as (
    select
        case_id,
        sum(case when is_final_resource_profile then 1 else 0 end) as final_resource_profile_documents
    from {{ ref('int_documents_linked') }}
    where case_id is not null
    group by case_id
),

profile_target as (
    -- the resource-profile rule only applies while its target is valid (replaced by the
    -- rehabilitation plan): an open case is decided on or after the as-of date
    select
        targets.valid_from,
        targets.valid_to
    from {{ ref('targets') }} as targets
    where targets.target_id = 'profile_before_decision'
),

calendar as (
    select
        date_day,
        working_day_seq
    from {{ ref('int_calendar_days') }}
),

open_cases as (
    select
        cases.case_id,
        cases.area,
        cases.unit_id,
        cases.is_work_capacity_area,
        cases.received_date,
        cases.due_date,
        cases.has_delay_notice_before_due,
        as_of.as_of_date,
        coalesce(final_profiles.final_resource_profile_documents, 0) as final_resource_profile_documents,
        due_day.working_day_seq - as_of_day.working_day_seq as working_days_to_due,
        coalesce(
            as_of.as_of_date >= profile_target.valid_from
            and as_of.as_of_date <= coalesce(profile_target.valid_to, as_of.as_of_date),
            false
        ) as is_profile_rule_valid
    from cases
    cross join as_of
    left join final_profiles
        on cases.case_id = final_profiles.case_id
    left join calendar as due_day
        on cases.due_date = due_day.date_day
    left join calendar as as_of_day
        on as_of.as_of_date = as_of_day.date_day
    left join profile_target
        on 1 = 1
    where not coalesce(cases.decided_date <= as_of.as_of_date, false)
),

with_action as (
    select
        case_id,
        area,
        unit_id,
        received_date,
        due_date,
        as_of_date,
        working_days_to_due,
        case
            when due_date < as_of_date and not has_delay_notice_before_due
                then 'overdue: send delay notice'
            when
                due_date >= as_of_date
                and not has_delay_notice_before_due
                and working_days_to_due <= {{ var('overview_warning_working_days', 3) }}
                then {{ dbt.concat([
                    "'send delay notice: due in '",
                    "cast(working_days_to_due as " ~ dbt.type_string() ~ ")",
                    "' working days'",
                ]) }}
            when
                is_work_capacity_area
                and is_profile_rule_valid
                and final_resource_profile_documents = 0
                then 'decide: resource profile missing'
            else 'none'
        end as next_action
    from open_cases
)

select
    case_id,
    area,
    unit_id,
    received_date,
    due_date,
    as_of_date,
    working_days_to_due,
    next_action,
    case
        when next_action = 'none' then null
        when next_action = 'overdue: send delay notice' then as_of_date
        else due_date
    end as next_action_due_date
from with_action
