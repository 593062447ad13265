-- Every landed row of every export file with its key and whether it was rejected: the
-- common ground of the rejects table and the file reconciliation.
select
    file_key,
    delivery_date,
    source_file,
    row_number,
    cast(legacy_case_id as {{ dbt.type_string() }}) as record_id,
    raw_record,
    reject_code,
    reject_column,
    reject_reason
from {{ ref('base_sagssystem_a__cases') }}

union all

select
    file_key,
    delivery_date,
    source_file,
    row_number,
    cast(case_id as {{ dbt.type_string() }}) as record_id,
    raw_record,
    reject_code,
    reject_column,
    reject_reason
from {{ ref('base_sagssystem_b__cases') }}

union all

select
    file_key,
    delivery_date,
    source_file,
    row_number,
    cast(document_id as {{ dbt.type_string() }}) as record_id,
    raw_record,
    reject_code,
    reject_column,
    reject_reason
from {{ ref('base_esdh__documents') }}

union all

select
    file_key,
    delivery_date,
    source_file,
    row_number,
    cast(complaint_id as {{ dbt.type_string() }}) as record_id,
    raw_record,
    reject_code,
    reject_column,
    reject_reason
from {{ ref('base_klageregister__complaints') }}

union all

select
    file_key,
    delivery_date,
    source_file,
    row_number,
    cast(access_request_id as {{ dbt.type_string() }}) as record_id,
    raw_record,
    reject_code,
    reject_column,
    reject_reason
from {{ ref('base_aktindsigt__access_requests') }}

union all

select
    file_key,
    delivery_date,
    source_file,
    row_number,
    cast(inquiry_id as {{ dbt.type_string() }}) as record_id,
    raw_record,
    reject_code,
    reject_column,
    reject_reason
from {{ ref('base_henvendelser__inquiries') }}
