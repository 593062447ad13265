-- A half-year figure of the whole administration is its quarters' members summed, except
-- the open backlog (open_overdue_without_notice), which is the count at the half-year's end.
-- Fails on every figure and half-year where the two disagree, or where only one side exists.
with

quarters as (
    select
        target_id,
        numerator,
        denominator,
        substr(period, 1, 4) as period_year,
        cast(substr(period, 6, 1) as integer) as quarter_number
    from {{ ref('fct_quarterly_target_results') }}
    where unit_id = 'ALL'
),

quarters_in_half_years as (
    select
        target_id,
        numerator,
        denominator,
        period_year || 'H' || case when quarter_number <= 2 then '1' else '2' end as period,
        quarter_number in (2, 4) as is_half_year_end
    from quarters
),

summed as (
    select
        target_id,
        period,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from quarters_in_half_years
    where target_id <> 'open_overdue_without_notice'
    group by
        target_id,
        period
    union all
    select
        target_id,
        period,
        numerator,
        denominator
    from quarters_in_half_years
    where
        target_id = 'open_overdue_without_notice'
        and is_half_year_end
),

half_years as (
    select
        target_id,
        period,
        numerator,
        denominator
    from {{ ref('fct_half_yearly_target_results') }}
)

select
    coalesce(half_years.target_id, summed.target_id) as target_id,
    coalesce(half_years.period, summed.period) as period,
    half_years.numerator as half_year_numerator,
    summed.numerator as quarters_numerator,
    half_years.denominator as half_year_denominator,
    summed.denominator as quarters_denominator
from half_years
full outer join summed
    on
        half_years.target_id = summed.target_id
        and half_years.period = summed.period
where
    half_years.target_id is null
    or summed.target_id is null
    or half_years.numerator <> summed.numerator
    or coalesce(half_years.denominator, -1) <> coalesce(summed.denominator, -1)
