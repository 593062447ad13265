-- Sagsoverblik: exactly one overview row per real case of the linking, none missing, none
-- invented. Fails on each case id found on one side only.
with

linked as (
    select case_id
    from {{ ref('int_cases_linked') }}
),

overview as (
    select case_id
    from {{ ref('dim_cases') }}
)

select
    coalesce(linked.case_id, overview.case_id) as case_id,
    linked.case_id is null as is_missing_in_linking,
    overview.case_id is null as is_missing_in_overview
from linked
full outer join overview
    on linked.case_id = overview.case_id
where
    linked.case_id is null
    or overview.case_id is null
