-- Each case's history (sagens historik) across the replayed deliveries, oldest version
-- first: when it appeared in which system, when its decision first appeared, each later
-- change, and the migration from system A to B. One row per version of the linked case.
-- Incremental by case (issue 14), like int_case_versions_compared: a monthly run writes
-- again the versions of the cases that changed since the last build, by version_id.
-- depends_on: {{ ref('int_deliveries_unioned') }} (the as-of, read on the incremental path)
with all_versions as (

    select * from {{ ref('int_case_versions_classified') }}

),

-- on an incremental run, the versions of the cases to rebuild only
{{ versions_to_rebuild('all_versions', 'versions') }}

select
    case_key,
    version_number,
    version_count,
    version_id,
    case_id,
    b_case_id,
    legacy_case_id,
    systems,
    link_method,
    area,
    unit_id,
    received_date,
    a_received_date,
    b_received_date,
    decided_date,
    decision,
    decision_source,
    has_decision_conflict,
    b_updated_at,
    valid_from_date,
    valid_to_date,
    is_current,
    is_removed,
    change_kind,
    changes,
    changed_on_date
from versions
