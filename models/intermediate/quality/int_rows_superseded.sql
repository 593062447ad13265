-- Valid rows on or before as-of that a later version replaced (erstattede rækker):
-- full extracts: every row of an earlier delivery, and an earlier row of the same record
-- in the last delivery; incremental extracts: every row but the latest of its record.
-- Derived independently of the stg models, so reconciliation checks them.
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
        max(delivery_date) over (partition by file_key) as last_delivery_date
    from {{ ref('int_rows_landed_unioned') }}
    where delivery_date <= {{ as_of_date() }}

),

ranked as (

    select
        file_key,
        delivery_date,
        source_file,
        row_number,
        last_delivery_date,
        file_key in ('{{ full_extracts | join("', '") }}') as is_full_extract,
        row_number() over (
            partition by file_key, record_id
            order by delivery_date desc, row_number desc
        ) as version_rank
    from in_scope
    where reject_reason is null

)

select
    file_key,
    delivery_date,
    source_file,
    row_number
from ranked
where
    (is_full_extract and delivery_date < last_delivery_date)
    or version_rank > 1
