-- The published quarterly (kvartalsvis målopfyldelse) figures per unit and ALL after small-number suppression
-- (diskretionering), with the previous quarter beside each row. The previous values are taken
-- from the suppressed figures too, so a blanked figure never reappears one period later.
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
        cast(substr(period, 1, 4) as integer) * 4
        + cast(substr(period, 6, 1) as integer) - 1 as quarter_index
    from {{ ref('fct_published_target_results') }}
    where period_grain = 'quarter'
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
            and cur.quarter_index - 1 = prev.quarter_index
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
