-- Members of external_reversal_rate (omgørelsesprocent i klageinstansen): complaints the
-- external appeal body decided (EksterntAfgjort) on or before as-of as upheld, remitted or
-- changed (dismissed, Afvist, is left out), in the quarter of the appeal body's decision.
-- Rule: docs block target_external_reversal_rate (_targets__docs.md). One row per member.
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

complaints as (
    select
        complaint_id,
        unit_id,
        received_date,
        external_decided_date,
        external_outcome,
        -- remitted (Hjemvist) or changed (Ændret)
        coalesce(external_outcome in ('remitted', 'changed'), false) as is_external_reversal
    from {{ ref('int_complaints_due_dated') }}
)

select
    'external_reversal_rate' as target_id,
    'quarter' as period_grain,
    {{ period_label('complaints.external_decided_date', 'quarter') }} as period,
    complaints.unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'complaint' as member_kind,
    complaints.complaint_id as member_id,
    complaints.is_external_reversal as is_compliant,
    case when complaints.is_external_reversal then 1 else 0 end as member_value,
    complaints.external_decided_date as period_date,
    complaints.external_outcome,
    complaints.received_date
from complaints
cross join as_of
where
    complaints.external_decided_date <= as_of.as_of_date
    and complaints.external_outcome in ('upheld', 'remitted', 'changed')
