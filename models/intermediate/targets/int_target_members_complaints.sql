-- Members of the complaint figures (klager): complaint_reassessed (quarter of the due date),
-- formality_complaints (count, quarter received), external_reversal_rate (quarter the
-- appeal body decided).
with

complaints as (
    select
        complaint_id,
        unit_id,
        received_date,
        due_date,
        external_decided_date,
        is_reassessment_due,
        is_reassessed_or_notified_in_time,
        is_formality_complaint,
        is_external_decision,
        is_external_reversal
    from {{ ref('int_complaints_flagged') }}
),

members as (
    select
        'complaint_reassessed' as target_id,
        complaint_id as member_id,
        unit_id,
        due_date as period_date,
        is_reassessed_or_notified_in_time as is_compliant,
        case when is_reassessed_or_notified_in_time then 1 else 0 end as member_value
    from complaints
    where is_reassessment_due

    union all

    select
        'formality_complaints' as target_id,
        complaint_id as member_id,
        unit_id,
        received_date as period_date,
        cast(null as boolean) as is_compliant,
        1 as member_value
    from complaints
    where is_formality_complaint

    union all

    select
        'external_reversal_rate' as target_id,
        complaint_id as member_id,
        unit_id,
        external_decided_date as period_date,
        is_external_reversal as is_compliant,
        case when is_external_reversal then 1 else 0 end as member_value
    from complaints
    where is_external_decision
)

select
    target_id,
    'quarter' as period_grain,
    {{ period_label('period_date', 'quarter') }} as period,
    unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'complaint' as member_kind,
    member_id,
    is_compliant,
    member_value,
    period_date
from members
