-- The latest valid version of every inquiry (incremental extract: a record is re-sent
-- when a field changes; macro latest_valid_version): the latest delivery on or before
-- as-of, within it the last row; a rejected newest version leaves the earlier valid one.
{{ latest_valid_version(
    ref('base_henvendelser__inquiries'),
    'inquiry_id',
    [
        'unit_id', 'unit_name_raw', 'channel', 'is_written', 'received_at', 'received_date',
        'first_response_at', 'first_response_date',
    ],
    is_full_extract=false,
) }}
