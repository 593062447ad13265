-- Every row's threshold is the targets seed's (null for monitoring figures).
select
    results.target_id,
    results.period,
    results.unit_id,
    results.threshold,
    targets.threshold as seed_threshold
from {{ ref('fct_target_results') }} as results
left join {{ ref('targets') }} as targets
    on results.target_id = targets.target_id
where
    targets.target_id is null
    or not (
        results.threshold = targets.threshold
        or (results.threshold is null and targets.threshold is null)
    )
