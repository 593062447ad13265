{#- The published figures of one period grain with the previous period beside each row.
    Quarterly and half-yearly publication tables differ only in grain, so they share this.
    The previous period and the change come from fct_published_target_results (in turn
    from fct_target_results: one previous-period calculation, one rounding), where they
    are null when the previous period's cell is suppressed, so a blanked figure never
    reappears one period later. -#}
{% macro published_with_previous_period(period_grain, periods_per_year) %}

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
    is_previous_suppressed,
    change,
    change_percent
from {{ ref('fct_published_target_results') }}
where period_grain = '{{ period_grain }}'

{% endmacro %}
