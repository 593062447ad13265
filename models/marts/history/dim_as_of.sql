-- The warehouse's "today" (opgørelsesdato) in one row: the as-of date of this build and
-- the latest delivery on or before it. The ledger records both with every freeze.
with deliveries as (

    select delivery_date
    from {{ ref('int_deliveries_unioned') }}
    where delivery_date <= {{ as_of_date() }}

)

select
    {{ as_of_date() }} as as_of_date,
    max(delivery_date) as latest_delivery_date,
    min(delivery_date) as first_delivery_date,
    count(distinct delivery_date) as delivery_count
from deliveries
