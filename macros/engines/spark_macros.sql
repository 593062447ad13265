{#- Spark SQL implementations of the project's dispatched macros (issue 15). Spark reads
    regular expressions as Java does (rlike, regexp_replace without flags), has try_cast
    and try_to_timestamp instead of guarded casts, counts weekdays from Monday = 0
    (weekday), requires a correlated scalar subquery to be aggregated, and has no
    hugeint: integer division is `div` on bigint. String literals are read without
    escapes (profile: spark.sql.parser.escapedStringLiterals), as on PostgreSQL and DuckDB.
    Each macro computes what its duckdb__ and default__ siblings compute. -#}

{#- strftime -> Spark datetime pattern; one-letter M and d read one or two digits. -#}
{% macro strftime_to_spark(fmt) -%}
    {{- fmt.replace('%Y', 'yyyy').replace('%m', 'M').replace('%d', 'd').replace('%H', 'HH').replace('%M', 'mm').replace('%S', 'ss') -}}
{%- endmacro %}

{% macro spark__parse_timestamp(expr, formats) -%}
    coalesce(
        {%- for fmt in formats %}
        case
            when trim({{ expr }}) rlike '{{ sagskvalitet.strftime_to_regex(fmt) }}'
                then try_to_timestamp(trim({{ expr }}), '{{ sagskvalitet.strftime_to_spark(fmt) }}')
        end,
        {%- endfor %}
        cast(null as timestamp)
    )
{%- endmacro %}

{% macro spark__parse_date(expr, formats) -%}
    cast({{ sagskvalitet.spark__parse_timestamp(expr, formats) }} as date)
{%- endmacro %}

{% macro spark__parse_timestamp_tz(expr) -%}
    try_cast(trim({{ expr }}) as timestamp)
{%- endmacro %}

{% macro spark__safe_integer(expr) -%}
    {{ sagskvalitet.guarded_integer_cast(expr, 'rlike') }}
{%- endmacro %}

{% macro spark__fold_text(expr) -%}
    trim(regexp_replace(
        replace(replace(replace(lower({{ expr }}), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa'),
        '[\s\p{Z}\x{feff}]+', ' '
    ))
{%- endmacro %}

{% macro spark__remove_whitespace(expr) -%}
    regexp_replace({{ expr }}, '[\s\p{Z}\x{feff}]', '')
{%- endmacro %}

{% macro spark__iso_day_of_week(date_expr) -%}
    cast(weekday({{ date_expr }}) + 1 as integer)
{%- endmacro %}

{#- round_half_away's parts on Spark: bigint, the sign without floating point, div. -#}
{% macro spark__exact_integer_type() -%}
    {{ return('bigint') }}
{%- endmacro %}

{% macro spark__sign_of_quotient(n, d) -%}
    (case when ({{ n }} < 0) <> ({{ d }} < 0) and {{ n }} <> 0 then -1 else 1 end)
{%- endmacro %}

{% macro spark__integer_divide(dividend, divisor) -%}
    ({{ dividend }} div {{ divisor }})
{%- endmacro %}

{#- Seeds on Spark: dbt-spark's create_csv_table with the seeds' column_types translated -
    Spark 4 refuses a bare `varchar` (it needs a length); `string` is Spark's text type. -#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {% set sql %}
        create table {{ this.render() }} (
            {%- for col_name in agate_table.column_names -%}
                {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                {%- set type = column_override.get(col_name, inferred_type) -%}
                {%- if type | lower == 'varchar' -%}{%- set type = 'string' -%}{%- endif -%}
                {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
            {%- endfor -%}
        )
        {{ file_format_clause() }}
        {{ partition_cols(label="partitioned by") }}
        {{ clustered_cols(label="clustered by") }}
        {{ location_clause() }}
        {{ comment_clause() }}
    {% endset %}
    {% call statement('_') -%}
        {{ sql }}
    {%- endcall %}
    {{ return(sql) }}
{% endmacro %}

{#- ... and dbt-spark's load_csv_rows with the same translation of `varchar`, values written
    as literals: the session cursor pastes bindings into the SQL unquoted-aware, so a value
    with an apostrophe (revision_reasons: "case's") broke the statement. With
    escapedStringLiterals a literal has no escapes, so such a value is double-quoted. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {% set batch_size = get_batch_size() %}
    {% set column_override = model['config'].get('column_types', {}) %}
    {% set statements = [] %}
    {% for chunk in agate_table.rows | batch(batch_size) %}
        {% set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                    {%- set type = column_override.get(col_name, inferred_type) -%}
                    {%- if type | lower == 'varchar' -%}{%- set type = 'string' -%}{%- endif -%}
                    {%- set value = row[loop.index0] -%}
                    {%- if value is none -%}
                        {%- set literal = 'null' -%}
                    {%- elif value is sameas true or value is sameas false -%}
                        {%- set literal = (value | string | lower) -%}
                    {%- elif value is number -%}
                        {%- set literal = (value | string) -%}
                    {%- elif "'" in (value | string) -%}
                        {%- set literal = '"' ~ (value | string) ~ '"' -%}
                    {%- else -%}
                        {%- set literal = "'" ~ (value | string) ~ "'" -%}
                    {%- endif -%}
                    cast({{ literal }} as {{ type }})
                    {%- if not loop.last %},{%- endif %}
                {%- endfor -%})
                {%- if not loop.last %},{%- endif %}
            {%- endfor %}
        {% endset %}
        {% do adapter.add_query(sql, abridge_sql_log=True) %}
        {% if loop.index0 == 0 %}
            {% do statements.append(sql) %}
        {% endif %}
    {% endfor %}
    {{ return(statements[0]) }}
{% endmacro %}

{#- round_half_away's integer as DECIMAL(36 - scale, 0): its product with the
    DECIMAL(scale + 1, scale) unit is then DECIMAL(38, scale). Spark gives a product of
    more than 38 digits only 6 decimals (decimalOperations.allowPrecisionLoss), so
    DECIMAL(38, 0) made a ratio of 1/3 0.3333330000; DECIMAL(26, 0) still holds 10^25. -#}
{% macro spark__integer_as_decimal(expr, scale) -%}
    cast({{ expr }} as decimal({{ 36 - scale }}, 0))
{%- endmacro %}

{#- The Spark type of a type named in the project's YAML (contracts, unit test fixtures):
    `varchar` without a length is `string` on Spark 4, every other type as given. -#}
{% macro spark_type(type) -%}
    {{- 'string' if (type | string | trim | lower) in ['varchar', 'text'] else type -}}
{%- endmacro %}

{#- dbt's cast (contracts' empty schema) and dbt-spark's safe_cast (unit test fixtures)
    with the type through spark_type. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ sagskvalitet.spark_type(type) }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    {%- set field_clean = field.strip('"').strip("'") if (cast_from_string_unsupported_for(type) and field is string) else field -%}
    cast({{ field_clean }} as {{ sagskvalitet.spark_type(type) }})
{%- endmacro %}

{#- dbt's split_part on Spark: Spark's own split_part (a literal delimiter). dbt-spark's
    builds a regular expression with a backslash escape, which the profile's
    escapedStringLiterals turns into two backslashes (reject codes came out whole). -#}
{% macro spark__split_part(string_text, delimiter_text, part_number) -%}
    split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro %}
