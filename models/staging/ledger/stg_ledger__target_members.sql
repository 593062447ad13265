-- The members behind the ledger's frozen figures (medlemmer), as every reader downstream reads them: the base
-- model types the ledger files; intermediate models and marts read this model, never the
-- base model.
select
    {{ ledger_file_column_names('target_members') }}
from {{ ref('base_ledger__target_members') }}
