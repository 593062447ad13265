-- Percent is a share in 0..100, present exactly for share figures.
select
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    measure_kind,
    percent
from {{ ref('fct_target_results') }}
where
    (measure_kind = 'share' and (percent is null or percent < 0 or percent > 100))
    or (measure_kind <> 'share' and percent is not null)
