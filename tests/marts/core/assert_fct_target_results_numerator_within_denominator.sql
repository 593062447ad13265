-- A share never has more compliant members than members.
select
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    numerator,
    denominator
from {{ ref('fct_target_results') }}
where
    measure_kind = 'share'
    and (denominator is null or numerator > denominator or numerator < 0)
