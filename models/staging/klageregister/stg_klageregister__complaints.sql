-- Valid rows of the last delivery on or before as-of (full extract: it repeats every
-- record with its current state); a record sent twice in one file: the last row wins.
with in_scope as (

    select
        complaint_id,
        case_reference,
        unit_id,
        unit_name_raw,
        received_date,
        complaint_type,
        reassessed_date,
        delay_notice_date,
        forwarded_date,
        external_decided_date,
        external_outcome,
        reject_reason,
        delivery_date,
        source_file,
        row_number,
        max(delivery_date) over () as last_delivery_date
    from {{ ref('base_klageregister__complaints') }}
    where delivery_date <= {{ as_of_date() }}

),

versions as (

    select
        complaint_id,
        case_reference,
        unit_id,
        unit_name_raw,
        received_date,
        complaint_type,
        reassessed_date,
        delay_notice_date,
        forwarded_date,
        external_decided_date,
        external_outcome,
        delivery_date,
        source_file,
        row_number,
        row_number() over (
            partition by complaint_id
            order by row_number desc
        ) as version_rank
    from in_scope
    where
        reject_reason is null
        and delivery_date = last_delivery_date

)

select
    complaint_id,
    case_reference,
    unit_id,
    unit_name_raw,
    received_date,
    complaint_type,
    reassessed_date,
    delay_notice_date,
    forwarded_date,
    external_decided_date,
    external_outcome,
    delivery_date,
    source_file,
    row_number
from versions
where version_rank = 1
