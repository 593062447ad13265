{{ config(severity = 'warn') }}
-- Free-text unit names matching no alias of the seed unit_aliases (unit UNKNOWN): counted
-- in the figures, listed here so a new spelling can be added to the seed.
select
    'stg_sagssystem_a__cases' as model_name,
    cast(legacy_case_id as {{ dbt.type_string() }}) as record_id,
    unit_name_raw
from {{ ref('stg_sagssystem_a__cases') }}
where unit_id = 'UNKNOWN'

union all

select
    'stg_klageregister__complaints' as model_name,
    cast(complaint_id as {{ dbt.type_string() }}) as record_id,
    unit_name_raw
from {{ ref('stg_klageregister__complaints') }}
where unit_id = 'UNKNOWN'

union all

select
    'stg_aktindsigt__access_requests' as model_name,
    cast(access_request_id as {{ dbt.type_string() }}) as record_id,
    unit_name_raw
from {{ ref('stg_aktindsigt__access_requests') }}
where unit_id = 'UNKNOWN'

union all

select
    'stg_henvendelser__inquiries' as model_name,
    cast(inquiry_id as {{ dbt.type_string() }}) as record_id,
    unit_name_raw
from {{ ref('stg_henvendelser__inquiries') }}
where unit_id = 'UNKNOWN'
