-- The rows staging rejected (afviste rækker), of every export file: no row vanishes silently.
-- A rejected row that is its record's newest version says whether an earlier valid version
-- stands instead (targets.md "Real exports": the latest valid version), and which row.
with

rejected as (
    select
        delivery_date,
        source_file,
        file_key,
        row_number,
        record_id,
        raw_record,
        reject_code,
        reject_column,
        reject_reason
    from {{ ref('int_rows_landed_unioned') }}
    where reject_reason is not null
),

staged as (
    select
        file_key,
        record_id,
        delivery_date,
        row_number
    from {{ ref('int_rows_staged_unioned') }}
)

select
    rejected.delivery_date,
    rejected.source_file,
    rejected.file_key,
    rejected.row_number,
    rejected.record_id,
    rejected.raw_record,
    rejected.reject_code,
    rejected.reject_column,
    rejected.reject_reason,
    -- the staged version is older than this rejected row: the earlier valid version stands
    coalesce(
        staged.delivery_date < rejected.delivery_date
        or (staged.delivery_date = rejected.delivery_date and staged.row_number < rejected.row_number),
        false
    ) as is_earlier_version_standing,
    case
        when
            staged.delivery_date < rejected.delivery_date
            or (staged.delivery_date = rejected.delivery_date and staged.row_number < rejected.row_number)
            then staged.delivery_date
    end as standing_delivery_date,
    case
        when
            staged.delivery_date < rejected.delivery_date
            or (staged.delivery_date = rejected.delivery_date and staged.row_number < rejected.row_number)
            then staged.row_number
    end as standing_row_number
from rejected
left join staged
    on
        rejected.file_key = staged.file_key
        and rejected.record_id = staged.record_id
