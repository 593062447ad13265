{#- The greedy, sequential double-registration claims of int_case_records_paired
    (dobbeltregistrering): within each group (citizen_key, area) the B cases one at a time
    in sequence_number order, each taking its candidate of lowest candidate_rank that no
    earlier B case of the group took (null when none is free). The body of the model's CTE
    `self_name`; rows b_case_id, legacy_case_id - the same rows on every engine.
    default__ (DuckDB, PostgreSQL): a recursive CTE (the model says WITH RECURSIVE).
    spark__: Spark 4 runs the recursive CTE too, but re-plans the windows of the CTEs it
    reads at every step (about 500 stages, minutes, for an 11-row unit test), so on Spark
    the same rule is a fold (aggregate) over each group's ordered B cases. -#}
{% macro greedy_claims(pairs, b_sequence, self_name) -%}
    {{ return(adapter.dispatch('greedy_claims', 'sagskvalitet')(pairs, b_sequence, self_name)) }}
{%- endmacro %}

{#- The used SagsIDs travel as a '|'-delimited string; the first free candidate is a
    correlated scalar subquery. -#}
{% macro default__greedy_claims(pairs, b_sequence, self_name) %}
    select
        b_sequence.group_id,
        b_sequence.sequence_number,
        b_sequence.b_case_id,
        pairs.legacy_case_id,
        cast('|' as {{ dbt.type_string() }}) as used_before
    from {{ b_sequence }} as b_sequence
    inner join {{ pairs }} as pairs
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
            from {{ pairs }} as free
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
    from {{ self_name }} as matching
    inner join {{ b_sequence }} as b_sequence
        on
            matching.group_id = b_sequence.group_id
            and matching.sequence_number + 1 = b_sequence.sequence_number
{% endmacro %}

{#- Per group: the B cases as an array sorted by sequence_number, each with its candidates
    sorted by candidate_rank; aggregate() folds them in that order, the state being the
    claims so far; a B case takes the first candidate not among them (try_element_at: null
    when none is left; <=> so a null claim never blocks). inline() turns the claims into rows. -#}
{% macro spark__greedy_claims(pairs, b_sequence, self_name) %}
    select inline(groups.claims)
    from (
        select
            aggregate(
                array_sort(collect_list(named_struct(
                    'sequence_number', b_cases.sequence_number,
                    'b_case_id', b_cases.b_case_id,
                    'candidates', b_cases.candidates
                ))),
                cast(array() as array<struct<b_case_id: string, legacy_case_id: string>>),
                (claims, b) -> concat(claims, array(named_struct(
                    'b_case_id', b.b_case_id,
                    'legacy_case_id', try_element_at(
                        transform(
                            filter(
                                b.candidates,
                                c -> not exists(claims, x -> x.legacy_case_id <=> c.legacy_case_id)
                            ),
                            c -> c.legacy_case_id
                        ),
                        1
                    )
                )))
            ) as claims
        from (
            select
                b_sequence.group_id,
                b_sequence.sequence_number,
                b_sequence.b_case_id,
                array_sort(collect_list(named_struct(
                    'candidate_rank', pairs.candidate_rank,
                    'legacy_case_id', pairs.legacy_case_id
                ))) as candidates
            from {{ b_sequence }} as b_sequence
            inner join {{ pairs }} as pairs
                on b_sequence.b_case_id = pairs.b_case_id
            group by b_sequence.group_id, b_sequence.sequence_number, b_sequence.b_case_id
        ) as b_cases
        group by b_cases.group_id
    ) as groups
{% endmacro %}
