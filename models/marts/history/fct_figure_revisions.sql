-- Revisions of reported figures (revisioner af indberettede tal): every figure of every
-- frozen version in the reporting ledger compared with today's figure ("current") and
-- with the version of the same period frozen after it ("next_version"): old and new
-- numerator and denominator, whether is_met flipped, and how many members moved in or
-- out, flipped compliance or were re-linked (the members themselves, with reasons, are in
-- fct_figure_revision_members).
with comparisons as (

    select * from {{ ref('int_ledger_comparisons') }}

),

frozen as (

    select
        freeze_id,
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        numerator,
        denominator,
        percent,
        threshold,
        is_met
    from {{ ref('base_ledger__target_results') }}

),

frozen_scopes as (

    select distinct
        freeze_id,
        period_grain,
        period
    from frozen

),

old_figures as (

    select
        comparisons.comparison_id,
        frozen.target_id,
        frozen.period_grain,
        frozen.period,
        frozen.unit_id,
        frozen.area,
        frozen.numerator,
        frozen.denominator,
        frozen.percent,
        frozen.is_met
    from comparisons
    inner join frozen
        on comparisons.old_freeze_id = frozen.freeze_id

),

new_figures as (

    select
        comparisons.comparison_id,
        frozen.target_id,
        frozen.period_grain,
        frozen.period,
        frozen.unit_id,
        frozen.area,
        frozen.numerator,
        frozen.denominator,
        frozen.percent,
        frozen.is_met
    from comparisons
    inner join frozen
        on comparisons.new_freeze_id = frozen.freeze_id
    where comparisons.comparison = 'next_version'

    union all

    select
        comparisons.comparison_id,
        results.target_id,
        results.period_grain,
        results.period,
        results.unit_id,
        results.area,
        cast(results.numerator as {{ dbt.type_bigint() }}) as numerator,
        results.denominator,
        results.percent,
        results.is_met
    from comparisons
    inner join frozen_scopes
        on comparisons.old_freeze_id = frozen_scopes.freeze_id
    inner join {{ ref('fct_target_results') }} as results
        on
            frozen_scopes.period_grain = results.period_grain
            and frozen_scopes.period = results.period
    where comparisons.comparison = 'current'

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
    coalesce(member_counts.members_in, 0) as members_in,
    coalesce(member_counts.members_out, 0) as members_out,
    coalesce(member_counts.members_flipped, 0) as members_flipped,
    coalesce(member_counts.members_relinked, 0) as members_relinked,
    coalesce(member_counts.members_value_changed, 0) as members_value_changed
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
