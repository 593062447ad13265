{#- Whether the reporting ledger (data/ledger, outside the warehouse) holds any file of a
    kind yet. Before the first freeze there is none, and DuckDB's read_parquet fails on a
    glob that matches nothing, so the ledger's base models then select no rows (with the
    same columns) instead. Checked when the model is built, so a model built before the
    first freeze is empty until the next build. -#}
{% macro ledger_has_files(file_kind) -%}
    {{ return(adapter.dispatch('ledger_has_files')(file_kind)) }}
{%- endmacro %}

{% macro duckdb__ledger_has_files(file_kind) -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set pattern = ledger_dir() ~ '/' ~ file_kind ~ '/*.parquet' -%}
    {%- set result = run_query("select count(*) from glob('" ~ pattern ~ "')") -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{% macro default__ledger_has_files(file_kind) -%}
    {#- The ledger is Parquet on the local disk: only DuckDB reads it. -#}
    {{ return(false) }}
{%- endmacro %}

{#- The ledger folder: var ledger_dir, else the environment variable LEDGER_DIR, else
    data/ledger (the same rule as the source's external_location). -#}
{% macro ledger_dir() -%}
    {{ return(var('ledger_dir', none) or env_var('LEDGER_DIR', 'data/ledger')) }}
{%- endmacro %}
