{#- The columns that describe a comparison of the reporting ledger (int_ledger_comparisons):
    which comparison, the frozen period, and the old and the new side's freeze, version,
    as-of date and delivery date. One list for every model that carries them.
    alias: the relation to prefix them with. -#}
{% macro ledger_comparison_columns(alias=none) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    {%- set columns = ['comparison', 'frozen_period'] -%}
    {%- for side in ['old', 'new'] -%}
        {%- for column in ['freeze_id', 'version', 'as_of_date', 'delivery_date'] -%}
            {%- do columns.append(side ~ '_' ~ column) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for column in columns %}
    {{ prefix }}{{ column }}{{ ',' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- The columns of a figure as the ledger and the revisions compare it: its key (target,
    period grain, period, unit, area) and its numerator, denominator, percent and is_met.
    alias: the relation to prefix them with. -#}
{% macro ledger_figure_columns(alias=none) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    {%- set columns = [
        'target_id', 'period_grain', 'period', 'unit_id', 'area',
        'numerator', 'denominator', 'percent', 'is_met',
    ] -%}
    {%- for column in columns %}
    {{ prefix }}{{ column }}{{ ',' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- The columns of a figure's member as the ledger and the revisions compare it: the
    figure's key, the member (kind, id), whether it complied, its value and its date.
    alias: the relation to prefix them with. -#}
{% macro ledger_member_columns(alias=none) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    {%- set columns = [
        'target_id', 'period_grain', 'period', 'unit_id', 'area',
        'member_kind', 'member_id', 'is_compliant', 'member_value', 'period_date',
    ] -%}
    {%- for column in columns %}
    {{ prefix }}{{ column }}{{ ',' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
