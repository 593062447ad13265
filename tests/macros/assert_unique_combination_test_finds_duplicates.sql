-- The composite primary-key test (macros/tests/unique_combination_of_columns.sql) in the
-- version of the engine at hand (DuckDB's groups a hash of the key first) must return
-- each repeated key once with its number of rows, a key with a null part counted as a
-- value, and no key seen once. A row here is a difference.
{%- set int = dbt.type_int() %}
{%- set fixture %}
(
    select 1 as a, cast(null as {{ int }}) as b
    union all select 1, cast(null as {{ int }})
    union all select 1, 2
    union all select 2, 2
    union all select 2, 2
    union all select 2, 2
    union all select 3, 3
    union all select cast(null as {{ int }}), 3
) as key_fixture
{%- endset %}

with found as (

    select
        a,
        b,
        n_rows
    from (
        {{ adapter.dispatch('test_unique_combination_of_columns', 'sagskvalitet')(fixture, ['a', 'b']) }}
    ) as failures

),

expected as (

    select
        1 as a,
        cast(null as {{ int }}) as b,
        2 as n_rows
    union all
    select
        2 as a,
        2 as b,
        3 as n_rows

)

-- except compares nulls as equal, as the test must
select
    'expected, not found' as difference,
    a,
    b,
    n_rows
from (
    select
        a,
        b,
        n_rows
    from expected
    except
    select
        a,
        b,
        n_rows
    from found
) as missing

union all

select
    'found, not expected' as difference,
    a,
    b,
    n_rows
from (
    select
        a,
        b,
        n_rows
    from found
    except
    select
        a,
        b,
        n_rows
    from expected
) as unexpected
