-- The members behind the ledger's frozen figures (medlemmer), as every reader downstream reads them: the base
-- model types the ledger files; intermediate models and marts read this model, never the
-- base model.
select
    freeze_id,
    frozen_period,
    version,
    as_of_date,
    delivery_date,
    target_id,
    period_grain,
    period,
    unit_id,
    area,
    member_kind,
    member_id,
    is_compliant,
    member_value,
    period_date
from {{ ref('base_ledger__target_members') }}
