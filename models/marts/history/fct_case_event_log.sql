-- The case seen whole (sagen set i sin helhed): one row per event of a case across every
-- system and delivery, in the shape process-mining tools read (case, activity,
-- timestamp): received, registered in system A, registered in system B, migrated to
-- system B, each ESDH document by kind (a delay notice among them), decided or
-- withdrawn, a decision changed, and the complaint's steps. Dates from the records
-- (Modtaget, Afgjort, Dokumentdato...); first_seen_delivery_date is the delivery that
-- first showed the event. Exported by python -m sagskvalitet eventlog.
-- Incremental by case (issue 14): a monthly run rebuilds the events of the cases whose
-- versions, documents or complaints changed since the last build (cases_to_rebuild; dbt
-- deletes their old events by case_key) and keeps the rest; the pre-hook
-- delete_events_of_gone_cases drops the cases that no longer exist under their key.
-- depends_on: {{ ref('int_deliveries_unioned') }} (the as-of, read on the incremental path)
-- The incremental path's CTEs stand at the level of the others:
-- sqlfluff:indentation:template_blocks_indent:False
with all_versions as (

    select * from {{ ref('int_case_versions_classified') }}

),

version_references as (

    -- every system A and B id of every case version, as a complaint names it: how a
    -- complaint finds its case, here and on an incremental run in cases_to_rebuild
    select
        case_key,
        upper(legacy_case_id) as case_reference
    from all_versions

    union all

    select
        case_key,
        upper(b_case_id) as case_reference
    from all_versions

),

{% if is_incremental() -%}
held as (

    -- the newest delivery an event in the table was first seen in: never after the as-of
    -- of the build that last wrote it, which took every change dated up to that as-of
    select coalesce(max(first_seen_delivery_date), cast('1900-01-01' as date)) as delivery_date
    from {{ this }}

),

changes_from as (

    -- the snapshots date a change by the as-of of the build that saw it: the changes
    -- dated after the held delivery are new. Built again on that as-of or an earlier one
    -- (the latest delivery landed again, an earlier as-of), the new changes are dated on
    -- this as-of: take every change from it
    select
        case
            when {{ as_of_date() }} > held.delivery_date
                then cast({{ dbt.dateadd('day', 1, 'held.delivery_date') }} as date)
            else {{ as_of_date() }}
        end as first_date
    from held

),

current_case_ids as (

    -- every case's id today, two columns only: one CTE of every case's whole last version,
    -- for this and for last_versions, made a monthly run at scale 10 take 30.5 s, not 17.8
    -- (docs/DECISIONS.md, issue 14 ninth session)
    select
        case_key,
        case_id
    from all_versions
    where version_number = version_count

),

snapshot_changes as (

    -- the documents' and complaints' snapshot rows, each by the id it names its case with
    select
        'document' as record_kind,
        case_id as case_reference,
        dbt_valid_from,
        dbt_valid_to
    from {{ ref('snap_documents_linked') }}

    union all

    select
        'complaint' as record_kind,
        upper(trim(case_reference)) as case_reference,
        dbt_valid_from,
        dbt_valid_to
    from {{ ref('snap_complaints') }}

),

changed_references as (

    -- a row added, changed or closed since the changes to take
    select distinct
        snapshot_changes.record_kind,
        snapshot_changes.case_reference
    from snapshot_changes
    cross join changes_from
    where
        cast(snapshot_changes.dbt_valid_from as date) >= changes_from.first_date
        or cast(snapshot_changes.dbt_valid_to as date) >= changes_from.first_date

),

cases_to_rebuild as (

    -- a version added or closed (a key that changed takes its new key here; the old
    -- key's events go in the pre-hook)
    select all_versions.case_key
    from all_versions
    cross join changes_from
    where
        all_versions.valid_from_date >= changes_from.first_date
        or all_versions.valid_to_date >= changes_from.first_date

    union

    -- a document added, changed or gone, by the case it is linked to
    select current_case_ids.case_key
    from changed_references
    inner join current_case_ids
        on changed_references.case_reference = current_case_ids.case_id
    where changed_references.record_kind = 'document'

    union

    -- a complaint added or changed, by any id its case has had
    select version_references.case_key
    from changed_references
    inner join version_references
        on changed_references.case_reference = version_references.case_reference
    where changed_references.record_kind = 'complaint'

),

versions as (

    select all_versions.*
    from all_versions
    inner join cases_to_rebuild
        on all_versions.case_key = cases_to_rebuild.case_key

),
{%- else -%}
versions as (

    select * from all_versions

),
{%- endif %}

last_versions as (

    select
        case_key,
        case_id,
        unit_id,
        received_date,
        decided_date,
        decision,
        systems as last_systems
    from versions
    where version_number = version_count

),

first_versions as (

    select
        case_key,
        systems as first_systems,
        valid_from_date
    from versions
    where version_number = 1

),

firsts as (

    select
        case_key,
        min(case when legacy_case_id is not null then valid_from_date end) as a_first_seen,
        min(case when b_case_id is not null then valid_from_date end) as b_first_seen,
        min(case when legacy_case_id is not null then a_received_date end) as a_received_date,
        min(case when b_case_id is not null then b_received_date end) as b_received_date,
        max(case when change_kind = 'migrated_to_b' then 1 else 0 end) as is_migrated,
        min(case when change_kind = 'migrated_to_b' then valid_from_date end) as migrated_seen,
        min(case when change_kind = 'migrated_to_b' then changed_on_date end) as migrated_on
    from versions
    group by case_key

),

decision_seen as (

    select
        versions.case_key,
        min(versions.valid_from_date) as first_seen
    from versions
    inner join last_versions
        on
            versions.case_key = last_versions.case_key
            and versions.decided_date = last_versions.decided_date
    group by versions.case_key

),

case_events as (

    select
        last_versions.case_key,
        last_versions.case_id,
        'received' as activity,
        1 as event_order,
        last_versions.received_date as event_date,
        case when first_versions.first_systems = 'A' then 'system_a' else 'system_b' end as source_system,
        last_versions.unit_id,
        first_versions.valid_from_date as first_seen_delivery_date,
        last_versions.case_id as record_id
    from last_versions
    inner join first_versions
        on last_versions.case_key = first_versions.case_key

    union all

    select
        last_versions.case_key,
        last_versions.case_id,
        'registered in system A' as activity,
        2 as event_order,
        firsts.a_received_date as event_date,
        'system_a' as source_system,
        last_versions.unit_id,
        firsts.a_first_seen as first_seen_delivery_date,
        last_versions.case_id as record_id
    from last_versions
    inner join firsts
        on last_versions.case_key = firsts.case_key
    where firsts.a_received_date is not null

    union all

    select
        last_versions.case_key,
        last_versions.case_id,
        case when firsts.is_migrated = 1 then 'migrated to system B' else 'registered in system B' end as activity,
        3 as event_order,
        case when firsts.is_migrated = 1 then firsts.migrated_on else firsts.b_received_date end as event_date,
        'system_b' as source_system,
        last_versions.unit_id,
        firsts.b_first_seen as first_seen_delivery_date,
        last_versions.case_id as record_id
    from last_versions
    inner join firsts
        on last_versions.case_key = firsts.case_key
    where firsts.b_first_seen is not null

    union all

    select
        last_versions.case_key,
        last_versions.case_id,
        case when last_versions.decision = 'withdrawn' then 'withdrawn' else 'decided' end as activity,
        6 as event_order,
        last_versions.decided_date as event_date,
        case when last_versions.last_systems = 'A' then 'system_a' else 'system_b' end as source_system,
        last_versions.unit_id,
        decision_seen.first_seen as first_seen_delivery_date,
        last_versions.case_id as record_id
    from last_versions
    left join decision_seen
        on last_versions.case_key = decision_seen.case_key
    where
        last_versions.decided_date is not null
        and last_versions.decision is not null

    union all

    select
        versions.case_key,
        last_versions.case_id,
        'decision changed' as activity,
        7 as event_order,
        versions.valid_from_date as event_date,
        case when versions.systems = 'A' then 'system_a' else 'system_b' end as source_system,
        last_versions.unit_id,
        versions.valid_from_date as first_seen_delivery_date,
        versions.case_id || '@' || cast(versions.version_number as {{ dbt.type_string() }}) as record_id
    from versions
    inner join last_versions
        on versions.case_key = last_versions.case_key
    where versions.change_kind = 'decision_changed'

),

documents as (

    select
        document_id,
        case_id,
        document_date,
        is_resource_profile,
        is_final_resource_profile,
        is_work_capacity_assessment,
        is_citizen_meeting,
        is_delay_notice,
        is_flexjob_guidance,
        is_hearing,
        min(cast(dbt_valid_from as date)) over (partition by document_id) as first_seen_delivery_date,
        dbt_valid_to
    from {{ ref('snap_documents_linked') }}

),

document_events as (

    select
        last_versions.case_key,
        last_versions.case_id,
        case
            when documents.is_final_resource_profile and documents.is_work_capacity_assessment
                then 'document: resource profile with work-capacity assessment'
            when documents.is_final_resource_profile then 'document: resource profile'
            when documents.is_resource_profile then 'document: draft resource profile'
            when documents.is_work_capacity_assessment then 'document: work-capacity assessment'
            when documents.is_citizen_meeting then 'document: citizen meeting'
            when documents.is_delay_notice then 'notice: delay notice sent'
            when documents.is_flexjob_guidance then 'document: flex-job guidance'
            when documents.is_hearing then 'document: hearing'
            else 'document: other'
        end as activity,
        5 as event_order,
        documents.document_date as event_date,
        'esdh' as source_system,
        last_versions.unit_id,
        documents.first_seen_delivery_date,
        cast(documents.document_id as {{ dbt.type_string() }}) as record_id
    from documents
    inner join last_versions
        on documents.case_id = last_versions.case_id
    where
        documents.dbt_valid_to is null
        and documents.document_date is not null

),

current_complaints as (

    -- the complaint register as it stands, its case reference normalised once
    select
        complaint_id,
        upper(trim(case_reference)) as case_reference,
        unit_id,
        received_date,
        reassessed_date,
        delay_notice_date,
        forwarded_date,
        external_decided_date,
        cast(dbt_valid_from as date) as first_seen_delivery_date
    from {{ ref('snap_complaints') }}
    where dbt_valid_to is null

),

complaint_refs as (

    -- the case references the complaint register names: only these are looked up below,
    -- not every id of every case version (issue 14)
    select distinct case_reference
    from current_complaints

),

case_refs as (

    -- the cases the register's references name; on an incremental run the cases not
    -- rebuilt drop out at the join to last_versions (complaint_events)
    select distinct
        complaint_refs.case_reference,
        version_references.case_key
    from complaint_refs
    inner join version_references
        on complaint_refs.case_reference = version_references.case_reference

),

complaints as (

    select
        current_complaints.complaint_id,
        case_refs.case_key,
        current_complaints.unit_id,
        current_complaints.received_date,
        current_complaints.reassessed_date,
        current_complaints.delay_notice_date,
        current_complaints.forwarded_date,
        current_complaints.external_decided_date,
        current_complaints.first_seen_delivery_date
    from current_complaints
    inner join case_refs
        on current_complaints.case_reference = case_refs.case_reference

),

complaint_steps as (

    select
        complaint_id,
        case_key,
        unit_id,
        first_seen_delivery_date,
        'complaint received' as activity,
        8 as event_order,
        received_date as event_date
    from complaints
    union all
    select
        complaint_id,
        case_key,
        unit_id,
        first_seen_delivery_date,
        'notice: complaint delay notice sent' as activity,
        9 as event_order,
        delay_notice_date as event_date
    from complaints
    union all
    select
        complaint_id,
        case_key,
        unit_id,
        first_seen_delivery_date,
        'complaint re-assessed' as activity,
        10 as event_order,
        reassessed_date as event_date
    from complaints
    union all
    select
        complaint_id,
        case_key,
        unit_id,
        first_seen_delivery_date,
        'complaint forwarded to appeal body' as activity,
        11 as event_order,
        forwarded_date as event_date
    from complaints
    union all
    select
        complaint_id,
        case_key,
        unit_id,
        first_seen_delivery_date,
        'appeal decided' as activity,
        12 as event_order,
        external_decided_date as event_date
    from complaints

),

complaint_events as (

    select
        complaint_steps.case_key,
        last_versions.case_id,
        complaint_steps.activity,
        complaint_steps.event_order,
        complaint_steps.event_date,
        'klageregister' as source_system,
        complaint_steps.unit_id,
        complaint_steps.first_seen_delivery_date,
        complaint_steps.complaint_id as record_id
    from complaint_steps
    inner join last_versions
        on complaint_steps.case_key = last_versions.case_key
    where complaint_steps.event_date is not null

),

all_events as (

    select * from case_events
    union all
    select * from document_events
    union all
    select * from complaint_events

)

select
    case_key || '|' || activity || '|' || record_id as event_id,
    case_key,
    case_id,
    activity,
    event_order,
    cast(event_date as {{ dbt.type_timestamp() }}) as event_at,
    source_system,
    unit_id,
    first_seen_delivery_date,
    record_id
from all_events
where event_date is not null
