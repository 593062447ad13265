-- The records of one real case in the two systems, paired (sammenkædning): one row per
-- real case with its system B record, its system A record, or both, and how they were
-- linked (exports.md "The same case in two systems"). Which values stand is decided in
-- int_cases_linked; this model only says which records belong together:
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
--    string; portable SQL (recursive CTE, scalar subquery), no procedural code. That
--    walk is the dispatched macro greedy_claims (on Spark the same rule as a fold over
--    each group's ordered B cases: Spark's recursive CTE re-plans at every step).
-- 3. every other B case is system_b_only, every other A case system_a_only.
-- One model for the links and the pairing, since the second rule needs the first's result
-- and the pairing needs both.
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

    {{ sagskvalitet.greedy_claims('pairs', 'b_sequence', 'matching') }}

),

links as (

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

),

b_records as (

    select
        case_id,
        citizen_key,
        area,
        unit_id,
        received_date,
        decided_date,
        decision
    from {{ ref('stg_sagssystem_b__cases') }}

),

a_records as (

    select
        legacy_case_id,
        citizen_key,
        area,
        unit_id,
        received_date,
        decided_date,
        decision
    from {{ ref('stg_sagssystem_a__cases') }}

)

select
    b_records.case_id,
    b_records.case_id as b_case_id,
    links.legacy_case_id,
    coalesce(links.link_method, 'system_b_only') as link_method,
    b_records.citizen_key as b_citizen_key,
    b_records.area as b_area,
    b_records.unit_id as b_unit_id,
    b_records.received_date as b_received_date,
    b_records.decided_date as b_decided_date,
    b_records.decision as b_decision,
    a_records.citizen_key as a_citizen_key,
    a_records.area as a_area,
    a_records.unit_id as a_unit_id,
    a_records.received_date as a_received_date,
    a_records.decided_date as a_decided_date,
    a_records.decision as a_decision
from b_records
left join links
    on b_records.case_id = links.b_case_id
left join a_records
    on links.legacy_case_id = a_records.legacy_case_id

union all

select
    a_records.legacy_case_id as case_id,
    cast(null as {{ dbt.type_string() }}) as b_case_id,
    a_records.legacy_case_id,
    'system_a_only' as link_method,
    cast(null as {{ dbt.type_string() }}) as b_citizen_key,
    cast(null as {{ dbt.type_string() }}) as b_area,
    cast(null as {{ dbt.type_string() }}) as b_unit_id,
    cast(null as date) as b_received_date,
    cast(null as date) as b_decided_date,
    cast(null as {{ dbt.type_string() }}) as b_decision,
    a_records.citizen_key as a_citizen_key,
    a_records.area as a_area,
    a_records.unit_id as a_unit_id,
    a_records.received_date as a_received_date,
    a_records.decided_date as a_decided_date,
    a_records.decision as a_decision
from a_records
where not exists (
    select 1
    from links
    where links.legacy_case_id = a_records.legacy_case_id
)
