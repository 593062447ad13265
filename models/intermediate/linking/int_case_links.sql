-- Every link between a system B case and a system A case (sammenkædning), with how it
-- was made (exports.md "The same case in two systems"):
-- 1. legacy_ref: a system B case naming its system A case in legacy_ref (normalised in
--    staging: white space removed, upper-cased). Should two B cases name one A case, the
--    first by received date, then case_id, takes it; the other stays a case of its own.
-- 2. double_registration (dobbeltregistrering): a system B case without legacy_ref
--    matched to a system A case of the same citizen and canonical area received within
--    var('double_registration_max_days') days, the A case received in the parallel-running
--    window (vars double_registration_from/_to) and not already linked by legacy_ref.
--    The rule is greedy and sequential: B cases one at a time in order of received date,
--    then case_id; each takes its nearest free candidate (then the lowest SagsID). B cases
--    only compete for A cases of the same (citizen_key, area), so processing each such
--    group in order is equivalent to the global order. A recursive CTE walks each group's
--    B cases by sequence number and carries the SagsIDs used so far as a '|'-delimited
--    string; portable SQL (recursive CTE, scalar subquery), no procedural code.
-- One model for both, since the second needs the first: the A cases left free.
with recursive

legacy_ref_candidates as (

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

),

legacy_ref_links as (

    select
        b_case_id,
        legacy_case_id
    from legacy_ref_candidates
    where claim_rank = 1

),

a_cases as (

    select
        legacy_case_id,
        citizen_key,
        area,
        received_date
    from {{ ref('stg_sagssystem_a__cases') }}
    where
        received_date >= cast('{{ var("double_registration_from", "2010-04-01") }}' as date)
        and received_date <= cast('{{ var("double_registration_to", "2010-06-30") }}' as date)
        and legacy_case_id not in (
            select legacy_ref_links.legacy_case_id
            from legacy_ref_links
        )

),

b_cases as (

    select
        case_id,
        citizen_key,
        area,
        received_date
    from {{ ref('stg_sagssystem_b__cases') }}
    where legacy_ref is null

),

pairs as (

    select
        b_cases.case_id as b_case_id,
        b_cases.citizen_key,
        b_cases.area,
        b_cases.received_date as b_received_date,
        a_cases.legacy_case_id,
        row_number() over (
            partition by b_cases.case_id
            order by
                abs({{ dbt.datediff('a_cases.received_date', 'b_cases.received_date', 'day') }}),
                a_cases.legacy_case_id
        ) as candidate_rank
    from b_cases
    inner join a_cases
        on
            b_cases.citizen_key = a_cases.citizen_key
            and b_cases.area = a_cases.area
            and abs({{ dbt.datediff('a_cases.received_date', 'b_cases.received_date', 'day') }})
            <= {{ var('double_registration_max_days', 7) }}

),

b_sequence as (

    select
        b_case_id,
        dense_rank() over (order by citizen_key, area) as group_id,
        row_number() over (
            partition by citizen_key, area
            order by b_received_date, b_case_id
        ) as sequence_number
    from pairs
    where candidate_rank = 1

),

matching as (

    select
        b_sequence.group_id,
        b_sequence.sequence_number,
        b_sequence.b_case_id,
        pairs.legacy_case_id,
        cast('|' as {{ dbt.type_string() }}) as used_before
    from b_sequence
    inner join pairs
        on
            b_sequence.b_case_id = pairs.b_case_id
            and pairs.candidate_rank = 1
    where b_sequence.sequence_number = 1

    union all

    select
        b_sequence.group_id,
        b_sequence.sequence_number,
        b_sequence.b_case_id,
        (
            select free.legacy_case_id
            from pairs as free
            where
                free.b_case_id = b_sequence.b_case_id
                and {{ dbt.position(
                    "'|' || free.legacy_case_id || '|'",
                    "matching.used_before || coalesce(matching.legacy_case_id || '|', '')"
                ) }} = 0
            order by free.candidate_rank
            limit 1
        ) as legacy_case_id,
        cast(
            matching.used_before || coalesce(matching.legacy_case_id || '|', '')
            as {{ dbt.type_string() }}
        ) as used_before
    from matching
    inner join b_sequence
        on
            matching.group_id = b_sequence.group_id
            and matching.sequence_number + 1 = b_sequence.sequence_number

)

select
    b_case_id,
    legacy_case_id,
    'legacy_ref' as link_method
from legacy_ref_links

union all

select
    b_case_id,
    legacy_case_id,
    'double_registration' as link_method
from matching
where legacy_case_id is not null
