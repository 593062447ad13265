-- The frozen figures of the reporting ledger, typed (the columns of macro
-- ledger_file_columns). Before the first freeze the ledger holds no file: then no rows,
-- same columns (macros base_ledger_file, ledger_has_files).
{{ base_ledger_file(source('ledger', 'target_results'), 'target_results') }}
