{#- Run at the start of every dbt invocation (on-run-start): says which delivery the build
    reads up to and, when the newest landing failed, that it did - also for `dbt build`
    run by hand. Reads landing's _state.json; on DuckDB only (on_engine; elsewhere nothing to say). -#}
{% macro report_landing_state() -%}
    {{ return(sagskvalitet.on_engine('duckdb', sagskvalitet.duckdb__report_landing_state, 'landing_state_reported')) }}
{%- endmacro %}

{% macro duckdb__report_landing_state() -%}
    {%- if execute -%}
        {%- set landing = var('landing_dir', none) or env_var('LANDING_DIR', 'data/landing') -%}
        {%- set query -%}
            select
                (
                    select max(k)
                    from (select unnest(json_keys(content, '$.deliveries')) as k)
                ) as latest,
                json_extract_string(content, '$.failed.delivery') as failed_delivery,
                json_extract_string(content, '$.failed.message') as failed_message
            from read_text('{{ landing }}/_state.jso[n]')
        {%- endset -%}
        {%- set rows = run_query(query).rows -%}
        {%- if rows | length > 0 -%}
            {%- set row = rows[0] -%}
            {%- if row[2] -%}
                {{ log("WARNING landing: the newest landing failed (" ~ row[2] ~ "); this build reads the deliveries landed before it, the latest being " ~ row[0], info=true) }}
            {%- else -%}
                {{ log("landing: building from the landed deliveries, the latest being " ~ row[0], info=true) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    select 1 as landing_state_reported
{%- endmacro %}
