"""The BI role on PostgreSQL reads the marts and nothing else (issue 15, item 3).

Connects as ``bi_reader`` (created by with_postgres.sh, granted by the on-run-end macro
grant_marts_reader) and asserts a permission error on every staging table and on every
intermediate table keyed by citizen_key (the pseudonymised CPR), and rows from the marts.
"""

from __future__ import annotations

import os

import pytest

from pytests.engines.conftest import ENGINES

psycopg2 = pytest.importorskip("psycopg2")
errors = pytest.importorskip("psycopg2.errors")

pytestmark = pytest.mark.skipif(
    "postgres" not in ENGINES, reason="SAGSKVALITET_ENGINES does not name postgres"
)


def _owner():
    return psycopg2.connect("")


def _reader():
    return psycopg2.connect("", user="bi_reader", password=os.environ.get("BI_READER_PASSWORD", ""))


def _tables(where: str) -> list[str]:
    with _owner() as conn, conn.cursor() as cur:
        cur.execute(
            "select distinct table_schema || '.' || table_name from information_schema.columns "
            f"where {where} order by 1"
        )
        return [row[0] for row in cur.fetchall()]


def _denied(table: str) -> bool:
    conn = _reader()
    try:
        with conn.cursor() as cur:
            cur.execute(f"select * from {table} limit 1")
        return False
    except errors.InsufficientPrivilege:
        return True
    finally:
        conn.close()


def test_bi_reader_reads_the_marts():
    with _reader() as conn, conn.cursor() as cur:
        cur.execute("select count(*) from marts.fct_target_results")
        assert cur.fetchone()[0] > 0


def test_bi_reader_is_denied_staging():
    tables = _tables("table_schema = 'staging'")
    assert tables, "no staging table found: was the postgres build run?"
    readable = [t for t in tables if not _denied(t)]
    assert readable == [], f"bi_reader can read staging tables: {readable}"


def test_bi_reader_is_denied_cpr_keyed_intermediate_tables():
    tables = _tables("table_schema = 'intermediate' and column_name = 'citizen_key'")
    assert tables, "no intermediate table with citizen_key found"
    readable = [t for t in tables if not _denied(t)]
    assert readable == [], f"bi_reader can read CPR-keyed tables: {readable}"


def test_bi_reader_cannot_read_the_raw_landing_tables():
    assert _denied("landing.sagssystem_a__sager")
