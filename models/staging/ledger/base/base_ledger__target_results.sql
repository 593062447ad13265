-- The frozen figures of the reporting ledger, typed. Before the first freeze the ledger
-- holds no file: then no rows, same columns (macro ledger_has_files).
-- depends_on: {{ source('ledger', 'target_results') }}
with source as (

    {% if ledger_has_files('target_results') %}
        select
            freeze_id,
            frozen_period,
            version,
            as_of_date,
            delivery_date,
            build_id,
            target_id,
            period_grain,
            period,
            unit_id,
            area,
            measure_kind,
            member_count,
            numerator,
            denominator,
            ratio,
            percent,
            threshold,
            is_met
        from {{ source('ledger', 'target_results') }}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as freeze_id,
            cast(null as {{ dbt.type_string() }}) as frozen_period,
            cast(null as {{ dbt.type_int() }}) as version,  -- noqa: RF04
            cast(null as date) as as_of_date,
            cast(null as date) as delivery_date,
            cast(null as {{ dbt.type_string() }}) as build_id,
            cast(null as {{ dbt.type_string() }}) as target_id,
            cast(null as {{ dbt.type_string() }}) as period_grain,
            cast(null as {{ dbt.type_string() }}) as period,
            cast(null as {{ dbt.type_string() }}) as unit_id,
            cast(null as {{ dbt.type_string() }}) as area,
            cast(null as {{ dbt.type_string() }}) as measure_kind,
            cast(null as {{ dbt.type_bigint() }}) as member_count,
            cast(null as {{ dbt.type_bigint() }}) as numerator,
            cast(null as {{ dbt.type_bigint() }}) as denominator,
            cast(null as decimal(18, 6)) as ratio,
            cast(null as decimal(5, 1)) as percent,  -- noqa: RF04
            cast(null as decimal(5, 4)) as threshold,
            cast(null as {{ dbt.type_boolean() }}) as is_met
        where false
    {% endif %}

)

select
    cast(freeze_id as {{ dbt.type_string() }}) as freeze_id,
    cast(frozen_period as {{ dbt.type_string() }}) as frozen_period,
    cast(version as {{ dbt.type_int() }}) as version,  -- noqa: RF04
    cast(as_of_date as date) as as_of_date,
    cast(delivery_date as date) as delivery_date,
    cast(build_id as {{ dbt.type_string() }}) as build_id,
    cast(target_id as {{ dbt.type_string() }}) as target_id,
    cast(period_grain as {{ dbt.type_string() }}) as period_grain,
    cast(period as {{ dbt.type_string() }}) as period,
    cast(unit_id as {{ dbt.type_string() }}) as unit_id,
    cast(area as {{ dbt.type_string() }}) as area,
    cast(measure_kind as {{ dbt.type_string() }}) as measure_kind,
    cast(member_count as {{ dbt.type_bigint() }}) as member_count,
    cast(numerator as {{ dbt.type_bigint() }}) as numerator,
    cast(denominator as {{ dbt.type_bigint() }}) as denominator,
    cast(ratio as decimal(18, 6)) as ratio,
    cast(percent as decimal(5, 1)) as percent,  -- noqa: RF04
    cast(threshold as decimal(5, 4)) as threshold,
    cast(is_met as {{ dbt.type_boolean() }}) as is_met
from source
