-- Linked cases whose two systems disagree on the decision: the report the exports
-- contract asks for, with the decision that stands in the figures and why (a decision
-- beats a withdrawal; between decisions the later date; equal dates system B's).
select
    conflicts.case_id,
    conflicts.b_case_id,
    conflicts.legacy_case_id,
    conflicts.link_method,
    cases.area,
    cases.unit_id,
    cases.received_date,
    conflicts.b_decision,
    conflicts.b_decided_date,
    conflicts.a_decision,
    conflicts.a_decided_date,
    conflicts.standing_decision,
    conflicts.standing_decided_date,
    conflicts.standing_decision_source,
    conflicts.resolution
from {{ ref('int_case_decision_conflicts') }} as conflicts
inner join {{ ref('int_cases_linked') }} as cases
    on conflicts.case_id = cases.case_id
