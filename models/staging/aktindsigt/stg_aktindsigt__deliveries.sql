-- The deliveries of anmodninger.csv (leverancer), one row per delivery.
select
    {{ delivery_columns() }}
from {{ ref('base_aktindsigt__deliveries') }}
