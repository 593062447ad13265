-- The latest valid version of every access request of the last full extract on or before
-- as-of (macro latest_valid_version): when its newest row is rejected, the newest valid
-- earlier version stands.
{{ latest_valid_version(
    ref('base_aktindsigt__access_requests'),
    'access_request_id',
    [
        'unit_id', 'unit_name_raw', 'received_date', 'legal_basis', 'answered_date',
        'delay_notice_date',
    ],
    is_full_extract=true,
) }}
