{#- Fold free text as the exports contract folds titles and unit names: lower case,
    æ/ø/å to ae/oe/aa (upper-case variants through lower()), every Unicode space (NBSP
    U+00A0, thin and ideographic spaces, tabs, line breaks) to one space, runs collapsed,
    trimmed (targets.md "Real exports", Text). The SQL counterpart of
    sagskvalitet.contract.fold(). -#}
{% macro fold_text(expr) -%}
    {{ return(adapter.dispatch('fold_text', 'sagskvalitet')(expr)) }}
{%- endmacro %}

{% macro default__fold_text(expr) -%}
    trim(regexp_replace(
        replace(replace(replace(lower({{ expr }}), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
        '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+', ' ', 'g'
    ))
{%- endmacro %}

{% macro duckdb__fold_text(expr) -%}
    trim(regexp_replace(
        replace(replace(replace(lower({{ expr }}), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
        '[\s\p{Z}\x{feff}]+', ' ', 'g'
    ))
{%- endmacro %}

{#- Text with every white-space character removed (legacy_ref 'A 0012345' -> 'A0012345'). -#}
{% macro remove_whitespace(expr) -%}
    {{ return(adapter.dispatch('remove_whitespace', 'sagskvalitet')(expr)) }}
{%- endmacro %}

{% macro default__remove_whitespace(expr) -%}
    regexp_replace({{ expr }}, '\s', '', 'g')
{%- endmacro %}

{% macro duckdb__remove_whitespace(expr) -%}
    regexp_replace({{ expr }}, '[\s\p{Z}\x{feff}]', '', 'g')
{%- endmacro %}
