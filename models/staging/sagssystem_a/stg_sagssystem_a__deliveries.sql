-- The deliveries of sager.csv (leverancer), one row per delivery.
select
    {{ delivery_columns() }}
from {{ ref('base_sagssystem_a__deliveries') }}
