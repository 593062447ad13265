-- Every staged system A and system B case is in exactly one real case, by its own id.
with a_cases as (

    select
        a_cases.legacy_case_id as record_id,
        'system_a' as system_name,
        count(linked.case_id) as linked_cases
    from {{ ref('stg_sagssystem_a__cases') }} as a_cases
    left join {{ ref('int_cases_linked') }} as linked
        on a_cases.legacy_case_id = linked.legacy_case_id
    group by a_cases.legacy_case_id

),

b_cases as (

    select
        b_cases.case_id as record_id,
        'system_b' as system_name,
        count(linked.case_id) as linked_cases
    from {{ ref('stg_sagssystem_b__cases') }} as b_cases
    left join {{ ref('int_cases_linked') }} as linked
        on b_cases.case_id = linked.b_case_id
    group by b_cases.case_id

)

select
    record_id,
    system_name,
    linked_cases
from a_cases
where linked_cases <> 1

union all

select
    record_id,
    system_name,
    linked_cases
from b_cases
where linked_cases <> 1
