-- The members behind the frozen figures of the reporting ledger, typed. Before the first
-- freeze the ledger holds no file: then no rows, same columns (macro ledger_has_files).
-- depends_on: {{ source('ledger', 'target_members') }}
with source as (

    {% if ledger_has_files('target_members') %}
        select
            freeze_id,
            frozen_period,
            version,
            as_of_date,
            delivery_date,
            target_id,
            period_grain,
            period,
            unit_id,
            area,
            member_kind,
            member_id,
            is_compliant,
            member_value,
            period_date
        from {{ source('ledger', 'target_members') }}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as freeze_id,
            cast(null as {{ dbt.type_string() }}) as frozen_period,
            cast(null as {{ dbt.type_int() }}) as version,  -- noqa: RF04
            cast(null as date) as as_of_date,
            cast(null as date) as delivery_date,
            cast(null as {{ dbt.type_string() }}) as target_id,
            cast(null as {{ dbt.type_string() }}) as period_grain,
            cast(null as {{ dbt.type_string() }}) as period,
            cast(null as {{ dbt.type_string() }}) as unit_id,
            cast(null as {{ dbt.type_string() }}) as area,
            cast(null as {{ dbt.type_string() }}) as member_kind,
            cast(null as {{ dbt.type_string() }}) as member_id,
            cast(null as {{ dbt.type_boolean() }}) as is_compliant,
            cast(null as {{ dbt.type_bigint() }}) as member_value,
            cast(null as date) as period_date
        where false
    {% endif %}

)

select
    cast(freeze_id as {{ dbt.type_string() }}) as freeze_id,
    cast(frozen_period as {{ dbt.type_string() }}) as frozen_period,
    cast(version as {{ dbt.type_int() }}) as version,  -- noqa: RF04
    cast(as_of_date as date) as as_of_date,
    cast(delivery_date as date) as delivery_date,
    cast(target_id as {{ dbt.type_string() }}) as target_id,
    cast(period_grain as {{ dbt.type_string() }}) as period_grain,
    cast(period as {{ dbt.type_string() }}) as period,
    cast(unit_id as {{ dbt.type_string() }}) as unit_id,
    cast(area as {{ dbt.type_string() }}) as area,
    cast(member_kind as {{ dbt.type_string() }}) as member_kind,
    cast(member_id as {{ dbt.type_string() }}) as member_id,
    cast(is_compliant as {{ dbt.type_boolean() }}) as is_compliant,
    cast(member_value as {{ dbt.type_bigint() }}) as member_value,
    cast(period_date as date) as period_date
from source
