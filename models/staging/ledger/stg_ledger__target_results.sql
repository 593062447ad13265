-- The frozen figures of the reporting ledger (indberettede tal), as every reader downstream reads them: the base
-- model types the ledger files; intermediate models and marts read this model, never the
-- base model.
select
    {{ ledger_file_column_names('target_results') }}
from {{ ref('base_ledger__target_results') }}
