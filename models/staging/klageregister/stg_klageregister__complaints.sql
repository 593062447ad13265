-- The latest valid version of every complaint of the last full extract on or before as-of
-- (macro latest_valid_version): when its newest row is rejected, the newest valid earlier
-- version stands.
{{ latest_valid_version(
    ref('base_klageregister__complaints'),
    'complaint_id',
    [
        'case_reference', 'unit_id', 'unit_name_raw', 'received_date', 'complaint_type',
        'reassessed_date', 'delay_notice_date', 'forwarded_date', 'external_decided_date',
        'external_outcome',
    ],
    is_full_extract=true,
) }}
