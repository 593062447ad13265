"""Incremental builds delivery by delivery give the same warehouse as one full refresh.

Issue 14 item 3. A small monthly data set (scale 0.02, deliveries 2010-05..2010-08) is
landed and built one delivery at a time into one warehouse, the way a month is processed
in production (land the new delivery, ``dbt build``: the incremental base models type only
the new landed rows; without tests but for the last month, which runs every data and unit
test on the incrementally built warehouse). On the way the 2010-06-30 delivery is re-delivered
with changed incremental files (one document's title changed, one inquiry withdrawn;
``redeliver.py``). The warehouse is then copied, and the original rebuilt with ``dbt run
--full-refresh`` (the snapshots are the same for both: only models are compared). Every
marts table (``fct_``/``dim_``) and every incremental model must be equal row for row.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pytests.incremental.redeliver import redeliver

REPO = Path(__file__).resolve().parents[2]
SCALE = os.environ.get("INCREMENTAL_TEST_SCALE", "0.02")
SEED = "11"
# Four month-end deliveries: 2010-05-31 (the first incremental file holds everything
# registered before it), 2010-06-30, 2010-07-31 and 2010-08-31.
MONTHS = "2010-05,2010-06,2010-07"
LAST_MONTH = "2010-08"
REDELIVERED = "2010-06-30"
# The incremental models (dbt_project.yml, issue 14): staging schema, tables on DuckDB.
INCREMENTAL = (
    "base_esdh__documents",
    "base_henvendelser__inquiries",
    "base_sagssystem_a__cases",
    "base_sagssystem_b__cases",
    "base_klageregister__complaints",
    "base_aktindsigt__access_requests",
)
# A mart that is a view shows a table of its own: that table is compared instead (the
# copied warehouse cannot read its views under another catalog name; warehouse_catalog).
MART_VIEWS = {"fct_case_history": "int_case_versions_classified"}
# The landed folder each reads (sagskvalitet.contract file keys).
LANDED_FOLDER = {
    "base_esdh__documents": "esdh__dokumenter",
    "base_henvendelser__inquiries": "henvendelser__henvendelser",
    "base_sagssystem_a__cases": "sagssystem_a__sager",
    "base_sagssystem_b__cases": "sagssystem_b__cases",
    "base_klageregister__complaints": "klageregister__klager",
    "base_aktindsigt__access_requests": "aktindsigt__anmodninger",
}
# What only the incremental path's filter writes (macro landed_rows_not_built).
INCREMENTAL_FILTER = "landing_id is null"
# ... and the event log's, incremental by case (fct_case_event_log).
EVENT_LOG_FILTER = "inner join cases_to_rebuild"
OUTER = ("RAW_DIR", "TRUTH_DIR", "LANDING_DIR", "PUBLISH_DIR", "SAGSKVALITET_DUCKDB", "LEDGER_DIR")

pytestmark = pytest.mark.e2e


class Steps:
    """The commands of one monthly run, in a folder of their own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.generated, self.raw, self.landing = root / "generated", root / "raw", root / "landing"
        self.duckdb = root / "warehouse.duckdb"
        env = {k: v for k, v in os.environ.items() if k not in OUTER}
        env.update(
            RAW_DIR=str(self.raw),
            LANDING_DIR=str(self.landing),
            SAGSKVALITET_DUCKDB=str(self.duckdb),
            LEDGER_DIR=str(root / "ledger"),
            SAGSKVALITET_CPR_KEY="incremental-test-key",
            DBT_PROFILES_DIR=str(REPO),
        )
        self.env = env

    def run(self, *cmd: str) -> str:
        proc = subprocess.run(cmd, cwd=REPO, env=self.env, capture_output=True, text=True)
        assert proc.returncode == 0, (
            f"{' '.join(cmd)}:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
        )
        return proc.stdout

    def sk(self, *args: str) -> str:
        return self.run(sys.executable, "-m", "sagskvalitet", *args)

    def dbt(self, *args: str) -> str:
        dbt = str(Path(sys.executable).with_name("dbt"))
        paths = ("--target-path", str(self.root / "target"), "--log-path", str(self.root / "logs"))
        return self.run(dbt, *args, *paths)

    def land(self) -> None:
        self.sk("land", "--raw-dir", str(self.raw), "--landing-dir", str(self.landing))

    def build_month(self, tests: bool = False) -> None:
        if tests:
            self.dbt("build")
        else:
            self.dbt("build", "--exclude", "resource_type:test", "resource_type:unit_test")

    def deliver(self, name: str, tests: bool = False) -> None:
        shutil.copytree(self.generated / name, self.raw / name)
        self.land()
        self.build_month(tests)

    def compiled(self, model: str) -> str:
        # the model's own compiled file (a unit test's is in a folder named after its yml)
        compiled = (self.root / "target" / "compiled").rglob(f"{model}.sql")
        found = [p for p in compiled if p.parent.name == "base"]
        assert len(found) == 1, found
        return found[0].read_text(encoding="utf-8")


def _checkpoint(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("checkpoint")


@pytest.fixture(scope="module")
def replayed(tmp_path_factory) -> tuple[Steps, Path]:
    """(steps, incremental warehouse copy); the steps' warehouse is the full refresh."""
    s = Steps(tmp_path_factory.mktemp("incremental"))
    s.sk(
        "generate", "--scale", SCALE, "--seed", SEED, "--deliveries", MONTHS,
        "--last-month", LAST_MONTH, "--out", str(s.generated), "--no-truth",
    )  # fmt: skip
    deliveries = sorted(p.name for p in s.generated.iterdir() if p.is_dir())
    assert deliveries == ["2010-05-31", "2010-06-30", "2010-07-31", "2010-08-31"], deliveries
    s.raw.mkdir()
    s.dbt("seed")
    for name in deliveries[:3]:
        s.deliver(name)
    redeliver(s.raw / REDELIVERED)
    s.land()
    s.build_month()
    # The last month as production runs it: dbt build with every data and unit test.
    s.deliver(deliveries[3], tests=True)
    for model in INCREMENTAL:  # the last run took the incremental path, for the new file only
        sql = s.compiled(model)
        assert INCREMENTAL_FILTER in sql, f"{model}: last run was not incremental"
        new = re.findall(r"landing_id in \(([^)]*)\)", sql)
        landed = pq.read_table(
            s.landing / LANDED_FOLDER[model] / f"{deliveries[3]}.parquet", columns=["landing_id"]
        )
        assert new == [f"'{landed.column('landing_id')[0]}'"], (model, new)
    # the event log took its incremental path too: only the changed cases' events rebuilt
    event_log = next((s.root / "target" / "compiled").rglob("fct_case_event_log.sql"))
    assert EVENT_LOG_FILTER in event_log.read_text(encoding="utf-8"), "event log ran whole"
    _checkpoint(s.duckdb)
    incremental = s.root / "incremental.duckdb"
    shutil.copy2(s.duckdb, incremental)
    s.dbt("run", "--full-refresh")
    for model in INCREMENTAL:
        sql = s.compiled(model)
        assert INCREMENTAL_FILTER not in sql, f"{model}: --full-refresh ran incrementally"
    event_log = next((s.root / "target" / "compiled").rglob("fct_case_event_log.sql"))
    assert EVENT_LOG_FILTER not in event_log.read_text(encoding="utf-8"), "event log: not whole"
    _checkpoint(s.duckdb)
    return s, incremental


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = ? and table_type = 'BASE TABLE' and "
        "((table_schema = 'marts' and regexp_matches(table_name, '^(fct|dim)_')) "
        f"or table_name in {(*INCREMENTAL, *MART_VIEWS.values())!r})",
        [catalog],
    ).fetchall()
    return sorted(rows)


def _mart_views(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? "
        "and table_schema = 'marts' and table_type = 'VIEW'",
        [catalog],
    ).fetchall()
    return {name for (name,) in rows}


def test_incremental_equals_full_refresh(replayed) -> None:
    s, incremental = replayed
    con = duckdb.connect()
    con.execute(f"attach '{s.duckdb}' as full_build (read_only)")
    con.execute(f"attach '{incremental}' as inc_build (read_only)")
    full_tables, inc_tables = _tables(con, "full_build"), _tables(con, "inc_build")
    assert full_tables == inc_tables
    names = {t for _, t in full_tables}
    assert set(INCREMENTAL) <= names and {"fct_target_results", "dim_cases"} <= names
    # every mart that is a view is compared through the table it shows
    assert _mart_views(con, "full_build") == _mart_views(con, "inc_build") == set(MART_VIEWS)
    assert set(MART_VIEWS.values()) <= names
    differences = []
    for schema, table in full_tables:
        a, b = f"full_build.{schema}.{table}", f"inc_build.{schema}.{table}"
        only_full, only_inc = (
            con.execute(f"select count(*) from (from {x} except all from {y})").fetchone()[0]
            for x, y in ((a, b), (b, a))
        )
        if only_full or only_inc:
            differences.append(
                f"{schema}.{table}: {only_full} rows only in the full refresh, "
                f"{only_inc} only in the incremental build"
            )
    assert not differences, "\n".join(differences)


def test_redelivery_reached_the_incremental_tables(replayed) -> None:
    """The re-delivered month's rows are the re-delivered ones (not the first landing's)."""
    s, incremental = replayed
    with duckdb.connect(str(incremental), read_only=True) as con:
        landed = con.execute(
            "select count(*) from read_parquet(?) ",
            [str(s.landing / "henvendelser__henvendelser" / f"{REDELIVERED}.parquet")],
        ).fetchone()[0]
        held = con.execute(
            "select count(*) from staging.base_henvendelser__inquiries where delivery_date = ?",
            [REDELIVERED],
        ).fetchone()[0]
    assert held == landed > 0
