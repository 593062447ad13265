-- The members behind a revised figure (revision medlem for medlem): for every comparison
-- of a frozen version (with today, or with the version frozen after it), each member that
-- moved in, moved out, flipped compliance, moved unit, changed value or was re-linked
-- under another id, with the reason the deliveries in between give: the strongest change
-- of the member's records first shown after the old version's delivery and on or before
-- the new one's (int_record_changes_classified, ranked by the seed revision_reasons). A case member is compared by its real case
-- (case_key), so a system A case migrated or linked to system B is "re-linked", not one
-- member out and another in.
with comparisons as (

    select * from {{ ref('int_ledger_comparisons') }}

),

frozen_scopes as (

    select distinct
        freeze_id,
        period_grain,
        period
    from {{ ref('stg_ledger__target_results') }}

),

case_keys as (

    select
        case_id,
        case_key
    from {{ ref('int_case_keys') }}

),

frozen_members as (

    select
        members.freeze_id,
        {{ ledger_member_columns('members') }}
    from {{ ref('stg_ledger__target_members') }} as members

),

current_members as (

    select
        {{ ledger_member_columns() }}
    from {{ ref('fct_target_members') }}

),

{% for side in ['old', 'new'] %}
    {{ side }}_side as (

        select
            comparisons.comparison_id,
            {{ ledger_member_columns('frozen_members') }}
        from comparisons
        inner join frozen_members
            on comparisons.{{ side }}_freeze_id = frozen_members.freeze_id
        {%- if side == 'new' %}
            where comparisons.comparison = 'next_version'

            union all

            select
                comparisons.comparison_id,
                {{ ledger_member_columns('current_members') }}
            from comparisons
            inner join frozen_scopes
                on comparisons.old_freeze_id = frozen_scopes.freeze_id
            inner join current_members
                on
                    frozen_scopes.period_grain = current_members.period_grain
                    and frozen_scopes.period = current_members.period
            where comparisons.comparison = 'current'
        {%- endif %}

    ),

    {{ side }}_keyed as (

        select
            {{ side }}_side.*,
            coalesce(case_keys.case_key, {{ side }}_side.member_id) as member_key
        from {{ side }}_side
        left join case_keys
            on
                {{ side }}_side.member_kind = 'case'
                and {{ side }}_side.member_id = case_keys.case_id

    ),
{% endfor %}

joined as (

    select
        coalesce(old_keyed.comparison_id, new_keyed.comparison_id) as comparison_id,
        coalesce(old_keyed.target_id, new_keyed.target_id) as target_id,
        coalesce(old_keyed.period_grain, new_keyed.period_grain) as period_grain,
        coalesce(old_keyed.period, new_keyed.period) as period,
        coalesce(old_keyed.area, new_keyed.area) as area,
        coalesce(old_keyed.member_kind, new_keyed.member_kind) as member_kind,
        coalesce(old_keyed.member_key, new_keyed.member_key) as member_key,
        old_keyed.member_id as old_member_id,
        new_keyed.member_id as new_member_id,
        old_keyed.unit_id as old_unit_id,
        new_keyed.unit_id as new_unit_id,
        old_keyed.is_compliant as old_is_compliant,
        new_keyed.is_compliant as new_is_compliant,
        old_keyed.member_value as old_member_value,
        new_keyed.member_value as new_member_value,
        old_keyed.period_date as old_period_date,
        new_keyed.period_date as new_period_date,
        case
            when old_keyed.member_key is null then 'in'
            when new_keyed.member_key is null then 'out'
            when old_keyed.member_id <> new_keyed.member_id then 'relinked'
            when coalesce(old_keyed.is_compliant, false) <> coalesce(new_keyed.is_compliant, false) then 'flipped'
            when old_keyed.unit_id <> new_keyed.unit_id then 'unit_changed'
            when old_keyed.member_value <> new_keyed.member_value then 'value_changed'
        end as movement
    from old_keyed
    full outer join new_keyed
        on
            old_keyed.comparison_id = new_keyed.comparison_id
            and old_keyed.target_id = new_keyed.target_id
            and old_keyed.period_grain = new_keyed.period_grain
            and old_keyed.period = new_keyed.period
            and coalesce(old_keyed.area, '') = coalesce(new_keyed.area, '')
            and old_keyed.member_kind = new_keyed.member_kind
            and old_keyed.member_key = new_keyed.member_key

),

moved as (

    select
        joined.*,
        comparisons.comparison,
        comparisons.frozen_period,
        comparisons.old_freeze_id,
        comparisons.new_freeze_id,
        comparisons.old_delivery_date,
        comparisons.new_delivery_date
    from joined
    inner join comparisons
        on joined.comparison_id = comparisons.comparison_id
    where joined.movement is not null

),

candidate_reasons as (

    select
        moved.comparison_id,
        moved.target_id,
        moved.period_grain,
        moved.period,
        moved.area,
        moved.member_kind,
        moved.member_key,
        changes.change_code,
        changes.record_kind,
        changes.record_id,
        changes.delivery_date,
        changes.detail,
        changes.reason_group,
        changes.reason_group_da,
        row_number() over (
            partition by
                moved.comparison_id, moved.target_id, moved.period_grain, moved.period,
                moved.area, moved.member_kind, moved.member_key
            order by changes.reason_rank asc, changes.delivery_date desc, changes.record_id asc
        ) as reason_order
    from moved
    inner join {{ ref('int_record_changes_classified') }} as changes
        on
            moved.member_kind = changes.member_kind
            and moved.member_key = changes.member_key
            and moved.old_delivery_date < changes.delivery_date
            and moved.new_delivery_date >= changes.delivery_date
    where changes.reason_rank is not null

)

select
    moved.comparison_id,
    moved.comparison,
    moved.frozen_period,
    moved.old_freeze_id,
    moved.new_freeze_id,
    moved.old_delivery_date,
    moved.new_delivery_date,
    moved.target_id,
    moved.period_grain,
    moved.period,
    moved.area,
    moved.member_kind,
    moved.member_key,
    moved.old_member_id,
    moved.new_member_id,
    moved.old_unit_id,
    moved.new_unit_id,
    moved.movement,
    moved.old_is_compliant,
    moved.new_is_compliant,
    moved.old_member_value,
    moved.new_member_value,
    moved.old_period_date,
    moved.new_period_date,
    coalesce(candidate_reasons.reason_group, 'unexplained') as reason_group,
    coalesce(candidate_reasons.reason_group_da, 'uforklaret') as reason_group_da,
    candidate_reasons.change_code as reason_code,
    candidate_reasons.record_kind as reason_record_kind,
    candidate_reasons.record_id as reason_record_id,
    candidate_reasons.delivery_date as reason_delivery_date,
    coalesce(
        candidate_reasons.detail,
        'no change to its records between the two deliveries (a rule, seed or calendar change)'
    ) as reason_detail
from moved
left join candidate_reasons
    on
        moved.comparison_id = candidate_reasons.comparison_id
        and moved.target_id = candidate_reasons.target_id
        and moved.period_grain = candidate_reasons.period_grain
        and moved.period = candidate_reasons.period
        and coalesce(moved.area, '') = coalesce(candidate_reasons.area, '')
        and moved.member_kind = candidate_reasons.member_kind
        and moved.member_key = candidate_reasons.member_key
        and candidate_reasons.reason_order = 1
