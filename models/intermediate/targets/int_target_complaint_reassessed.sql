-- Members of complaint_reassessed (genvurdering af klager i tide): complaints about a
-- decision (type Afgørelse or Begge) whose due date (received + 4 weeks, deadline seed) is
-- on or before as-of, in the quarter of the due date.
-- Rule: docs block target_complaint_reassessed (_targets__docs.md). One row per member.
with

as_of as (
    select {{ as_of_date() }} as as_of_date
),

complaints as (
    select
        complaint_id,
        unit_id,
        received_date,
        complaint_type,
        reassessed_date,
        delay_notice_date,
        due_date,
        -- re-assessed (Genvurderet) or notified (UnderretningSendt) on or before the due date
        coalesce(
            reassessed_date <= due_date
            or delay_notice_date <= due_date,
            false
        ) as is_reassessed_or_notified_in_time
    from {{ ref('int_complaints_due_dated') }}
)

select
    'complaint_reassessed' as target_id,
    'quarter' as period_grain,
    {{ period_label('complaints.due_date', 'quarter') }} as period,
    complaints.unit_id,
    cast(null as {{ dbt.type_string() }}) as area,
    'complaint' as member_kind,
    complaints.complaint_id as member_id,
    complaints.is_reassessed_or_notified_in_time as is_compliant,
    case when complaints.is_reassessed_or_notified_in_time then 1 else 0 end as member_value,
    complaints.due_date as period_date,
    complaints.complaint_type,
    complaints.received_date,
    complaints.reassessed_date,
    complaints.delay_notice_date
from complaints
cross join as_of
where
    complaints.complaint_type in ('decision', 'both')
    and complaints.due_date <= as_of.as_of_date
