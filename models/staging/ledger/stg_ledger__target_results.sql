-- The frozen figures of the reporting ledger (indberettede tal), as every reader downstream reads them: the base
-- model types the ledger files; intermediate models and marts read this model, never the
-- base model.
select
    freeze_id,
    frozen_period,
    version,
    as_of_date,
    delivery_date,
    build_id,
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    measure_kind,
    member_count,
    numerator,
    denominator,
    ratio,
    percent,
    threshold,
    is_met
from {{ ref('base_ledger__target_results') }}
