{#- The latest VALID version of every record of one export file (targets.md "Real
    exports": the latest valid version), used by every stg_ model. Rows of deliveries on
    or before as-of; rejected rows never win; the newest valid row wins (later delivery,
    then later row of the same file). When a record's newest version is rejected, the
    newest valid earlier version stands, from an earlier delivery or an earlier row, and
    the reject row says so (int_rows_rejected_matched_to_staged). A full extract repeats every record
    with its current state, so only records its last delivery on or before as-of holds (by
    a valid or a rejected row) are current; an incremental extract keeps every record ever
    sent.
    relation: the base model; id_column: the record id; columns: the columns to keep;
    is_full_extract: true for full extracts. -#}
{% macro latest_valid_version(relation, id_column, columns, is_full_extract) -%}
    {{ return(adapter.dispatch('latest_valid_version', 'sagskvalitet')(relation, id_column, columns, is_full_extract)) }}
{%- endmacro %}

{% macro default__latest_valid_version(relation, id_column, columns, is_full_extract) %}
{#- what the versions CTE and the result keep of every row -#}
{%- set kept_columns = [id_column] + columns + ['delivery_date', 'source_file', 'row_number'] %}
with in_scope as (

    select
        {{ id_column }},
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        reject_reason,
        delivery_date,
        source_file,
        row_number
    from {{ relation }}
    where delivery_date <= {{ as_of_date() }}

),
{%- if is_full_extract %}

-- the records the last full extract on or before as-of holds, valid or rejected
current_records as (

    select distinct {{ id_column }}
    from in_scope
    where
        delivery_date = (select max(last_extract.delivery_date) from in_scope as last_extract)
        and {{ id_column }} is not null

),
{%- endif %}

versions as (

    select
        {%- for column in kept_columns %}
        {{ column }},
        {%- endfor %}
        row_number() over (
            partition by {{ id_column }}
            order by delivery_date desc, row_number desc
        ) as version_rank
    from in_scope
    where
        reject_reason is null
        {%- if is_full_extract %}
        and {{ id_column }} in (select current_records.{{ id_column }} from current_records)
        {%- endif %}

)

select
    {%- for column in kept_columns %}
    {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
from versions
where version_rank = 1
{% endmacro %}
