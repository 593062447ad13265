-- The deliveries of anmodninger.csv: what each delivery's manifest says about this system's file
-- (macro base_deliveries).
{{ base_deliveries(source('aktindsigt', 'deliveries'), 'aktindsigt__anmodninger') }}
