-- The deliveries of dokumenter.csv: what each delivery's manifest says about this system's file
-- (macro base_deliveries).
{{ base_deliveries(source('esdh', 'deliveries'), 'esdh__dokumenter') }}
