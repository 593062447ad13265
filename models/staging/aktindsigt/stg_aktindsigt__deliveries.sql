-- The deliveries of anmodninger.csv (leverancer), one row per delivery.
select
    delivery_date,
    file_key,
    source_file,
    manifest_rows,
    sha256
from {{ ref('base_aktindsigt__deliveries') }}
