-- The deliveries of henvendelser.csv: what each delivery's manifest says about this system's file
-- (macro base_deliveries).
{{ base_deliveries(source('henvendelser', 'deliveries'), 'henvendelser__henvendelser') }}
