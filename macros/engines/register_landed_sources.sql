{#- Run at the start of every dbt invocation (on-run-start): makes the dbt sources readable
    on an engine that reads the landed Parquet by path. On Spark only (on_engine): spark__ (re)creates,
    for every landed source with an external_location, an external Parquet table
    <schema>.<identifier> over its folder (the folder of the read_parquet glob, so the same
    landed files DuckDB reads; mergeSchema for DuckDB's union_by_name). The ledger's
    sources are not registered: Spark cannot infer a table over a folder without files
    and reads no ledger (ledger_has_files is false there: issue 15, docs/DECISIONS.md). Elsewhere nothing:
    DuckDB reads external_location itself, PostgreSQL reads the raw tables of
    `python -m sagskvalitet load-postgres`. -#}
{% macro register_landed_sources() -%}
    {{ return(sagskvalitet.on_engine('spark', sagskvalitet.spark__register_landed_sources, 'landed_sources_registered')) }}
{%- endmacro %}

{% macro spark__register_landed_sources() -%}
    {%- if execute -%}
        {#- external_location is rendered when dbt parses: read_parquet('<folder>/*.parquet', ...) -#}
        {%- set pattern = modules.re.compile("read_parquet\\('([^']+)/\\*\\.parquet'") -%}
        {%- for node in graph.sources.values() -%}
            {%- set match = pattern.search(node.meta.get('external_location') or '') -%}
            {%- if match and node.source_name != 'ledger' -%}
                {%- set folder = match.group(1) -%}
                {% call statement('create_source_schema_' ~ loop.index) -%}
                    create schema if not exists {{ node.schema }}
                {%- endcall %}
                {% call statement('drop_source_' ~ loop.index) -%}
                    drop table if exists {{ node.schema }}.{{ node.identifier }}
                {%- endcall %}
                {% call statement('create_source_' ~ loop.index) -%}
                    create table {{ node.schema }}.{{ node.identifier }}
                    using parquet options (path '{{ folder }}', pathGlobFilter '*.parquet', mergeSchema 'true')
                {%- endcall %}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    select 1 as landed_sources_registered
{%- endmacro %}
