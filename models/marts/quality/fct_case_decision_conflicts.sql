-- Linked cases whose two systems hold different decisions (modstridende afgørelser), the
-- report the exports contract asks for, with the decision that stands in the figures and
-- why (targets.md "Real exports"): a decision beats a withdrawal; between two decisions
-- the later decision date, equal dates system B's. Read from int_cases_linked, which sets
-- the flag and the standing decision, so the report and the figures cannot disagree.
select
    case_id,
    b_case_id,
    legacy_case_id,
    link_method,
    area,
    unit_id,
    received_date,
    b_decision,
    b_decided_date,
    a_decision,
    a_decided_date,
    decision as standing_decision,
    decided_date as standing_decided_date,
    decision_source as standing_decision_source,
    case
        when b_decision = 'withdrawn' or a_decision = 'withdrawn' then 'decision_over_withdrawal'
        when b_decided_date = a_decided_date then 'same_date_system_b'
        else 'later_decision_date'
    end as resolution
from {{ ref('int_cases_linked') }}
where has_decision_conflict
