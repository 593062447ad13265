-- The latest valid version of every case of the last full extract on or before as-of
-- (macro latest_valid_version): when its newest row is rejected, the newest valid earlier
-- version stands. Missing or invalid CPR: kept (citizen_key null); unknown unit_id: UNKNOWN.
{{ latest_valid_version(
    ref('base_sagssystem_b__cases'),
    'case_id',
    [
        'citizen_key', 'area', 'area_code', 'unit_id', 'received_date', 'decided_date', 'decision',
        'legacy_ref_raw', 'legacy_ref', 'updated_at',
    ],
    is_full_extract=true,
) }}
