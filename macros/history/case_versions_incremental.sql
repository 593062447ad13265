{#- The history models incremental by case (issue 14): the rule for which changes a run
    takes, and the cases to rebuild, shared by int_case_versions_compared,
    fct_case_history and fct_case_event_log. -#}

{#- The first change date a run takes, given the newest date the table already holds
    (held_date, a column or expression): the snapshots date a change by the as-of of the
    build that saw it, so the changes after the held date are new. A run on that as-of or
    an earlier one (the latest delivery landed again, an auditor's earlier as-of) takes
    every change from its own as-of on: more cases than changed, never fewer. -#}
{% macro first_change_date(held_date) -%}
    case
        when {{ as_of_date() }} > {{ held_date }}
            then cast({{ dbt.dateadd('day', 1, held_date) }} as date)
        else {{ as_of_date() }}
    end
{%- endmacro %}

{#- CTEs changes_from, changed_keys, moved_keys and case_keys_to_rebuild of an incremental
    history model: every case (case_key) with a version in `versions` (a CTE with
    version_id, case_key, valid_from_date, valid_to_date) that began or closed since the
    newest version date {{ this }} holds, and every key a version of those cases was held
    under before (the key lost a version: a system A case linked to another B case). -#}
{% macro case_keys_to_rebuild(versions) -%}
held_dates as (

    -- the newest date a held version began or closed on: never after the as-of of the
    -- build that last wrote the table
    select max(valid_from_date) as held_date from {{ this }}

    union all

    select max(valid_to_date) as held_date from {{ this }}

),

changes_from as (

    select {{ first_change_date("coalesce(max(held_date), cast('1900-01-01' as date))") }} as first_date
    from held_dates

),

changed_keys as (

    select distinct {{ versions }}.case_key
    from {{ versions }}
    cross join changes_from
    where
        {{ versions }}.valid_from_date >= changes_from.first_date
        or {{ versions }}.valid_to_date >= changes_from.first_date

),

moved_keys as (

    -- a version of a changed case that the table holds under another key
    select distinct held_versions.case_key
    from {{ this }} as held_versions
    inner join {{ versions }}
        on held_versions.version_id = {{ versions }}.version_id
    inner join changed_keys
        on {{ versions }}.case_key = changed_keys.case_key
    where held_versions.case_key <> {{ versions }}.case_key

),

case_keys_to_rebuild as (

    select case_key from changed_keys

    union

    select case_key from moved_keys

)
{%- endmacro %}

{#- The CTE `name`: on an incremental run, the rows of `versions` of the cases to rebuild
    (with the CTEs of case_keys_to_rebuild before it); on a full build, every row. -#}
{% macro versions_to_rebuild(versions, name) -%}
{%- if is_incremental() -%}
{{ case_keys_to_rebuild(versions) }},

{{ name }} as (

    select {{ versions }}.*
    from {{ versions }}
    inner join case_keys_to_rebuild
        on {{ versions }}.case_key = case_keys_to_rebuild.case_key

)
{%- else -%}
{{ name }} as (

    select * from {{ versions }}

)
{%- endif -%}
{%- endmacro %}

{#- Pre-hook of an incremental history model: on an incremental run, delete the versions
    whose id (version_id) the model's input no longer holds (a snapshot built again).
    Renders nothing on a full build. -#}
{% macro delete_versions_gone_from(relation, id_column='version_id') -%}
    {%- if this is not none and is_incremental() %}
    delete from {{ this }} as held_versions
    where not exists (
        select 1
        from {{ relation }} as versions
        where versions.{{ id_column }} = held_versions.version_id
    )
    {%- endif %}
{%- endmacro %}
