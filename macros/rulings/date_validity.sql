{#- Why a date read from an export is no valid value (targets.md "Real exports", Dates), or
    null when it is valid or empty: 'invalid_date' (unreadable, incl. a year that is not
    four digits - `01.04.10`, `3/5/10`; parse_date only reads four-digit years),
    'date_before_1990' (before var('earliest_valid_date')), 'date_beyond_horizon' (more than
    var('future_date_horizon_days') days after its delivery's date). A date up to the
    horizon is valid (a letter dated for next Monday); it does not exist as of an earlier
    date (the models that count it compare it with as-of).
    text_expr: the raw text; parsed_expr: its parsed date or timestamp; delivery_date_expr:
    the delivery's date; unreadable_code: the code of an unreadable value. -#}
{% macro date_validity(text_expr, parsed_expr, delivery_date_expr, unreadable_code='invalid_date') -%}
    case
        when {{ blank_to_null(text_expr) }} is null then null
        when {{ parsed_expr }} is null then '{{ unreadable_code }}'
        when
            cast({{ parsed_expr }} as date)
            < cast('{{ var("earliest_valid_date", "1990-01-01") }}' as date)
            then 'date_before_1990'
        when
            cast({{ parsed_expr }} as date)
            > {{ dbt.dateadd('day', var('future_date_horizon_days', 90), delivery_date_expr) }}
            then 'date_beyond_horizon'
    end
{%- endmacro %}

{#- The reject checks of a date column a figure or a link needs: one check per reason of
    date_validity, for the check list of reject_code / reject_column. issue_column: the
    column holding date_validity; source_column: the export's column name. -#}
{% macro date_reject_checks(issue_column, source_column) -%}
    {{ return([
        [issue_column ~ " = 'invalid_date'", 'invalid_date', source_column],
        [issue_column ~ " = 'invalid_timestamp'", 'invalid_timestamp', source_column],
        [issue_column ~ " = 'date_before_1990'", 'date_before_1990', source_column],
        [issue_column ~ " = 'date_beyond_horizon'", 'date_beyond_horizon', source_column],
    ]) }}
{%- endmacro %}
