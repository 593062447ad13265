-- Every double registration joins the same citizen and area, received at most
-- var('double_registration_max_days') apart, the A case received in the parallel window,
-- and the B case has no legacy_ref.
select
    links.b_case_id,
    links.legacy_case_id
from {{ ref('int_case_records_paired') }} as links
inner join {{ ref('stg_sagssystem_b__cases') }} as b_cases
    on links.b_case_id = b_cases.case_id
inner join {{ ref('stg_sagssystem_a__cases') }} as a_cases
    on links.legacy_case_id = a_cases.legacy_case_id
where
    links.link_method = 'double_registration'
    and (
        b_cases.legacy_ref is not null
        or b_cases.citizen_key <> a_cases.citizen_key
        or b_cases.area <> a_cases.area
        or abs({{ dbt.datediff('a_cases.received_date', 'b_cases.received_date', 'day') }})
        > {{ var('double_registration_max_days', 7) }}
        or a_cases.received_date < cast('{{ var("double_registration_from", "2010-04-01") }}' as date)
        or a_cases.received_date > cast('{{ var("double_registration_to", "2010-06-30") }}' as date)
    )
