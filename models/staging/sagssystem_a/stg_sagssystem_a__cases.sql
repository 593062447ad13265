-- Valid rows of the last delivery on or before as-of (full extract: it repeats every
-- record with its current state); a record sent twice in one file: the last row wins.
with in_scope as (

    select
        legacy_case_id,
        citizen_key,
        area,
        legacy_area_code,
        unit_id,
        unit_name_raw,
        received_date,
        decided_date,
        decision,
        legacy_decision_code,
        caseworker_initials,
        reject_reason,
        delivery_date,
        source_file,
        row_number,
        max(delivery_date) over () as last_delivery_date
    from {{ ref('base_sagssystem_a__cases') }}
    where delivery_date <= {{ as_of_date() }}

),

versions as (

    select
        legacy_case_id,
        citizen_key,
        area,
        legacy_area_code,
        unit_id,
        unit_name_raw,
        received_date,
        decided_date,
        decision,
        legacy_decision_code,
        caseworker_initials,
        delivery_date,
        source_file,
        row_number,
        row_number() over (
            partition by legacy_case_id
            order by row_number desc
        ) as version_rank
    from in_scope
    where
        reject_reason is null
        and delivery_date = last_delivery_date

)

select
    legacy_case_id,
    citizen_key,
    area,
    legacy_area_code,
    unit_id,
    unit_name_raw,
    received_date,
    decided_date,
    decision,
    legacy_decision_code,
    caseworker_initials,
    delivery_date,
    source_file,
    row_number
from versions
where version_rank = 1
