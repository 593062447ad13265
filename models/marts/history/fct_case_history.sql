-- Each case's history (sagens historik) across the replayed deliveries, oldest version
-- first: when it appeared in which system, when its decision first appeared, each later
-- change, and the migration from system A to B. One row per version of the linked case.
-- A view (issue 14): the classified versions under their mart name, one column list; as a
-- table it wrote every version of every case again at each build (7.4 s of a monthly run at
-- scale 3). Readers that attach the warehouse do so under its catalog name
-- (sagskvalitet/warehouse_catalog.py); the published release holds it as a table.
{{ config(materialized='view') }}
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
