-- Linked cases whose two systems hold different decisions (afgørelser). System B's
-- decision is used; the difference is reported here, not treated as an error.
select
    links.b_case_id as case_id,
    links.b_case_id,
    links.legacy_case_id,
    links.link_method,
    b_cases.decision as b_decision,
    b_cases.decided_date as b_decided_date,
    a_cases.decision as a_decision,
    a_cases.decided_date as a_decided_date
from {{ ref('int_case_links') }} as links
inner join {{ ref('stg_sagssystem_b__cases') }} as b_cases
    on links.b_case_id = b_cases.case_id
inner join {{ ref('stg_sagssystem_a__cases') }} as a_cases
    on links.legacy_case_id = a_cases.legacy_case_id
where
    b_cases.decision is not null
    and a_cases.decision is not null
    and b_cases.decision <> a_cases.decision
