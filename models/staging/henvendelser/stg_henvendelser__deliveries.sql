-- The deliveries of henvendelser.csv (leverancer), one row per delivery.
select
    {{ delivery_columns() }}
from {{ ref('base_henvendelser__deliveries') }}
