{#- Incremental base models (issue 14 item 3): the landed rows of an export file are
    append-only (one Parquet file per delivery), so a base model keeps the rows it has
    typed and types only the landed rows it does not hold yet. A row is held when a row
    of the same delivery and row number with the same raw record is in the table; a
    re-landed delivery (a changed manifest re-lands it, sagskvalitet.landing.land) brings
    its changed rows as new rows, and delete_rows_gone_from_landing removes the rows no
    longer landed before they are replaced. No wall clock, no as-of: base models hold
    every landed row; as-of is applied downstream (latest_valid_version). -#}

{#- The filter of a base model's source CTE: on an incremental run, only the landed rows
    the table does not hold (same delivery, row number and raw record); nothing else.
    landed_alias: the alias of the source relation in the CTE. -#}
{% macro landed_rows_not_built(landed_alias) -%}
    {#- a unit test has no relation of its own (this is none): the full-build path -#}
    {%- if this is not none and is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as built
        where
            built.delivery_date = cast({{ landed_alias }}.delivery_date as date)
            and built.row_number = cast({{ landed_alias }}.row_number as {{ dbt.type_int() }})
            and built.raw_record_hash = {{ dbt.hash(landed_alias ~ '.raw_record') }}
    )
    {%- endif %}
{%- endmacro %}

{#- Pre-hook of an incremental base model: on an incremental run, delete the rows whose
    landed row is gone or changed (a re-landed delivery, a landing folder emptied), so the
    table equals a full refresh after the new rows are inserted. Empty otherwise.
    source_name, table_name: the model's source. -#}
{% macro delete_rows_gone_from_landing(source_name, table_name) -%}
    {%- if this is not none and is_incremental() %}
    delete from {{ this }} as built
    where not exists (
        select 1
        from {{ source(source_name, table_name) }} as landed
        where
            cast(landed.delivery_date as date) = built.delivery_date
            and cast(landed.row_number as {{ dbt.type_int() }}) = built.row_number
            and {{ dbt.hash('landed.raw_record') }} = built.raw_record_hash
    )
    {%- endif %}
{%- endmacro %}
