-- The deliveries of klager.csv (leverancer), one row per delivery.
select
    {{ delivery_columns() }}
from {{ ref('base_klageregister__deliveries') }}
