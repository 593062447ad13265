-- How many rows of a built warehouse each ruling of targets.md "Real exports" changes
-- (issue 10): one row per ruling with the model that holds it, the unit test that would
-- fail without it and the count. Compile and run on a built warehouse:
--   dbt compile -s ruling_impact
--   duckdb $SAGSKVALITET_DUCKDB < target/compiled/sagskvalitet/analyses/ruling_impact.sql
-- The "old" folding and rounding are written out here (DuckDB SQL) only to count what the
-- new macros change; no model uses them.
{%- set old_fold = "trim(regexp_replace(replace(replace(replace(lower(%s), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'), '[[:space:]]+', ' ', 'g'))" %}

with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

impact as (

    select
        1 as ruling_order,
        'decision beats withdrawal: a decision in one system over a withdrawal in the other' as ruling,
        'int_cases_linked' as model_name,
        'decision_beats_withdrawal_across_systems' as unit_test,
        count(*) as rows_changed
    from {{ ref('int_cases_linked') }}
    where
        (decision_source = 'system_a' and b_decision = 'withdrawn')
        or (decision_source = 'system_b' and a_decision = 'withdrawn' and b_decision <> 'withdrawn')

    union all

    select
        2 as ruling_order,
        'between two differing decisions the later decision date (A later than B)' as ruling,
        'int_cases_linked' as model_name,
        'decision_beats_withdrawal_across_systems' as unit_test,
        count(*) as rows_changed
    from {{ ref('int_cases_linked') }}
    where
        decision_source = 'system_a'
        and b_decision in ('granted', 'refused', 'recommended')

    union all

    select
        3 as ruling_order,
        'cases kept with a missing or invalid CPR (citizen_key null)' as ruling,
        'base_sagssystem_a__cases, base_sagssystem_b__cases' as model_name,
        'system_a_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        (
            select count(*) from {{ ref('stg_sagssystem_a__cases') }}
            where citizen_key is null
        )
        + (
            select count(*) from {{ ref('stg_sagssystem_b__cases') }}
            where citizen_key is null
        ) as rows_changed

    union all

    select
        4 as ruling_order,
        'system B unit_id no seed knows is UNKNOWN, kept' as ruling,
        'base_sagssystem_b__cases' as model_name,
        'base_sagssystem_b_normalises_legacy_ref_and_codes' as unit_test,
        count(*) as rows_changed
    from {{ ref('base_sagssystem_b__cases') }}
    where
        unit_id = 'UNKNOWN'
        and reject_reason is null
        and delivery_date <= (select as_of.as_of_date from as_of)

    union all

    select
        5 as ruling_order,
        'ESDH documents kept with an odd BorgerMedvirken (null)' as ruling,
        'base_esdh__documents' as model_name,
        'esdh_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        count(*) as rows_changed
    from {{ ref('base_esdh__documents') }}
    where
        is_citizen_participation_unreadable
        and reject_reason is null
        and delivery_date <= (select as_of.as_of_date from as_of)

    union all

    select
        6 as ruling_order,
        'ESDH documents kept with an unreadable Registreret (null)' as ruling,
        'base_esdh__documents' as model_name,
        'esdh_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        count(*) as rows_changed
    from {{ ref('base_esdh__documents') }}
    where
        registered_at_issue is not null
        and reject_reason is null
        and delivery_date <= (select as_of.as_of_date from as_of)

    union all

    select
        7 as ruling_order,
        'records whose latest valid version is an older one (newest rejected)' as ruling,
        'stg_* via macro latest_valid_version' as model_name,
        'latest_valid_version_full_extract, latest_valid_version_incremental_extract' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_rejected_rows') }}
    where is_earlier_version_standing

    union all

    select
        8 as ruling_order,
        'dates rejected for a two-digit year (invalid_date, a dd-mm-yy field)' as ruling,
        'base_* via macros parse_date, date_validity' as model_name,
        'esdh_rejects_only_for_what_a_figure_or_link_needs, system_a_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_rejected_rows') }}
    where
        reject_code = 'invalid_date'
        and -- a whole field dd-mm-yy, dd.mm.yy or d/m/yy (not a journal number 27.12.10-P20-1-10)
        regexp_matches(raw_record, '(^|[;,"])[0-9]{1,2}[-./][0-9]{1,2}[-./][0-9]{2}($|[;,"])')

    union all

    select
        9 as ruling_order,
        'dates rejected: before 1990' as ruling,
        'base_* via macro date_validity' as model_name,
        'system_a_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_rejected_rows') }}
    where reject_code = 'date_before_1990'

    union all

    select
        10 as ruling_order,
        'dates rejected: beyond var future_date_horizon_days after the delivery' as ruling,
        'base_* via macro date_validity' as model_name,
        'esdh_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_rejected_rows') }}
    where reject_code = 'date_beyond_horizon'

    union all

    select
        11 as ruling_order,
        'documents dated after as-of, not counted yet' as ruling,
        'int_cases_flagged' as model_name,
        'documents_dated_after_as_of_do_not_exist_yet' as unit_test,
        count(*) as rows_changed
    from {{ ref('int_documents_linked') }}
    where document_date > (select as_of.as_of_date from as_of)

    union all

    select
        12 as ruling_order,
        'decisions dated after as-of: the case is open as of as-of' as ruling,
        'int_cases_linked' as model_name,
        'decision_beats_withdrawal_across_systems' as unit_test,
        (
            select count(*) from {{ ref('stg_sagssystem_a__cases') }}
            where decided_date > (select as_of.as_of_date from as_of)
        )
        + (
            select count(*) from {{ ref('stg_sagssystem_b__cases') }}
            where decided_date > (select as_of.as_of_date from as_of))
            as rows_changed

    union all

    select
        13 as ruling_order,
        'titles that match a document kind only through the new folding (NBSP, tabs)' as ruling,
        'base_esdh__documents via macro fold_text' as model_name,
        'esdh_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        count(*) as rows_changed
    from {{ ref('stg_esdh__documents') }}
    where
        not is_other
        and {{ old_fold % 'title' }} <> title_folded

    union all

    select
        14 as ruling_order,
        'case unit names that match a unit only through the new folding' as ruling,
        'base_sagssystem_a__cases via macro fold_text' as model_name,
        'system_a_rejects_only_for_what_a_figure_or_link_needs' as unit_test,
        count(*) as rows_changed
    from {{ ref('stg_sagssystem_a__cases') }}
    where
        unit_id <> 'UNKNOWN'
        and {{ old_fold % 'unit_name_raw' }} <> {{ fold_text('unit_name_raw') }}

    union all

    select
        15 as ruling_order,
        'published cells suppressed by grain closure (a half-year group of a small unit)' as ruling,
        'fct_published_target_results' as model_name,
        'suppression_stops_half_year_minus_quarter' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_published_target_results') }}
    where suppression_reason = 'grain'

    union all

    select
        16 as ruling_order,
        'published cells suppressed as the complement of a lone suppressed unit' as ruling,
        'fct_published_target_results' as model_name,
        'suppression_primary_grain_and_complement' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_published_target_results') }}
    where suppression_reason = 'complement'

    union all

    select
        17 as ruling_order,
        'published previous-period values nulled because the previous cell is suppressed' as ruling,
        'fct_published_target_results' as model_name,
        'suppression_stops_half_year_minus_quarter' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_published_target_results') }}
    where is_previous_suppressed and not is_suppressed

    union all

    select
        18 as ruling_order,
        'change_percent rows where half away from zero differs from floor(x + 0.5)' as ruling,
        'fct_target_results via macro round_half_away' as model_name,
        'target_results_round_half_away_from_unrounded_values' as unit_test,
        count(*) as rows_changed
    from {{ ref('fct_target_results') }}
    where
        change_percent is not null
        and change_percent
        <> cast(
            floor(cast(1000 * (numerator - previous_numerator) as double) / previous_numerator + 0.5) / 10
            as decimal(18, 1)
        )

)

select
    ruling_order,
    ruling,
    model_name,
    unit_test,
    rows_changed
from impact
order by ruling_order
