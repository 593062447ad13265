-- Every link between a system B case and a system A case, with how it was made.
with legacy_ref_links as (

    select
        b_case_id,
        legacy_case_id,
        'legacy_ref' as link_method
    from {{ ref('int_case_legacy_ref_links') }}

),

double_registrations as (

    select
        b_case_id,
        legacy_case_id,
        'double_registration' as link_method
    from {{ ref('int_case_double_registrations') }}

)

select
    b_case_id,
    legacy_case_id,
    link_method
from legacy_ref_links

union all

select
    b_case_id,
    legacy_case_id,
    link_method
from double_registrations
