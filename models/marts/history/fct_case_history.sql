-- Each case's history (sagens historik) across the replayed deliveries, oldest version
-- first: when it appeared in which system, when its decision first appeared, each later
-- change, and the migration from system A to B. One row per version of the linked case.
select
    case_key,
    version_number,
    version_count,
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
from {{ ref('int_case_versions_classified') }}
