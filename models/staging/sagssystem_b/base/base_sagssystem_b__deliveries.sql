-- The deliveries of cases.jsonl: what each delivery's manifest says about this system's file
-- (macro base_deliveries).
{{ base_deliveries(source('sagssystem_b', 'deliveries'), 'sagssystem_b__cases') }}
