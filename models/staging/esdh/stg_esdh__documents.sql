-- The latest valid version of every document (incremental extract: a record is re-sent
-- when a field changes; macro latest_valid_version): the latest delivery on or before
-- as-of, within it the last row; a rejected newest version leaves the earlier valid one.
{{ latest_valid_version(
    ref('base_esdh__documents'),
    'document_id',
    [
        'case_reference', 'citizen_key', 'document_date', 'title', 'title_folded', 'document_type',
        'citizen_participated', 'registered_at', 'is_resource_profile', 'is_final_resource_profile',
        'is_draft_resource_profile', 'is_work_capacity_assessment', 'is_citizen_meeting',
        'is_delay_notice', 'is_flexjob_guidance', 'is_hearing', 'is_other',
    ],
    is_full_extract=false,
) }}
