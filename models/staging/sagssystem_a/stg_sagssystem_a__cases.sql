-- The latest valid version of every case of the last full extract on or before as-of
-- (macro latest_valid_version): when its newest row is rejected, the newest valid earlier
-- version stands. A case with a missing or invalid CPR is kept (citizen_key null).
{{ latest_valid_version(
    ref('base_sagssystem_a__cases'),
    'legacy_case_id',
    [
        'citizen_key', 'area', 'legacy_area_code', 'unit_id', 'unit_name_raw', 'received_date',
        'decided_date', 'decision', 'legacy_decision_code', 'caseworker_initials',
    ],
    is_full_extract=true,
) }}
