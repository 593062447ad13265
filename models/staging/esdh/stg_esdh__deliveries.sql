-- The deliveries of dokumenter.csv (leverancer), one row per delivery.
select
    {{ delivery_columns() }}
from {{ ref('base_esdh__deliveries') }}
