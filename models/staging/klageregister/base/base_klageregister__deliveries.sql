-- The deliveries of klager.csv: what each delivery's manifest says about this system's file
-- (macro base_deliveries).
{{ base_deliveries(source('klageregister', 'deliveries'), 'klageregister__klager') }}
