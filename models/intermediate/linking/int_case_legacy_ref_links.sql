-- System B cases naming their system A case in legacy_ref (already normalised in staging:
-- white space removed, upper-cased). Should two B cases name one A case, the first by
-- received date, then case_id, takes it; the other stays a system B case of its own.
with candidates as (

    select
        b_cases.case_id as b_case_id,
        a_cases.legacy_case_id,
        row_number() over (
            partition by a_cases.legacy_case_id
            order by b_cases.received_date, b_cases.case_id
        ) as claim_rank
    from {{ ref('stg_sagssystem_b__cases') }} as b_cases
    inner join {{ ref('stg_sagssystem_a__cases') }} as a_cases
        on b_cases.legacy_ref = a_cases.legacy_case_id

)

select
    b_case_id,
    legacy_case_id
from candidates
where claim_rank = 1
