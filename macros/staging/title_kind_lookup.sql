{#- True when a folded title equals a folded variant of the seed document_kind_variants
    meeting the condition (a lookup, not an aggregate: the combined variant's two seed
    rows give two flags). The seed is aliased `variants` inside. -#}
{% macro title_kind_lookup(title_folded, condition='true') -%}
    exists (
        select 1
        from {{ ref('document_kind_variants') }} as variants
        where
            variants.variant_folded = {{ title_folded }}
            and {{ condition }}
    )
{%- endmacro %}
