-- Revisions of reported figures (revisioner af indberettede tal): every figure of every
-- frozen version in the reporting ledger compared with today's figure ("current") and
-- with the version of the same period frozen after it ("next_version"): old and new
-- numerator and denominator, whether is_met flipped, and how many members moved in or
-- out, flipped compliance or were re-linked, and the reasons counted per reason group in
-- English and Danish (the members themselves, with reasons, are in
-- fct_figure_revision_members).
with compared as (

    select * from {{ ref('int_ledger_figures_compared') }}

),

comparisons as (

    select distinct
        comparison_id,
        comparison,
        frozen_period,
        old_freeze_id,
        old_version,
        old_as_of_date,
        old_delivery_date,
        new_freeze_id,
        new_version,
        new_as_of_date,
        new_delivery_date
    from compared

),

old_figures as (

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        numerator,
        denominator,
        percent,
        is_met
    from compared
    where side = 'old'

),

current_scopes as (

    select distinct
        comparison_id,
        period_grain,
        period
    from compared
    where comparison = 'current'

),

new_figures as (

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        numerator,
        denominator,
        percent,
        is_met
    from compared
    where side = 'new'

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

),

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
        on
            old_figures.comparison_id = new_figures.comparison_id
            and old_figures.target_id = new_figures.target_id
            and old_figures.period_grain = new_figures.period_grain
            and old_figures.period = new_figures.period
            and old_figures.unit_id = new_figures.unit_id
            and coalesce(old_figures.area, '') = coalesce(new_figures.area, '')

),

member_units as (

    -- each moved member counts for its old unit, its new unit and ALL
    select
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        movement,
        reason_group,
        reason_group_da,
        old_unit_id,
        new_unit_id,
        new_unit_id as figure_unit_id
    from {{ ref('fct_figure_revision_members') }}
    where new_unit_id is not null

    union all

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        movement,
        reason_group,
        reason_group_da,
        old_unit_id,
        new_unit_id,
        old_unit_id as figure_unit_id
    from {{ ref('fct_figure_revision_members') }}
    where
        old_unit_id is not null
        and (new_unit_id is null or old_unit_id <> new_unit_id)

    union all

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        movement,
        reason_group,
        reason_group_da,
        coalesce(old_unit_id, 'none') as old_unit_id,
        coalesce(new_unit_id, 'none') as new_unit_id,
        'ALL' as figure_unit_id
    from {{ ref('fct_figure_revision_members') }}

),

member_counts as (

    select
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        figure_unit_id as unit_id,
        sum(case when old_unit_id is null or old_unit_id = 'none' then 1 else 0 end)
        + sum(
            case
                when figure_unit_id <> 'ALL' and old_unit_id <> figure_unit_id and new_unit_id = figure_unit_id
                    then 1
                else 0
            end
        ) as members_in,
        sum(case when new_unit_id is null or new_unit_id = 'none' then 1 else 0 end)
        + sum(
            case
                when figure_unit_id <> 'ALL' and new_unit_id <> figure_unit_id and old_unit_id = figure_unit_id
                    then 1
                else 0
            end
        ) as members_out,
        sum(case when movement = 'flipped' then 1 else 0 end) as members_flipped,
        sum(case when movement = 'relinked' then 1 else 0 end) as members_relinked,
        sum(case when movement = 'value_changed' then 1 else 0 end) as members_value_changed
    from member_units
    group by
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        figure_unit_id

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
    group by
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        figure_unit_id,
        reason_group,
        reason_group_da

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
    group by
        comparison_id,
        target_id,
        period_grain,
        period,
        area,
        unit_id

)

select
    figures.comparison_id,
    comparisons.comparison,
    comparisons.frozen_period,
    comparisons.old_freeze_id,
    comparisons.old_version,
    comparisons.old_as_of_date,
    comparisons.old_delivery_date,
    comparisons.new_freeze_id,
    comparisons.new_version,
    comparisons.new_as_of_date,
    comparisons.new_delivery_date,
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
        figures.old_numerator is distinct from figures.new_numerator
        or figures.old_denominator is distinct from figures.new_denominator,
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
    on
        figures.comparison_id = member_counts.comparison_id
        and figures.target_id = member_counts.target_id
        and figures.period_grain = member_counts.period_grain
        and figures.period = member_counts.period
        and figures.unit_id = member_counts.unit_id
        and coalesce(figures.area, '') = coalesce(member_counts.area, '')
left join reason_summaries
    on
        figures.comparison_id = reason_summaries.comparison_id
        and figures.target_id = reason_summaries.target_id
        and figures.period_grain = reason_summaries.period_grain
        and figures.period = reason_summaries.period
        and figures.unit_id = reason_summaries.unit_id
        and coalesce(figures.area, '') = coalesce(reason_summaries.area, '')
