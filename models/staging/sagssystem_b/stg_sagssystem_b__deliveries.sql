-- The deliveries of cases.jsonl (leverancer), one row per delivery.
select
    {{ delivery_columns() }}
from {{ ref('base_sagssystem_b__deliveries') }}
