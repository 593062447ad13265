{#- Incremental base models (issue 14 item 3): the landed rows of an export file are
    append-only (one Parquet file per delivery), so a base model keeps the rows it has
    typed and types only the rows of landed files it does not hold yet. Every landed row
    carries its file's landing_id (sagskvalitet.landing.land.landing_id: the file, the
    delivery, the raw file's sha256 and the pseudonym key), so what the table holds is
    known per landed file, not per row: a re-landed delivery (a changed manifest re-lands
    it) has a new id, its old rows are deleted by delete_rows_gone_from_landing and its new
    rows typed. No wall clock, no as-of: base models hold every landed row; as-of is
    applied downstream (latest_valid_version).
    Before the landing id, the check compared an md5 of every landed raw record with the
    table: with 75 monthly deliveries that cost as much as typing them (docs/benchmarks.md). -#}

{#- Whether a built table has the landing_id column: one built before it (a stale warehouse)
    has not; the incremental path then leaves its filter and pre-hook out, and dbt stops the
    run with its own message (on_schema_change: fail) instead of a binder error. -#}
{% macro has_landing_id(relation) -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {{ return('landing_id' in names) }}
{%- endmacro %}

{#- The distinct landing ids of a relation, as a list (empty when it has no rows). -#}
{% macro landing_ids_in(relation) -%}
    {%- set result = run_query('select distinct landing_id from ' ~ relation ~ ' where landing_id is not null') -%}
    {{ return(result.columns[0].values() | list if result else []) }}
{%- endmacro %}

{#- A SQL list of string constants (ids is not empty). -#}
{% macro landing_id_list(ids) -%}
    ('{{ ids | sort | join("', '") }}')
{%- endmacro %}

{#- The filter of a base model's source CTE: on an incremental run, only the rows of landed
    files whose landing id the table does not hold (and rows without an id, which a landing
    before ids could have left); nothing else. The new ids are constants in the SQL, so the
    scan skips every other landed file by its statistics. Unqualified: the base models
    select their source's columns unqualified (sqlfluff's consistent references).
    source_relation: the model's source. -#}
{% macro landed_rows_not_built(source_relation) -%}
    {#- a unit test has no relation of its own (this is none): the full-build path -#}
    {%- if this is not none and is_incremental() and has_landing_id(this) %}
    {%- set held = landing_ids_in(this) %}
    {%- set new = landing_ids_in(source_relation) | reject('in', held) | list %}
    where
        landing_id is null
        {%- if new %}
        or landing_id in {{ landing_id_list(new) }}
        {%- endif %}
    {%- endif %}
{%- endmacro %}

{#- Pre-hook of an incremental base model: on an incremental run, delete the rows whose
    landed file is gone or landed again (its landing id no longer landed), so the table
    equals a full refresh after the new rows are inserted. Empty otherwise.
    source_name, table_name: the model's source. -#}
{% macro delete_rows_gone_from_landing(source_name, table_name) -%}
    {%- if this is not none and is_incremental() and has_landing_id(this) %}
    {%- set landed = landing_ids_in(source(source_name, table_name)) %}
    delete from {{ this }}
    {%- if landed %}
    where
        landing_id is null
        or landing_id not in {{ landing_id_list(landed) }}
    {%- endif %}
    {%- endif %}
{%- endmacro %}
