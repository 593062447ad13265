-- The targets and monitoring figures (mål og opfølgningstal) as BI slicers and labels,
-- straight from the targets seed so a committee's new threshold shows up everywhere.
with

targets as (
    select
        target_id,
        figure_kind,
        period_grain,
        member_kind,
        threshold,
        valid_from,
        valid_to,
        name_da,
        name_en
    from {{ ref('targets') }}
)

select
    target_id,
    figure_kind,
    period_grain,
    member_kind,
    threshold,
    cast(threshold * 100 as decimal(15, 4)) as threshold_percent,
    valid_from,
    valid_to,
    name_da,
    name_en
from targets
