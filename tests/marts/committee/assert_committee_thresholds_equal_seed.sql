-- Every threshold a committee mart shows is the one in the targets seed (a changed seed
-- changes every table). Fails on each row whose threshold differs from the seed's.
with

seed as (
    select
        target_id,
        threshold
    from {{ ref('targets') }}
),

shown as (
    select
        'fct_quarterly_target_results' as model_name,
        target_id,
        threshold
    from {{ ref('fct_quarterly_target_results') }}
    union all
    select
        'fct_half_yearly_target_results' as model_name,
        target_id,
        threshold
    from {{ ref('fct_half_yearly_target_results') }}
    union all
    select
        'fct_case_time_measurement' as model_name,
        'general_compliance' as target_id,
        general_compliance_threshold as threshold
    from {{ ref('fct_case_time_measurement') }}
    where decisions is not null
    union all
    select
        'fct_case_time_measurement' as model_name,
        'notice_when_overdue' as target_id,
        notice_when_overdue_threshold as threshold
    from {{ ref('fct_case_time_measurement') }}
    where decided_late is not null
    union all
    select
        'fct_case_time_measurement_by_area' as model_name,
        'specific_compliance' as target_id,
        threshold
    from {{ ref('fct_case_time_measurement_by_area') }}
    union all
    select
        'dim_targets' as model_name,
        target_id,
        threshold
    from {{ ref('dim_targets') }}
)

select
    shown.model_name,
    shown.target_id,
    shown.threshold as shown_threshold,
    seed.threshold as seed_threshold
from shown
left join seed
    on shown.target_id = seed.target_id
where
    seed.target_id is null
    or coalesce(shown.threshold, -1) <> coalesce(seed.threshold, -1)
