-- Ledelsestilsyn: each unit-month sample holds min(var('supervision_sample_size'), decisions)
-- decisions, and no decision left out of it has a smaller md5('<id>|<YYYY-MM>') than one in it.
-- Fails on each unit-month whose sample is too large, too small or not the smallest hashes.
with

decisions as (
    select
        case_id,
        unit_id,
        substr(cast(decided_date as {{ dbt.type_string() }}), 1, 7) as supervision_month
    from {{ ref('int_cases_flagged') }}
    where is_decision
),

hashed as (
    select
        case_id,
        unit_id,
        supervision_month,
        {{ dbt.hash(dbt.concat(["case_id", "'|'", "supervision_month"])) }} as sample_hash
    from decisions
),

sample as (
    select
        case_id,
        unit_id,
        supervision_month,
        sample_hash
    from {{ ref('fct_supervision_sample') }}
),

per_month as (
    select
        hashed.unit_id,
        hashed.supervision_month,
        count(*) as decisions,
        count(sample.case_id) as sampled,
        max(sample.sample_hash) as largest_sampled_hash,
        min(case when sample.case_id is null then hashed.sample_hash end)
            as smallest_unsampled_hash
    from hashed
    left join sample
        on
            hashed.case_id = sample.case_id
            and hashed.unit_id = sample.unit_id
            and hashed.supervision_month = sample.supervision_month
    group by
        hashed.unit_id,
        hashed.supervision_month
)

select
    unit_id,
    supervision_month,
    decisions,
    sampled,
    largest_sampled_hash,
    smallest_unsampled_hash
from per_month
where
    sampled > {{ var('supervision_sample_size', 5) }}
    or sampled < least(decisions, {{ var('supervision_sample_size', 5) }})
    or smallest_unsampled_hash < largest_sampled_hash
