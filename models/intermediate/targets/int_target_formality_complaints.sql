-- Members of formality_complaints (klager over formalia): complaints of type Formalitet or
-- Begge received on or before as-of, in the quarter received. A count (no flag).
-- Rule: docs block target_formality_complaints (_targets__docs.md). One row per member.
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

complaints as (
    select
        complaint_id,
        unit_id,
        received_date,
        complaint_type
    from {{ ref('int_complaints_due_dated') }}
)

select
    'formality_complaints' as target_id,
    'quarter' as period_grain,
    {{ period_label('complaints.received_date', 'quarter') }} as period,
    complaints.unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'complaint' as member_kind,
    complaints.complaint_id as member_id,
    cast(null as boolean) as is_compliant,
    1 as member_value,
    complaints.received_date as period_date,
    complaints.complaint_type
from complaints
cross join as_of
where
    complaints.complaint_type in ('formality', 'both')
    and complaints.received_date <= as_of.as_of_date
