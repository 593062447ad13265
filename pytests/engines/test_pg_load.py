"""load-postgres copies every landed row once, and loading again doubles nothing (issue 15).

Runs after make test-postgres has loaded: the raw tables hold exactly the landed Parquet's
rows; a second load finds every file unchanged and leaves the counts as they were; a file
whose bookkeeping is forgotten is reloaded by delete + copy, not appended.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pytests.engines.conftest import ENGINES
from sagskvalitet.engines.pg_load import load
from sagskvalitet.engines.sources import source_tables

psycopg2 = pytest.importorskip("psycopg2")

pytestmark = pytest.mark.skipif(
    "postgres" not in ENGINES, reason="SAGSKVALITET_ENGINES does not name postgres"
)

PROJECT = Path(__file__).resolve().parents[2]
LANDING = Path(os.environ.get("LANDING_DIR", "data/landing"))
LEDGER = Path(os.environ.get("LEDGER_DIR", "data/ledger"))


def _counts() -> dict[str, int]:
    counts = {}
    with psycopg2.connect("") as conn, conn.cursor() as cur:
        for source in source_tables(PROJECT):
            cur.execute("select to_regclass(%s)", (f"{source.schema}.{source.identifier}",))
            if cur.fetchone()[0] is None:
                continue
            cur.execute(f'select count(*) from "{source.schema}"."{source.identifier}"')
            counts[f"{source.schema}.{source.identifier}"] = cur.fetchone()[0]
    return counts


def test_raw_tables_hold_every_landed_row():
    counts = _counts()
    for source in source_tables(PROJECT):
        if source.root != "landing_dir":
            continue
        files = sorted((LANDING / source.folder).glob("*.parquet"))
        landed = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        assert counts[f"{source.schema}.{source.identifier}"] == landed, source.identifier


def test_loading_twice_doubles_nothing():
    before = _counts()
    lines = load(PROJECT, LANDING, LEDGER)
    assert all(" 0 file(s) loaded" in line for line in lines), lines
    # Forget one delivery's bookkeeping: it is reloaded (delete + copy), not appended.
    with psycopg2.connect("") as conn, conn.cursor() as cur:
        cur.execute(
            "delete from landing._loaded_files where table_name = 'sagssystem_a__sager' "
            "and file_name = (select max(file_name) from landing._loaded_files "
            "where table_name = 'sagssystem_a__sager')"
        )
    lines = load(PROJECT, LANDING, LEDGER)
    assert any("sagssystem_a__sager: 1 file(s) loaded" in line for line in lines), lines
    assert _counts() == before
