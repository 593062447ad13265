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
{%- set kept = kept_columns | join(',\n        ') %}
{%- if is_full_extract %}
{#- A full extract: only records its last delivery on or before as-of holds count, so the
    winner of a record with a valid row in that delivery is in that delivery. Only the
    records whose rows there are all rejected look back at earlier deliveries. Ranking
    these candidates instead of every delivery's rows gives the same winners, and the
    window no longer grows with the history kept (issue 14). -#}
with last_delivery as (

    select max(delivery_date) as delivery_date
    from {{ relation }}
    where delivery_date <= {{ as_of_date() }}

),

-- the rows of the last full extract on or before as-of, valid or rejected
last_rows as (

    select
        {{ kept }},
        reject_reason
    from {{ relation }}
    where
        delivery_date = (select last_delivery.delivery_date from last_delivery)
        and {{ id_column }} is not null

),

-- records the last extract holds by rejected rows only: their newest valid earlier row
-- stands (the reject row says so, int_rows_rejected_matched_to_staged)
records_without_valid_row as (

    select {{ id_column }}
    from last_rows
    where reject_reason is not null

    except

    select {{ id_column }}
    from last_rows
    where reject_reason is null

),

candidates as (

    select
        {{ kept }}
    from last_rows
    where reject_reason is null

    union all

    select
        {{ kept }}
    from {{ relation }}
    where
        delivery_date < (select last_delivery.delivery_date from last_delivery)
        and reject_reason is null
        and {{ id_column }} in (
            select records_without_valid_row.{{ id_column }} from records_without_valid_row
        )

),
{%- else %}
with candidates as (

    select
        {{ kept }}
    from {{ relation }}
    where
        delivery_date <= {{ as_of_date() }}
        and reject_reason is null

),
{%- endif %}

versions as (

    select
        {{ kept }},
        row_number() over (
            partition by {{ id_column }}
            order by delivery_date desc, row_number desc
        ) as version_rank
    from candidates

)

select
    {{ kept }}
from versions
where version_rank = 1
{% endmacro %}
