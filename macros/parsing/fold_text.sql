{#- Fold free text as the exports contract folds titles and unit names: lower case,
    æ/ø/å to ae/oe/aa, runs of white space to one space, trimmed. The SQL counterpart of
    sagskvalitet.contract.fold(). -#}
{% macro fold_text(expr) -%}
    {{ return(adapter.dispatch('fold_text', 'sagskvalitet')(expr)) }}
{%- endmacro %}

{% macro default__fold_text(expr) -%}
    trim(regexp_replace(
        replace(replace(replace(lower({{ expr }}), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
        '\s+', ' ', 'g'
    ))
{%- endmacro %}

{% macro duckdb__fold_text(expr) -%}
    trim(regexp_replace(
        replace(replace(replace(lower({{ expr }}), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
        '[[:space:]]+', ' ', 'g'
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
    regexp_replace({{ expr }}, '[[:space:]]', '', 'g')
{%- endmacro %}
