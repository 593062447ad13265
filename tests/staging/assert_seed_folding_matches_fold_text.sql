-- The folded columns of the alias and title-variant seeds must be exactly what fold_text
-- makes of the written form, or a correct spelling would silently fail to match.
select
    'unit_aliases' as seed_name,
    alias as written,
    alias_folded as stored_folded,
    {{ fold_text('alias') }} as computed_folded
from {{ ref('unit_aliases') }}
where alias_folded <> {{ fold_text('alias') }}

union all

select
    'document_kind_variants' as seed_name,
    variant as written,
    variant_folded as stored_folded,
    {{ fold_text('variant') }} as computed_folded
from {{ ref('document_kind_variants') }}
where variant_folded <> {{ fold_text('variant') }}
