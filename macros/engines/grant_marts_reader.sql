{#- Run at the end of every dbt invocation (on-run-end): the BI role (var bi_reader_role,
    default bi_reader) may read the marts schema and nothing else - not staging, not the
    CPR-keyed (citizen_key) intermediate tables. On PostgreSQL only (on_engine) it grants usage
    on the marts schema and select on its tables when the role exists; other engines (DuckDB:
    a file, no roles; Spark: the cluster's own access control) does nothing. -#}
{% macro grant_marts_reader() -%}
    {{ return(sagskvalitet.on_engine('postgres', sagskvalitet.postgres__grant_marts_reader, 'marts_reader_granted')) }}
{%- endmacro %}

{% macro postgres__grant_marts_reader() -%}
    {%- set role = var('bi_reader_role', 'bi_reader') -%}
    do $grant$
    begin
        if exists (select from pg_roles where rolname = '{{ role }}')
            and exists (select from pg_namespace where nspname = 'marts') then
            execute 'grant usage on schema marts to {{ role }}';
            execute 'grant select on all tables in schema marts to {{ role }}';
        end if;
    end
    $grant$
{%- endmacro %}
