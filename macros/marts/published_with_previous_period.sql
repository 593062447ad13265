{#- The published figures of one period grain with the previous period beside each row.
    Quarterly and half-yearly publication tables differ only in grain, so they share this.
    The previous values come from the suppressed figures too, so a blanked figure never
    reappears one period later. Periods are labelled YYYYQn / YYYYHn. -#}
{% macro published_with_previous_period(period_grain, periods_per_year) %}

with

published as (
    select
        target_id,
        period,
        unit_id,
        numerator,
        denominator,
        ratio,
        percent,
        threshold,
        is_met,
        is_suppressed,
        suppression_reason,
        cast(substr(period, 1, 4) as integer) * {{ periods_per_year }}
        + cast(substr(period, 6, 1) as integer) - 1 as period_index
    from {{ ref('fct_published_target_results') }}
    where period_grain = '{{ period_grain }}'
),

final as (
    select
        cur.target_id,
        cur.period,
        cur.unit_id,
        cur.numerator,
        cur.denominator,
        cur.ratio,
        cur.percent,
        cur.threshold,
        cur.is_met,
        cur.is_suppressed,
        cur.suppression_reason,
        prev.period as previous_period,
        prev.numerator as previous_numerator,
        prev.denominator as previous_denominator,
        prev.percent as previous_percent,
        prev.is_suppressed as is_previous_suppressed
    from published as cur
    left join published as prev
        on
            cur.target_id = prev.target_id
            and cur.unit_id = prev.unit_id
            and cur.period_index - 1 = prev.period_index
)

select
    target_id,
    period,
    unit_id,
    numerator,
    denominator,
    ratio,
    percent,
    threshold,
    is_met,
    is_suppressed,
    suppression_reason,
    previous_period,
    previous_numerator,
    previous_denominator,
    previous_percent,
    is_previous_suppressed
from final

{% endmacro %}
