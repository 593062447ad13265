-- The deliveries of dokumenter.csv (leverancer), one row per delivery.
select
    delivery_date,
    file_key,
    source_file,
    manifest_rows,
    sha256
from {{ ref('base_esdh__deliveries') }}
