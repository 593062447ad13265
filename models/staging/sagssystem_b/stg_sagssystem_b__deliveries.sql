-- The deliveries of cases.jsonl (leverancer), one row per delivery.
select
    delivery_date,
    file_key,
    source_file,
    manifest_rows,
    sha256
from {{ ref('base_sagssystem_b__deliveries') }}
