-- Valid rows, latest version per id (incremental extract: a record is re-sent when a
-- field changes): the latest delivery on or before as-of, within it the last row.
with versions as (

    select
        inquiry_id,
        unit_id,
        unit_name_raw,
        channel,
        is_written,
        received_at,
        received_date,
        first_response_at,
        first_response_date,
        delivery_date,
        source_file,
        row_number,
        row_number() over (
            partition by inquiry_id
            order by delivery_date desc, row_number desc
        ) as version_rank
    from {{ ref('base_henvendelser__inquiries') }}
    where
        reject_reason is null
        and delivery_date <= {{ as_of_date() }}

)

select
    inquiry_id,
    unit_id,
    unit_name_raw,
    channel,
    is_written,
    received_at,
    received_date,
    first_response_at,
    first_response_date,
    delivery_date,
    source_file,
    row_number
from versions
where version_rank = 1
