-- The revision note of the quarterly report (revisionsnote): for every figure in the
-- reporting ledger, the version last reported beside today's figure; when they differ, a
-- note saying by how much, whether the target's compliance flipped, and why, member by
-- member counted per reason group, in English and in Danish (the committee report prints
-- the Danish note where it shows a figure it reported before). The first reported version
-- is kept beside it. Reasons come counted from fct_figure_revisions.
with revisions as (

    select * from {{ ref('fct_figure_revisions') }}
    where comparison = 'current'

),

latest as (

    select
        *,
        row_number() over (
            partition by target_id, period_grain, period, unit_id, area
            order by old_version desc
        ) as recency,
        row_number() over (
            partition by target_id, period_grain, period, unit_id, area
            order by old_version
        ) as firstness
    from revisions
    where old_numerator is not null

),

first_reported as (

    select
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        old_delivery_date as first_reported_delivery_date,
        old_numerator as first_reported_numerator,
        old_denominator as first_reported_denominator
    from latest
    where firstness = 1

)

select
    latest.target_id,
    latest.period_grain,
    latest.period,
    latest.unit_id,
    latest.area,
    latest.frozen_period,
    latest.old_freeze_id as reported_freeze_id,
    latest.old_version as reported_version,
    latest.old_as_of_date as reported_as_of_date,
    latest.old_delivery_date as reported_delivery_date,
    latest.old_numerator as reported_numerator,
    latest.old_denominator as reported_denominator,
    latest.old_percent as reported_percent,
    latest.old_is_met as reported_is_met,
    first_reported.first_reported_delivery_date,
    first_reported.first_reported_numerator,
    first_reported.first_reported_denominator,
    latest.new_as_of_date as current_as_of_date,
    latest.new_delivery_date as current_delivery_date,
    latest.new_numerator as current_numerator,
    latest.new_denominator as current_denominator,
    latest.new_percent as current_percent,
    latest.new_is_met as current_is_met,
    latest.is_revised,
    latest.is_met_flipped,
    latest.members_in,
    latest.members_out,
    latest.members_flipped,
    latest.members_relinked,
    latest.reasons,
    latest.reasons_da,
    case
        when latest.is_revised then
            'Reported ' || cast(latest.old_delivery_date as {{ dbt.type_string() }})
            || ' (v' || cast(latest.old_version as {{ dbt.type_string() }}) || '): '
            || cast(latest.old_numerator as {{ dbt.type_string() }})
            || coalesce(' of ' || cast(latest.old_denominator as {{ dbt.type_string() }}), '')
            || '; now ' || coalesce(cast(latest.new_numerator as {{ dbt.type_string() }}), 'none')
            || coalesce(' of ' || cast(latest.new_denominator as {{ dbt.type_string() }}), '')
            || ' (delivery ' || cast(latest.new_delivery_date as {{ dbt.type_string() }}) || '). '
            || cast(latest.members_in as {{ dbt.type_string() }}) || ' in, '
            || cast(latest.members_out as {{ dbt.type_string() }}) || ' out, '
            || cast(latest.members_flipped as {{ dbt.type_string() }}) || ' changed compliance, '
            || cast(latest.members_relinked as {{ dbt.type_string() }}) || ' re-linked'
            || coalesce(' - ' || latest.reasons, '')
            || case
                when latest.is_met_flipped and latest.new_is_met then '. The target is now met.'
                when latest.is_met_flipped then '. The target is no longer met.'
                else '.'
            end
    end as revision_note,
    case
        when latest.is_revised then
            'Indberettet ' || cast(latest.old_delivery_date as {{ dbt.type_string() }})
            || ' (version ' || cast(latest.old_version as {{ dbt.type_string() }}) || '): '
            || cast(latest.old_numerator as {{ dbt.type_string() }})
            || coalesce(' af ' || cast(latest.old_denominator as {{ dbt.type_string() }}), '')
            || '; nu ' || coalesce(cast(latest.new_numerator as {{ dbt.type_string() }}), 'intet tal')
            || coalesce(' af ' || cast(latest.new_denominator as {{ dbt.type_string() }}), '')
            || ' (leverance ' || cast(latest.new_delivery_date as {{ dbt.type_string() }}) || '). '
            || 'Ind i opgørelsen: ' || cast(latest.members_in as {{ dbt.type_string() }})
            || ', ud: ' || cast(latest.members_out as {{ dbt.type_string() }})
            || ', ændret målopfyldelse: ' || cast(latest.members_flipped as {{ dbt.type_string() }})
            || ', koblet om: ' || cast(latest.members_relinked as {{ dbt.type_string() }})
            || coalesce(' - årsager: ' || latest.reasons_da, '')
            || case
                when latest.is_met_flipped and latest.new_is_met then '. Målet er nu opfyldt.'
                when latest.is_met_flipped then '. Målet er ikke længere opfyldt.'
                else '.'
            end
    end as revision_note_da
from latest
left join first_reported
    on
        latest.target_id = first_reported.target_id
        and latest.period_grain = first_reported.period_grain
        and latest.period = first_reported.period
        and latest.unit_id = first_reported.unit_id
        and coalesce(latest.area, '') = coalesce(first_reported.area, '')
where latest.recency = 1
