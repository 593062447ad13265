"""The reporting ledger's rules, on a hand-made warehouse file (no dbt, fast)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest

from sagskvalitet import ledger


def _warehouse(path: Path, as_of: str, numerator: int) -> Path:
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        f"create table marts.dim_as_of as select date '{as_of}' as as_of_date, "
        f"date '{as_of}' as latest_delivery_date"
    )
    con.execute(
        "create table marts.fct_target_results as select * from (values "
        f"('t1', 'quarter', '2010Q2', 'ALL', null, 'share', 10, {numerator}::hugeint, 10, "
        f"{numerator} / 10, {numerator} * 10.0, 0.95, {numerator} >= 9.5),"
        "('t1', 'half_year', '2010H1', 'ALL', null, 'share', 20, 18::hugeint, 20, 0.9, 90.0, 0.95,"
        " false),"
        "('t1', 'quarter', '2010Q1', 'ALL', null, 'share', 10, 8::hugeint, 10, 0.8, 80.0, 0.95,"
        " false)"
        ") as t(target_id, period_grain, period, unit_id, area, measure_kind, member_count, "
        "numerator, denominator, ratio, percent, threshold, is_met)"
    )
    con.execute(
        "create table marts.fct_target_members as select * from (values "
        "('t1', 'quarter', '2010Q2', 'U-101', null, 'case', 'c1', true, 1, date '2010-05-01'),"
        "('t1', 'half_year', '2010H1', 'U-101', null, 'case', 'c1', true, 1, date '2010-05-01'),"
        "('t1', 'quarter', '2010Q1', 'U-101', null, 'case', 'c0', false, 0, date '2010-02-01')"
        ") as t(target_id, period_grain, period, unit_id, area, member_kind, member_id, "
        "is_compliant, member_value, period_date)"
    )
    con.close()
    return path


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*.parquet"))
    }


def test_period_scope() -> None:
    assert ledger.period_scope("2010Q2") == (
        [("quarter", "2010Q2"), ("half_year", "2010H1")],
        date(2010, 6, 30),
    )
    assert ledger.period_scope("2010Q3") == ([("quarter", "2010Q3")], date(2010, 9, 30))
    assert ledger.period_scope("2010Q4")[1] == date(2010, 12, 31)
    assert ledger.period_scope("2010") == ([("year", "2010")], date(2010, 12, 31))
    with pytest.raises(ledger.LedgerError):
        ledger.period_scope("2010H1x")


def test_freeze_versions_and_never_overwrites(tmp_path: Path) -> None:
    db = tmp_path / "sagskvalitet.duckdb"
    book = tmp_path / "ledger"

    first = ledger.freeze(_warehouse(db, "2010-07-31", 9), book, "2010Q2")
    assert first.written and first.version == 1 and first.freeze_id == "2010Q2@2010-07-31#v1"
    assert first.figures == 2 and first.members == 2  # the quarter and its half-year
    before = _digest(book)
    assert len(before) == 2

    again = ledger.freeze(db, book, "2010Q2")  # same as-of, same figures: nothing new
    assert not again.written and again.version == 1
    assert _digest(book) == before

    second = ledger.freeze(_warehouse(db, "2010-10-31", 10), book, "2010Q2")
    assert second.written and second.version == 2
    after = _digest(book)
    assert {k: after[k] for k in before} == before  # version 1 untouched
    assert len(after) == 4

    frozen = duckdb.sql(
        "select version, as_of_date, numerator "
        f"from read_parquet('{book}/target_results/*.parquet')"
        " where period = '2010Q2' order by version"
    ).fetchall()
    assert frozen == [(1, date(2010, 7, 31), 9), (2, date(2010, 10, 31), 10)]

    with pytest.raises(ledger.LedgerError, match="never older"):
        ledger.freeze(_warehouse(db, "2010-08-31", 9), book, "2010Q2")
    with pytest.raises(ledger.LedgerError, match="after the warehouse's as-of"):
        ledger.freeze(db, book, "2010Q3")
    assert _digest(book) == after


def test_existing_file_is_never_replaced(tmp_path: Path) -> None:
    db = _warehouse(tmp_path / "sagskvalitet.duckdb", "2010-07-31", 9)
    book = tmp_path / "ledger"
    # A stray members file of v1 (a freeze cut short): the next freeze is v2, v1 stays.
    (book / "target_members").mkdir(parents=True)
    stray = book / "target_members" / "2010Q1__asof-2010-07-31__v001.parquet"
    stray.write_bytes(b"not parquet")
    result = ledger.freeze(db, book, "2010Q1")
    assert result.version == 2
    assert stray.read_bytes() == b"not parquet"
    # The writer itself refuses an existing file and leaves no temporary file behind.
    con = duckdb.connect()
    with pytest.raises(ledger.LedgerError, match="append-only"):
        ledger._write_exclusive(con, "select 1 as x", stray)
    assert stray.read_bytes() == b"not parquet"
    assert sorted(p.name for p in stray.parent.iterdir()) == [
        "2010Q1__asof-2010-07-31__v001.parquet",
        "2010Q1__asof-2010-07-31__v002.parquet",
    ]


def test_freeze_cli_refuses_with_one_line(tmp_path: Path, capsys) -> None:
    from sagskvalitet.cli import main

    code = main(
        [
            "freeze",
            "--period",
            "2010Q2",
            "--duckdb",
            str(tmp_path / "missing.duckdb"),
            "--ledger-dir",
            str(tmp_path / "ledger"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("freeze: warehouse") and "\n" not in err
