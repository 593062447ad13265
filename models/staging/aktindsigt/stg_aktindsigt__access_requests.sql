-- Valid rows of the last delivery on or before as-of (full extract: it repeats every
-- record with its current state); a record sent twice in one file: the last row wins.
with in_scope as (

    select
        access_request_id,
        unit_id,
        unit_name_raw,
        received_date,
        legal_basis,
        answered_date,
        delay_notice_date,
        reject_reason,
        delivery_date,
        source_file,
        row_number,
        max(delivery_date) over () as last_delivery_date
    from {{ ref('base_aktindsigt__access_requests') }}
    where delivery_date <= {{ as_of_date() }}

),

versions as (

    select
        access_request_id,
        unit_id,
        unit_name_raw,
        received_date,
        legal_basis,
        answered_date,
        delay_notice_date,
        delivery_date,
        source_file,
        row_number,
        row_number() over (
            partition by access_request_id
            order by row_number desc
        ) as version_rank
    from in_scope
    where
        reject_reason is null
        and delivery_date = last_delivery_date

)

select
    access_request_id,
    unit_id,
    unit_name_raw,
    received_date,
    legal_basis,
    answered_date,
    delay_notice_date,
    delivery_date,
    source_file,
    row_number
from versions
where version_rank = 1
