-- The organisational units (enheder) for BI slicers: the units seed (with UNKNOWN for names
-- that matched no unit) plus ALL, the whole administration, which every figure also has.
with

units as (
    select
        unit_id,
        unit_name,
        short_name
    from {{ ref('units') }}
),

all_units as (
    select
        unit_id,
        unit_name,
        short_name,
        'unit' as unit_kind
    from units
    where unit_id not in ('ALL', 'UNKNOWN')
    union all
    select
        unit_id,
        unit_name,
        short_name,
        'unknown' as unit_kind
    from units
    where unit_id = 'UNKNOWN'
    union all
    -- added here, not in the seed: ALL is a total, never a unit a record can belong to
    select
        'ALL' as unit_id,
        'Hele forvaltningen' as unit_name,
        'Alle' as short_name,
        'total' as unit_kind
)

select
    unit_id,
    unit_name,
    short_name,
    unit_kind,
    unit_kind = 'total' as is_total
from all_units
