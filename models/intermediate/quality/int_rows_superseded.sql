-- Valid rows on or before as-of that are not the standing version of their record
-- (erstattede rækker): every valid row but the newest valid one of its record, and, in a
-- full extract, every row of a record the last delivery on or before as-of no longer holds.
-- The newest valid version stands even when a newer row is rejected (targets.md "Real
-- exports": the latest valid version), so an earlier delivery's row may stand.
-- Derived independently of the stg models (and their macro), so reconciliation checks them.
{%- set full_extracts = var('full_extract_file_keys', [
    'sagssystem_a__sager', 'sagssystem_b__cases', 'klageregister__klager', 'aktindsigt__anmodninger'
]) %}
with in_scope as (

    select
        file_key,
        delivery_date,
        source_file,
        row_number,
        record_id,
        reject_reason,
        file_key in ('{{ full_extracts | join("', '") }}') as is_full_extract,
        max(delivery_date) over (partition by file_key) as last_delivery_date
    from {{ ref('int_rows_landed_unioned') }}
    where delivery_date <= {{ as_of_date() }}

),

current_records as (

    -- records of a full extract that its last delivery on or before as-of holds
    select distinct
        file_key,
        record_id
    from in_scope
    where
        is_full_extract
        and delivery_date = last_delivery_date
        and record_id is not null

),

ranked as (

    select
        in_scope.file_key,
        in_scope.delivery_date,
        in_scope.source_file,
        in_scope.row_number,
        in_scope.is_full_extract,
        current_records.record_id is not null as is_current_record,
        row_number() over (
            partition by in_scope.file_key, in_scope.record_id
            order by in_scope.delivery_date desc, in_scope.row_number desc
        ) as version_rank
    from in_scope
    left join current_records
        on
            in_scope.file_key = current_records.file_key
            and in_scope.record_id = current_records.record_id
    where in_scope.reject_reason is null

)

select
    file_key,
    delivery_date,
    source_file,
    row_number
from ranked
where
    version_rank > 1
    or (is_full_extract and not is_current_record)
