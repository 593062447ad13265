-- Every landed row of henvendelser.csv, typed, codes looked up, rejects flagged.
-- Timestamps are local time (Europe/Copenhagen); their date is the local date.
{#- A timestamp a figure needs that is unreadable (two-digit years included), before 1990
    or beyond the horizon after the delivery date rejects the row (date_validity). -#}
{%- set checks = [
    ["inquiry_id is null", "missing_id", "henvendelseid"],
] + date_reject_checks('received_issue', 'modtaget') + [
    ["received_at is null", "invalid_timestamp", "modtaget"],
] + date_reject_checks('first_response_issue', 'forstetilbagemelding') + [
    ["channel is null", "unknown_code", "kanal"],
] %}

with source as (

    select
        delivery_date,
        source_file,
        row_number,
        raw_record,
        landing_error,
        henvendelseid,
        enhed,
        kanal,
        modtaget,
        forstetilbagemelding
    from {{ source('henvendelser', 'henvendelser') }}

),

typed as (

    select
        cast(delivery_date as date) as delivery_date,
        source_file,
        cast(row_number as {{ dbt.type_int() }}) as row_number,
        raw_record,
        landing_error,
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
        typed.delivery_date,
        typed.source_file,
        typed.row_number,
        typed.raw_record,
        typed.landing_error,
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

    select
        coded.*,
        {{ reject_code(checks) }} as reject_code,
        {{ reject_column(checks) }} as reject_column
    from coded

)

select
    'henvendelser__henvendelser' as file_key,
    delivery_date,
    source_file,
    row_number,
    raw_record,
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
    reject_code,
    reject_column,
    {{ reject_reason('reject_code', 'reject_column') }} as reject_reason
from checked
