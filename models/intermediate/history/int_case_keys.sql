-- Each case id ever seen with the case it belongs to (sagsnøgle): a system A case migrated
-- or linked to system B keeps the key of its system B case, so a figure's members are
-- compared by their real case across deliveries.
select distinct
    case_id,
    case_key
from {{ ref('int_case_versions_classified') }}
