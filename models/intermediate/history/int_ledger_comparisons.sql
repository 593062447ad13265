-- The comparisons the revisions make (revisionssammenligninger): every frozen version of
-- a reported period against today's figures ("current": the warehouse's as-of date and
-- its latest delivery), and against the version frozen after it ("next_version"), so
-- each pair of consecutive versions is compared once and every version with today.
with freezes as (

    select distinct
        freeze_id,
        frozen_period,
        version,
        as_of_date,
        delivery_date
    from {{ ref('stg_ledger__target_results') }}

),

today as (

    select
        {{ as_of_date() }} as as_of_date,
        max(delivery_date) as delivery_date
    from {{ ref('int_deliveries_unioned') }}
    where delivery_date <= {{ as_of_date() }}

)

select
    freezes.freeze_id || ' vs current' as comparison_id,
    'current' as comparison,
    freezes.frozen_period,
    freezes.freeze_id as old_freeze_id,
    freezes.version as old_version,
    freezes.as_of_date as old_as_of_date,
    freezes.delivery_date as old_delivery_date,
    cast(null as {{ dbt.type_string() }}) as new_freeze_id,
    cast(null as {{ dbt.type_int() }}) as new_version,
    today.as_of_date as new_as_of_date,
    today.delivery_date as new_delivery_date
from freezes
cross join today

union all

select
    older.freeze_id || ' vs ' || newer.freeze_id as comparison_id,
    'next_version' as comparison,
    older.frozen_period,
    older.freeze_id as old_freeze_id,
    older.version as old_version,
    older.as_of_date as old_as_of_date,
    older.delivery_date as old_delivery_date,
    newer.freeze_id as new_freeze_id,
    newer.version as new_version,
    newer.as_of_date as new_as_of_date,
    newer.delivery_date as new_delivery_date
from freezes as older
inner join freezes as newer
    on
        older.frozen_period = newer.frozen_period
        and newer.version = older.version + 1
