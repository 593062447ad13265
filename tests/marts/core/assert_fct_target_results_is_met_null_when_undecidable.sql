-- is_met is null exactly when the figure has no threshold or no members (denominator).
select
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    threshold,
    denominator,
    is_met
from {{ ref('fct_target_results') }}
where
    (is_met is null) <> (threshold is null or denominator is null or denominator = 0)
