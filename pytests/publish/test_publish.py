"""The publish command against a small hand-built warehouse, manifest and build record."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sagskvalitet.cli import main
from sagskvalitet.publish import publish
from sagskvalitet.publishing.record import sha256_file, write_record
from sagskvalitet.publishing.release import releases_dir


def _model(name: str, audience: str, columns: list[str], spreadsheet: bool = False) -> dict:
    return {
        "resource_type": "model",
        "name": name,
        "schema": "marts",
        "description": f"Beskrivelse af {name}.",
        "config": {"meta": {"owner": "Data og Analyse", "audience": audience,
                            "spreadsheet": spreadsheet}},
        "columns": {c: {"name": c, "description": f"column {c}"} for c in columns},
    }  # fmt: skip


@pytest.fixture()
def built(tmp_path):
    """A warehouse with one committee and two internal marts, its manifest and record."""
    root = tmp_path / "wh"
    root.mkdir()
    path = root / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create schema staging")
    con.execute(
        "create table marts.fct_published_quarterly_results as "
        "select target_id, period, unit_id, sum(n)::hugeint as numerator, "
        "sum(d)::decimal(38, 0) as denominator, 95.3::decimal(6, 1) as percent, "
        "false as is_suppressed from (values ('deadline_or_notice', '2010Q1', 'ALL', 19, 20), "
        "('deadline_or_notice', '2010Q1', 'U-101', 3, 4)) as t(target_id, period, unit_id, n, d) "
        "group by all"
    )
    con.execute(
        "create table marts.fct_unlinked_documents as select '1' as document_id, "
        "'Pabc' as citizen_key, 'Notat om borger' as title, date '2010-06-30' as document_date"
    )
    # a mart that is a view, as dbt-duckdb writes one: its table named with the warehouse's
    # catalog (the file's stem), which publish must attach the file under
    con.execute("create table staging.stg_cases as select 'A0000001' as case_id")
    con.execute(
        'create view marts.dim_cases as select case_id from "warehouse"."staging"."stg_cases"'
    )
    con.execute("create view marts.v_extra as select 1 as x")
    con.execute("create table staging.stg_secret as select 1 as x")
    con.close()
    manifest = tmp_path / "manifest.json"
    nodes = {
        "model.s.a": _model(
            "fct_published_quarterly_results",
            "committee",
            ["target_id", "period", "unit_id", "numerator", "denominator", "percent",
             "is_suppressed"],
            spreadsheet=True,
        ),
        "model.s.b": _model("fct_unlinked_documents", "internal",
                            ["document_id", "citizen_key", "title", "document_date"]),
        "model.s.c": _model("dim_cases", "internal", ["case_id"]),
    }  # fmt: skip
    manifest.write_text(json.dumps({"nodes": nodes}), encoding="utf-8")
    record = {
        "status": "complete",
        "build_id": "2010-06-30_abc",
        "as_of_date": "2010-06-30",
        "latest_delivery": "2010-06-30",
        "warehouse_sha256": sha256_file(path),
    }
    write_record(path, record)
    return path, manifest, record


def test_release_layout_audiences_types_and_index(built, tmp_path):
    warehouse, manifest, _ = built
    out = tmp_path / "pub" / "publish"
    release, record = publish(warehouse, out, manifest)

    assert out.is_symlink() and not os.path.isabs(os.readlink(out))
    assert out.resolve() == release.resolve()
    assert release.parent == releases_dir(out)
    assert sorted(p.name for p in (out / "committee").iterdir()) == [
        "fct_published_quarterly_results.parquet"
    ]
    assert sorted(p.name for p in (out / "internal").iterdir()) == [
        "dim_cases.parquet",
        "fct_unlinked_documents.parquet",
    ]
    # integers stay integers: HUGEINT and DECIMAL(38,0) become BIGINT / int64
    schema = pq.read_schema(out / "committee" / "fct_published_quarterly_results.parquet")
    assert schema.field("numerator").type == pa.int64()
    assert schema.field("denominator").type == pa.int64()
    con = duckdb.connect(str(out / "sagskvalitet.duckdb"), read_only=True)
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_name = 'fct_published_quarterly_results'"
        ).fetchall()
    )
    kinds = set(con.execute("select distinct table_type from information_schema.tables").fetchall())
    cols = [r[0] for r in con.execute("describe internal.fct_unlinked_documents").fetchall()]
    from_view = con.execute("select case_id from internal.dim_cases").fetchall()
    build_id = con.execute("select build_id from committee.release_info").fetchone()[0]
    con.close()
    assert types["numerator"] == "BIGINT" and types["denominator"] == "BIGINT"
    assert kinds == {("BASE TABLE",)}  # tables only: no view, so no path of this machine
    assert cols == ["document_id", "document_date"]  # no citizen_key, no title
    assert from_view == [("A0000001",)]  # the view's rows, published as a table
    assert build_id == record["build_id"]

    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["build_id"] == "2010-06-30_abc"
    table = next(t for t in index["tables"] if t["table"] == "fct_published_quarterly_results")
    assert table["audience"] == "committee" and table["rows"] == 2
    assert table["description"] == "Beskrivelse af fct_published_quarterly_results."
    assert {c["name"]: c["description"] for c in table["columns"]}[
        "numerator"
    ] == "column numerator"
    assert table["xlsx"] == "spreadsheets/fct_published_quarterly_results.xlsx"
    files = {f["path"]: f for f in index["files"]}
    assert "sagskvalitet.duckdb" in files and "build_record.json" in files
    for rel, entry in files.items():
        assert entry["sha256"] == sha256_file(out / rel)
    assert not any(t["table"] == "v_extra" for t in index["tables"])
    # no absolute path of the build machine in any published file
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert str(tmp_path).encode() not in data, path


def test_xlsx_only_for_committee_tables_with_numbers_as_numbers(built, tmp_path):
    warehouse, manifest, _ = built
    out = tmp_path / "publish"
    publish(warehouse, out, manifest)
    sheets = sorted(p.name for p in (out / "spreadsheets").iterdir())
    assert sheets == ["fct_published_quarterly_results.xlsx"]
    with zipfile.ZipFile(out / "spreadsheets" / sheets[0]) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    # numeric cells carry no t="s" (string) type: 19 and 20 are numbers, 95.3 too
    assert "<v>19</v>" in xml and "<v>20</v>" in xml and "<v>95.3</v>" in xml


def test_refuses_without_a_complete_matching_build_record(built, tmp_path, capsys):
    warehouse, manifest, record = built
    out = tmp_path / "publish"
    args = ["publish", "--duckdb", str(warehouse), "--out", str(out), "--manifest", str(manifest)]

    (warehouse.parent / "build_record.json").unlink()
    assert main(args) == 2
    assert "no build record" in capsys.readouterr().out

    write_record(warehouse, {**record, "status": "failed", "message": "dbt build failed"})
    assert main(args) == 2
    assert "did not complete" in capsys.readouterr().out

    write_record(warehouse, {**record, "warehouse_sha256": "0" * 64})
    assert main(args) == 2
    assert "sha256 differs" in capsys.readouterr().out
    assert not out.exists()

    write_record(warehouse, record)
    assert main(args) == 0
    assert "published build 2010-06-30_abc" in capsys.readouterr().out


def test_newest_two_releases_kept_and_open_reader_unharmed(built, tmp_path):
    warehouse, manifest, record = built
    out = tmp_path / "publish"
    publish(warehouse, out, manifest)
    reader = duckdb.connect(str(out / "sagskvalitet.duckdb"), read_only=True)
    for n in (2, 3):
        write_record(warehouse, {**record, "build_id": f"2010-06-30_build{n}"})
        publish(warehouse, out, manifest)
    names = sorted(p.name for p in releases_dir(out).iterdir())
    assert names == ["2010-06-30_build2", "2010-06-30_build3"]
    assert out.resolve().name == "2010-06-30_build3"
    # the first release is deleted; the open handle still reads its inode
    assert reader.execute("select build_id from committee.release_info").fetchone()[0] == (
        "2010-06-30_abc"
    )
    reader.close()
    again = duckdb.connect(str(out / "sagskvalitet.duckdb"), read_only=True)
    assert again.execute("select build_id from committee.release_info").fetchone()[0] == (
        "2010-06-30_build3"
    )
    again.close()


def test_missing_warehouse_fails(tmp_path, capsys):
    code = main(["publish", "--duckdb", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)])
    assert code == 1
    assert "warehouse not found" in capsys.readouterr().out


def test_republishing_the_same_build_keeps_its_release(built, tmp_path):
    warehouse, manifest, _ = built
    out = tmp_path / "publish"
    first, _ = publish(warehouse, out, manifest)
    stamp = (first / "index.json").stat().st_mtime_ns
    second, _ = publish(warehouse, out, manifest)
    assert first == second and (second / "index.json").stat().st_mtime_ns == stamp
    assert Path(out).resolve() == first.resolve()


def test_warehouse_catalog_is_the_file_stem_and_never_a_reserved_name():
    from sagskvalitet.warehouse_catalog import catalog_name

    assert catalog_name(Path("warehouse/sagskvalitet.duckdb")) == "sagskvalitet"
    for reserved in ("memory", "system", "temp", "main"):
        with pytest.raises(ValueError, match="cannot be a DuckDB catalog"):
            catalog_name(Path(f"/x/{reserved}.duckdb"))
