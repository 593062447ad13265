-- Per complaint (klage): the flags of complaint_reassessed (genvurdering in time),
-- formality_complaints and external_reversal_rate (omgørelse in the appeal body).
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

complaints as (
    select
        complaint_id,
        case_reference,
        unit_id,
        received_date,
        complaint_type,
        reassessed_date,
        delay_notice_date,
        external_decided_date,
        external_outcome,
        deadline_value,
        deadline_unit,
        due_date
    from {{ ref('int_complaints_due_dated') }}
)

select
    complaints.complaint_id,
    complaints.case_reference,
    complaints.unit_id,
    complaints.received_date,
    complaints.complaint_type,
    complaints.reassessed_date,
    complaints.delay_notice_date,
    complaints.external_decided_date,
    complaints.external_outcome,
    complaints.deadline_value,
    complaints.deadline_unit,
    complaints.due_date,
    -- re-assessment population: about a decision, due on or before as-of
    (
        complaints.complaint_type in ('decision', 'both')
        and complaints.due_date <= as_of.as_of_date
    ) as is_reassessment_due,
    coalesce(
        complaints.reassessed_date <= complaints.due_date
        or complaints.delay_notice_date <= complaints.due_date,
        false
    ) as is_reassessed_or_notified_in_time,
    (
        complaints.complaint_type in ('formality', 'both')
        and complaints.received_date <= as_of.as_of_date
    ) as is_formality_complaint,
    -- dismissed (Afvist) is left out of the reversal rate
    (
        complaints.external_decided_date <= as_of.as_of_date
        and complaints.external_outcome in ('upheld', 'remitted', 'changed')
    ) as is_external_decision,
    coalesce(complaints.external_outcome in ('remitted', 'changed'), false) as is_external_reversal
from complaints
cross join as_of
