-- Revisions of reported figures (revisioner af indberettede tal): every figure of every
-- frozen version in the reporting ledger compared with today's figure ("current") and
-- with the version of the same period frozen after it ("next_version"): old and new
-- numerator and denominator, whether is_met flipped, and how many members moved in or
-- out, flipped compliance or were re-linked, and the reasons counted per reason group in
-- English and Danish (the members themselves, with reasons, are in
-- fct_figure_revision_members).
{#- each moved member counts for its old unit, its new unit and ALL -#}
{%- set member_unit_rows = [
    {'old_unit': 'old_unit_id', 'new_unit': 'new_unit_id', 'figure_unit': 'new_unit_id',
     'when': 'new_unit_id is not null'},
    {'old_unit': 'old_unit_id', 'new_unit': 'new_unit_id', 'figure_unit': 'old_unit_id',
     'when': 'old_unit_id is not null and (new_unit_id is null or old_unit_id <> new_unit_id)'},
    {'old_unit': "coalesce(old_unit_id, 'none')", 'new_unit': "coalesce(new_unit_id, 'none')",
     'figure_unit': "'ALL'", 'when': 'true'},
] %}
{%- set member_grain = 'comparison_id, target_id, period_grain, period, area' %}

with compared as (

    select * from {{ ref('int_ledger_figures_compared') }}

),

comparisons as (

    select distinct
        comparison_id,
        {{ ledger_comparison_columns() }}
    from compared

),

current_scopes as (

    select distinct
        comparison_id,
        period_grain,
        period
    from compared
    where comparison = 'current'

),
{% for side in ['old', 'new'] %}
    {{ side }}_figures as (

        select
            comparison_id,
            {{ ledger_figure_columns() }}
        from compared
        where side = '{{ side }}'
        {%- if side == 'new' %}

            union all

            select
                current_scopes.comparison_id,
                results.target_id,
                results.period_grain,
                results.period,
                results.unit_id,
                results.area,
                cast(results.numerator as {{ dbt.type_bigint() }}) as numerator,
                results.denominator,
                results.percent,
                results.is_met
            from current_scopes
            inner join {{ ref('fct_target_results') }} as results
                on
                    current_scopes.period_grain = results.period_grain
                    and current_scopes.period = results.period
        {%- endif %}

    ),
{% endfor %}

figures as (

    select
        coalesce(old_figures.comparison_id, new_figures.comparison_id) as comparison_id,
        coalesce(old_figures.target_id, new_figures.target_id) as target_id,
        coalesce(old_figures.period_grain, new_figures.period_grain) as period_grain,
        coalesce(old_figures.period, new_figures.period) as period,
        coalesce(old_figures.unit_id, new_figures.unit_id) as unit_id,
        coalesce(old_figures.area, new_figures.area) as area,
        old_figures.numerator as old_numerator,
        old_figures.denominator as old_denominator,
        old_figures.percent as old_percent,
        old_figures.is_met as old_is_met,
        new_figures.numerator as new_numerator,
        new_figures.denominator as new_denominator,
        new_figures.percent as new_percent,
        new_figures.is_met as new_is_met
    from old_figures
    full outer join new_figures
        on {{ same_figure('old_figures', 'new_figures') }}

),

member_units as (
    {% for row in member_unit_rows %}
        select
            comparison_id,
            target_id,
            period_grain,
            period,
            area,
            movement,
            reason_group,
            reason_group_da,
            {{ row.old_unit }} as old_unit_id,
            {{ row.new_unit }} as new_unit_id,
            {{ row.figure_unit }} as figure_unit_id
        from {{ ref('fct_figure_revision_members') }}
        where {{ row.when }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

member_counts as (

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        figure_unit_id as unit_id,
        {#- in: absent on the old side, or moved here from another unit; out: the reverse -#}
        {%- for direction, absent_side, other_side in [('in', 'old', 'new'), ('out', 'new', 'old')] %}
            sum(case when {{ absent_side }}_unit_id is null or {{ absent_side }}_unit_id = 'none' then 1 else 0 end)
            + sum(
                case
                    when
                        figure_unit_id <> 'ALL'
                        and {{ absent_side }}_unit_id <> figure_unit_id
                        and {{ other_side }}_unit_id = figure_unit_id
                        then 1
                    else 0
                end
            ) as members_{{ direction }},
        {%- endfor %}
        sum(case when movement = 'flipped' then 1 else 0 end) as members_flipped,
        sum(case when movement = 'relinked' then 1 else 0 end) as members_relinked,
        sum(case when movement = 'value_changed' then 1 else 0 end) as members_value_changed
    from member_units
    group by {{ member_grain }}, figure_unit_id

),

reason_counts as (

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        figure_unit_id as unit_id,
        reason_group,
        reason_group_da,
        count(*) as member_count
    from member_units
    group by {{ member_grain }}, figure_unit_id, reason_group, reason_group_da

),

reason_summaries as (

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        unit_id,
        {{ dbt.listagg(
            "cast(member_count as " ~ dbt.type_string() ~ ") || ' ' || replace(reason_group, '_', ' ')",
            "'; '",
            "order by member_count desc, reason_group"
        ) }} as reasons,
        {{ dbt.listagg(
            "cast(member_count as " ~ dbt.type_string() ~ ") || ' ' || reason_group_da",
            "'; '",
            "order by member_count desc, reason_group"
        ) }} as reasons_da
    from reason_counts
    group by {{ member_grain }}, unit_id

)

select
    figures.comparison_id,
    {{ ledger_comparison_columns('comparisons') }},
    figures.target_id,
    figures.period_grain,
    figures.period,
    figures.unit_id,
    figures.area,
    figures.old_numerator,
    figures.old_denominator,
    figures.old_percent,
    figures.old_is_met,
    figures.new_numerator,
    figures.new_denominator,
    figures.new_percent,
    figures.new_is_met,
    figures.new_numerator - figures.old_numerator as numerator_change,
    figures.new_denominator - figures.old_denominator as denominator_change,
    coalesce(
        -- the right operands in parentheses: dbt-bouncer's fallback reader takes
        -- a qualified column after FROM for a hard-coded table when the Jinja loops above
        -- defeat its parser
        figures.old_numerator is distinct from (figures.new_numerator)
        or figures.old_denominator is distinct from (figures.new_denominator),
        true
    ) as is_revised,
    coalesce(figures.old_is_met <> figures.new_is_met, false) as is_met_flipped,
    cast(coalesce(member_counts.members_in, 0) as {{ dbt.type_bigint() }}) as members_in,
    cast(coalesce(member_counts.members_out, 0) as {{ dbt.type_bigint() }}) as members_out,
    cast(coalesce(member_counts.members_flipped, 0) as {{ dbt.type_bigint() }}) as members_flipped,
    cast(coalesce(member_counts.members_relinked, 0) as {{ dbt.type_bigint() }}) as members_relinked,
    cast(coalesce(member_counts.members_value_changed, 0) as {{ dbt.type_bigint() }}) as members_value_changed,
    reason_summaries.reasons,
    reason_summaries.reasons_da
from figures
inner join comparisons
    on figures.comparison_id = comparisons.comparison_id
left join member_counts
    on {{ same_figure('figures', 'member_counts') }}
left join reason_summaries
    on {{ same_figure('figures', 'reason_summaries') }}
