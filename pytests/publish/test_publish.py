"""The publish command against a small hand-built warehouse."""

from __future__ import annotations

import csv
import json
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest

from sagskvalitet.cli import main
from sagskvalitet.publish import publish


@pytest.fixture()
def warehouse(tmp_path):
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create schema staging")
    con.execute(
        "create table marts.fct_quarterly_target_results as "
        "select * from (values ('deadline_or_notice', '2010Q1', 'ALL', 19, 20), "
        "('deadline_or_notice', '2010Q1', 'U-101', 3, 4)) "
        "as t(target_id, period, unit_id, numerator, denominator)"
    )
    con.execute(
        "create table marts.dim_cases as select 'A0000001' as case_id, "
        "'Titel, med komma og \"citat\" og ø' as note, date '2010-06-30' as as_of_date"
    )
    con.execute("create view marts.v_units as select 'U-101' as unit_id")
    con.execute("create table staging.stg_secret as select 1 as x")
    con.close()
    return path


def test_publish_writes_every_mart_and_index(warehouse, tmp_path):
    out = tmp_path / "publish"
    index = publish(warehouse, out)

    names = [m["model"] for m in index["models"]]
    assert names == ["dim_cases", "fct_quarterly_target_results", "v_units"]
    assert index["as_of"] == "2010-06-30"
    on_disk = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert on_disk == index

    fct = next(m for m in index["models"] if m["model"] == "fct_quarterly_target_results")
    assert fct["rows"] == 2
    assert [c["name"] for c in fct["columns"]] == [
        "target_id",
        "period",
        "unit_id",
        "numerator",
        "denominator",
    ]
    table = pq.read_table(out / "fct_quarterly_target_results.parquet")
    assert table.num_rows == 2
    assert sorted(table.column("unit_id").to_pylist()) == ["ALL", "U-101"]
    assert not (out / "stg_secret.parquet").exists()
    assert not list(out.glob("*.tmp"))


def test_csv_is_utf8_comma_with_header(warehouse, tmp_path):
    out = tmp_path / "publish"
    publish(warehouse, out)
    with (out / "dim_cases.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=","))
    assert rows[0] == ["case_id", "note", "as_of_date"]
    assert rows[1] == ["A0000001", 'Titel, med komma og "citat" og ø', "2010-06-30"]


def test_explicit_as_of_and_stale_files_removed(warehouse, tmp_path):
    out = tmp_path / "publish"
    publish(warehouse, out)
    con = duckdb.connect(str(warehouse))
    con.execute("drop view marts.v_units")
    con.close()
    index = publish(warehouse, out, as_of=date(2010, 5, 31).isoformat())
    assert index["as_of"] == "2010-05-31"
    assert not (out / "v_units.parquet").exists()
    assert not (out / "v_units.csv").exists()
    assert (out / "dim_cases.parquet").exists()


def test_cli_publish(warehouse, tmp_path, capsys):
    out = tmp_path / "cli"
    code = main(["publish", "--duckdb", str(warehouse), "--out", str(out)])
    assert code == 0
    assert (out / "index.json").exists()
    assert "published 3 models" in capsys.readouterr().out


def test_cli_missing_warehouse_fails(tmp_path, capsys):
    code = main(["publish", "--duckdb", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)])
    assert code == 1
    assert "warehouse not found" in capsys.readouterr().out
