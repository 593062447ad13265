{#- Pre-hook of fct_case_event_log, incremental by case (issue 14): on an incremental run,
    delete the events of the case keys that no longer exist. A system A case that is linked
    to or migrated into a system B case takes the B case's key, so its old key (the SagsID)
    is gone from int_case_versions_classified; its events are rebuilt under the new key by
    the model itself (delete+insert on case_key), and only the old key's rows are left for
    this hook. Empty on a full build. -#}
{% macro delete_events_of_gone_cases() -%}
    {%- if this is not none and is_incremental() %}
    delete from {{ this }} as events
    where not exists (
        select 1
        from {{ ref('int_case_versions_classified') }} as versions
        where
            versions.version_number = 1
            and versions.case_key = events.case_key
    )
    {%- endif %}
{%- endmacro %}
