{#- A snapshot's versions are dated by the as-of date (snapshot_get_time), so building an
    as-of date earlier than the newest version a snapshot already holds would put the new
    version before the ones it follows and close them out of order. The history snapshots
    run this as a pre-hook: when the snapshot exists and holds a version from after the
    as-of date being built, it warns, naming both dates (a warning, not an error: the
    project rebuilds earlier as-of dates into a built warehouse on purpose, e.g. the
    readers' end-to-end tests, whose figures do not read the snapshots); for a history,
    replay the deliveries in date order into a fresh warehouse (python -m sagskvalitet
    history does). Returns a harmless select for the hook. -#}
{% macro warn_snapshot_ahead() -%}
    {%- if execute -%}
        {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
        {%- if existing is not none -%}
            {%- set found = run_query(
                'select cast(max(dbt_valid_from) as date), cast(' ~ as_of_snapshot_time()
                ~ ' as date) from ' ~ existing
            ) -%}
            {%- set latest = found.rows[0][0] -%}
            {%- set as_of = found.rows[0][1] -%}
            {%- if latest is not none and latest > as_of -%}
                {%- do exceptions.warn(
                    this.identifier ~ ' holds versions up to ' ~ latest ~ ', later than the as-of date '
                    ~ as_of ~ ' being built: its versions are now out of order. '
                    ~ 'Build into a fresh warehouse and replay the deliveries in date order '
                    ~ '(python -m sagskvalitet history).'
                ) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    select 1 as snapshot_ahead_checked
{%- endmacro %}
