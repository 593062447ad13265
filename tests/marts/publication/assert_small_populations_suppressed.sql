-- Diskretionering: no unit-level figure whose population (denominator, or the count of a
-- count figure) is under var('suppression_min_count') may be published. Fails on each such
-- row that still shows a value, and on each published value that differs from the source.
with

source_results as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        numerator,
        denominator,
        coalesce(denominator, numerator) as population
    from {{ ref('fct_target_results') }}
    where period_grain in ('quarter', 'half_year')
),

published as (
    select
        target_id,
        period_grain,
        period,
        unit_id,
        numerator,
        denominator,
        is_suppressed
    from {{ ref('fct_published_target_results') }}
)

select
    source_results.target_id,
    source_results.period_grain,
    source_results.period,
    source_results.unit_id,
    source_results.population,
    published.is_suppressed
from source_results
left join published
    on
        source_results.target_id = published.target_id
        and source_results.period_grain = published.period_grain
        and source_results.period = published.period
        and source_results.unit_id = published.unit_id
where
    published.target_id is null
    or (
        source_results.unit_id <> 'ALL'
        and source_results.population < {{ var('suppression_min_count', 5) }}
        and (not published.is_suppressed or published.numerator is not null)
    )
    or (
        not published.is_suppressed
        and (
            published.numerator <> source_results.numerator
            or coalesce(published.denominator, -1) <> coalesce(source_results.denominator, -1)
        )
    )
