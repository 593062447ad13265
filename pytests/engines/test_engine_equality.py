"""The same figures on every engine (issue 15, "Must show").

After make test-engines has built the same landed data (the default generator at scale
0.1) on DuckDB, PostgreSQL and Spark, ``fct_target_results`` and ``fct_target_members`` are
read from each engine named in ``SAGSKVALITET_ENGINES`` and compared with DuckDB's row for
row, all columns: one test per mart and engine, so an engine asked for but not built fails.

Normalised before comparing (and nothing else): column names lower case; dates and
timestamps as ISO text (a Spark or DuckDB date, a PostgreSQL date all become
'YYYY-MM-DD'); every number as a float rounded to 9 decimals (DuckDB decimal, PostgreSQL
numeric, Spark decimal/double of the same value compare equal; integer widths differ);
booleans (numpy's too) as bool; NULL/NA/NaN/NaT as None; rows sorted by all columns (no
engine promises an order). DuckDB and Spark are read through Arrow, so a date stays a date.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytests.engines.conftest import ENGINES

MARTS = ["fct_target_results", "fct_target_members"]


def _normalise_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal, np.integer, np.floating)):
        number = float(value)
        return None if math.isnan(number) else round(number, 9)
    return value


def normalise(frame: pd.DataFrame) -> list[tuple]:
    """Rows of the frame, columns by name, values normalised, sorted."""
    frame = frame.rename(columns=str.lower)
    frame = frame[sorted(frame.columns)]
    rows = [
        tuple(_normalise_value(v) for v in row)
        for row in frame.astype(object).itertuples(index=False, name=None)
    ]
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def read_duckdb(table: str) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(os.environ["SAGSKVALITET_DUCKDB"], read_only=True)
    try:
        return con.execute(f"select * from marts.{table}").to_arrow_table().to_pandas()
    finally:
        con.close()


def read_postgres(table: str) -> pd.DataFrame:
    import psycopg2

    with psycopg2.connect("") as conn, conn.cursor() as cur:
        cur.execute(f"select * from marts.{table}")
        names = [c.name for c in cur.description]
        return pd.DataFrame.from_records(cur.fetchall(), columns=names)


def read_spark(table: str) -> pd.DataFrame:
    """The Parquet files of Spark's managed table (no Spark session needed to read them)."""
    import pyarrow.dataset as ds

    warehouse = Path(os.environ.get("SPARK_WAREHOUSE_DIR", "warehouse/spark"))
    folder = warehouse / "marts.db" / table
    assert folder.is_dir(), f"no Spark table folder {folder}: was the Spark build run?"
    return ds.dataset(folder, format="parquet").to_table().to_pandas()


READERS = {"duckdb": read_duckdb, "postgres": read_postgres, "spark": read_spark}


OTHER_ENGINES = [engine for engine in ENGINES if engine != "duckdb"]


def test_the_comparison_has_duckdb_and_every_engine_asked_for():
    """SAGSKVALITET_ENGINES names DuckDB and at least one other engine, each one readable."""
    assert "duckdb" in ENGINES and OTHER_ENGINES, (
        f"compare DuckDB with at least one other engine, not {ENGINES}"
    )
    unknown = sorted(set(ENGINES) - set(READERS))
    assert not unknown, f"no reader for engine(s) {unknown}: known {sorted(READERS)}"


# The case event log on the engines that build the snapshots' descendants (Spark does
# not: make's SPARK_EXCLUDED names them). On PostgreSQL it was built a second time, on its
# incremental path (PG_STEPS), so this compares that path with DuckDB's full build.
EVENT_LOG_ENGINES = [engine for engine in OTHER_ENGINES if engine != "spark"]
PAIRS = [(table, engine) for table in MARTS for engine in OTHER_ENGINES or ["(none asked for)"]]
PAIRS += [("fct_case_event_log", engine) for engine in EVENT_LOG_ENGINES]


# One test per (mart, engine asked for): an engine asked for whose build is missing fails
# in its reader (no table, no folder, no server), never skipped.
@pytest.mark.parametrize(("table", "engine"), PAIRS)
def test_engine_gives_the_same_rows_as_duckdb(table, engine):
    assert engine in READERS, f"no reader for engine {engine!r}: known {sorted(READERS)}"
    base_frame = read_duckdb(table)
    base = normalise(base_frame)
    assert base, f"{table} is empty on DuckDB: nothing would be compared"
    frame = READERS[engine](table)
    assert sorted(c.lower() for c in frame.columns) == sorted(
        c.lower() for c in base_frame.columns
    ), f"{table}: columns differ on {engine}"
    other = normalise(frame)
    assert len(other) == len(base), f"{table}: {len(other)} rows on {engine}, {len(base)} on duckdb"
    diff = [(a, b) for a, b in zip(base, other, strict=True) if a != b]
    assert not diff, f"{table}: {len(diff)} rows differ on {engine}, first: {diff[0]}"
