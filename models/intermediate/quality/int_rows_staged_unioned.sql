-- The rows that won as the staged (current) version of their record, of every export file.
select
    'sagssystem_a__sager' as file_key,
    delivery_date,
    source_file,
    row_number,
    cast(legacy_case_id as {{ dbt.type_string() }}) as record_id
from {{ ref('stg_sagssystem_a__cases') }}

union all

select
    'sagssystem_b__cases' as file_key,
    delivery_date,
    source_file,
    row_number,
    cast(case_id as {{ dbt.type_string() }}) as record_id
from {{ ref('stg_sagssystem_b__cases') }}

union all

select
    'esdh__dokumenter' as file_key,
    delivery_date,
    source_file,
    row_number,
    cast(document_id as {{ dbt.type_string() }}) as record_id
from {{ ref('stg_esdh__documents') }}

union all

select
    'klageregister__klager' as file_key,
    delivery_date,
    source_file,
    row_number,
    cast(complaint_id as {{ dbt.type_string() }}) as record_id
from {{ ref('stg_klageregister__complaints') }}

union all

select
    'aktindsigt__anmodninger' as file_key,
    delivery_date,
    source_file,
    row_number,
    cast(access_request_id as {{ dbt.type_string() }}) as record_id
from {{ ref('stg_aktindsigt__access_requests') }}

union all

select
    'henvendelser__henvendelser' as file_key,
    delivery_date,
    source_file,
    row_number,
    cast(inquiry_id as {{ dbt.type_string() }}) as record_id
from {{ ref('stg_henvendelser__inquiries') }}
