-- The deliveries of sager.csv: what each delivery's manifest says about this system's file
-- (macro base_deliveries).
{{ base_deliveries(source('sagssystem_a', 'deliveries'), 'sagssystem_a__sager') }}
