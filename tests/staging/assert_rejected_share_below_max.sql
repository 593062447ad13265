{{ config(store_failures = true) }}
-- The rejects gate (afvisningsgrænse): the build stops when a file of a delivery has both
-- more than var('rejects_max_share') of its rows and more than var('rejects_max_rows')
-- rows rejected - a broken export must not pass as a handful of bad rows, and one bad row
-- in a small file (a system's first months, a fixture) is no broken export. Each row
-- names delivery, file, count, share and where the rejected rows are listed; the build
-- wrapper prints these messages (docs/DECISIONS.md, "Issue 11": stop, not quarantine).
select
    delivery_date,
    file_key,
    landed_rows,
    rejected_rows,
    rejected_share,
    'delivery ' || cast(delivery_date as {{ dbt.type_string() }})
    || ', file ' || coalesce(source_file, file_key) || ': '
    || cast(rejected_rows as {{ dbt.type_string() }}) || ' of '
    || cast(landed_rows as {{ dbt.type_string() }}) || ' rows rejected ('
    || cast(round(100 * rejected_share, 1) as {{ dbt.type_string() }})
    || ' %), above both limits ({{ "%.1f" | format(100 * var("rejects_max_share", 0.05)) }} %'
    || ' and {{ var("rejects_max_rows", 20) }} rows); the rows are listed in'
    || ' marts.fct_rejected_rows where delivery_date = '
    || cast(delivery_date as {{ dbt.type_string() }})
    || ' and file_key = ''' || file_key || '''' as message
from {{ ref('fct_file_reconciliation') }}
where
    is_in_scope
    and rejected_share > {{ var('rejects_max_share', 0.05) }}
    and rejected_rows > {{ var('rejects_max_rows', 20) }}
