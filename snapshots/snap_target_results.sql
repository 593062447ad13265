{#- What each figure was at each delivery: fct_target_results is rebuilt from the latest
    delivery, so a late document can restate a quarter a committee has already seen.
    A new version is kept when a figure's values change; versions are dated by the as-of
    date (see macros/snapshots/snapshot_get_time.sql), never by the wall clock. -#}
{% snapshot snap_target_results %}

{{ config(
    schema='snapshots',
    unique_key='figure_key',
    strategy='check',
    check_cols=['numerator', 'denominator', 'threshold', 'is_met'],
) }}

    select
        {{ dbt.concat([
            "target_id", "'|'", "period_grain", "'|'", "period", "'|'", "unit_id", "'|'",
            "coalesce(area, '')"
        ]) }} as figure_key,
        target_id,
        period_grain,
        period,
        unit_id,
        area,
        numerator,
        denominator,
        ratio,
        percent,
        threshold,
        is_met,
        {{ as_of_date() }} as as_of_date
    from {{ ref('fct_target_results') }}

{% endsnapshot %}
