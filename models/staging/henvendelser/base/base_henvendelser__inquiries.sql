-- Every landed row of henvendelser.csv, typed, codes looked up, rejects flagged.
-- Timestamps are local time (Europe/Copenhagen); their date is the local date.
{#- A timestamp a figure needs that is unreadable (two-digit years included), before 1990
    or beyond the horizon after the delivery date rejects the row (date_validity). -#}
{%- set checks = [
    ["inquiry_id is null", "missing_id", "henvendelseid"],
] + required_date_checks('received_issue', 'received_at', 'modtaget', 'invalid_timestamp')
  + date_reject_checks('first_response_issue', 'forstetilbagemelding') + [
    ["channel is null", "unknown_code", "kanal"],
] %}

with source as (

    select
        {{ landed_columns() }},
        henvendelseid,
        enhed,
        kanal,
        modtaget,
        forstetilbagemelding
    from {{ source('henvendelser', 'henvendelser') }}
    -- incremental: only the rows of landed files not held yet (dbt_project.yml, issue 14)
    {{ landed_rows_not_built(source('henvendelser', 'henvendelser')) }}

),

typed as (

    select
        {{ landed_columns_typed() }},
        {{ blank_to_null('henvendelseid') }} as inquiry_id,
        enhed as unit_name_raw,
        {{ fold_text('enhed') }} as unit_name_folded,
        {{ blank_to_null('kanal') }} as channel_code,
        modtaget as modtaget_text,
        {{ parse_timestamp('modtaget', ['%Y-%m-%d %H:%M']) }} as received_at,
        forstetilbagemelding as response_text,
        {{ parse_timestamp('forstetilbagemelding', ['%Y-%m-%d %H:%M']) }} as first_response_at
    from source

),

coded as (

    select
        {{ landed_columns('typed') }},
        typed.inquiry_id,
        coalesce(aliases.unit_id, 'UNKNOWN') as unit_id,
        typed.unit_name_raw,
        channels.channel,
        channels.is_written,
        typed.channel_code,
        typed.received_at,
        typed.response_text,
        typed.first_response_at,
        {{ date_validity('typed.modtaget_text', 'typed.received_at', 'typed.delivery_date', 'invalid_timestamp') }}
            as received_issue,
        {{ date_validity('typed.response_text', 'typed.first_response_at', 'typed.delivery_date', 'invalid_timestamp') }}
            as first_response_issue
    from typed
    left join {{ ref('unit_aliases') }} as aliases
        on typed.unit_name_folded = aliases.alias_folded
    left join {{ ref('inquiry_channels') }} as channels
        on typed.channel_code = channels.source_code

),

checked as (

    {{ reject_checked('coded', checks) }}

)

select
    {{ landed_row_key('henvendelser__henvendelser') }},
    inquiry_id,
    unit_id,
    unit_name_raw,
    channel,
    channel_code,
    is_written,
    received_at,
    cast(received_at as date) as received_date,
    first_response_at,
    cast(first_response_at as date) as first_response_date,
    {{ reject_columns() }}
from checked
