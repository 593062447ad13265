"""The marts equal what the generator knows to be true, exactly."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pytests.e2e.conftest import Build
from sagskvalitet.verify import verify

pytestmark = pytest.mark.e2e

# CPR as the contract writes it: ddmmyy-nnnn, ddmmyynnnn, ddmmyy nnnn, standing alone
# (not inside a longer token such as a UUID group or a hash).
CPR_RE = re.compile(rb"(?<![0-9A-Za-z-])[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}(?![0-9A-Za-z-])")
CPR_SQL = r"(^|[^0-9A-Za-z-])[0-3][0-9][01][0-9][0-9]{2}[- ]?[0-9]{4}([^0-9A-Za-z-]|$)"


def _failures(report) -> str:
    return "\n".join(report.failure_lines()) if hasattr(report, "failure_lines") else str(report)


def test_every_figure_equals_the_truth(clean_build):
    report = verify(clean_build.truth, clean_build.duckdb)
    assert report.ok, _failures(report)
    assert report.results_compared > 100
    assert report.members_compared > 1000


def test_links_equal_the_truth(clean_build):
    report = verify(clean_build.truth, clean_build.duckdb)
    assert report.case_links_compared > 0
    assert report.document_links_compared > 0
    assert report.ok, _failures(report)


def test_an_earlier_as_of_equals_the_truth_of_that_day(as_of_build):
    # Built with as_of_date = an earlier delivery, the warehouse reads only the deliveries
    # on or before it and must equal what the generator knew on that day.
    report = verify(as_of_build.truth, as_of_build.duckdb)
    assert report.ok, _failures(report)
    assert report.members_compared > 1000
    con = duckdb.connect(str(as_of_build.duckdb), read_only=True)
    latest = con.execute("select max(period_date) from marts.fct_target_members").fetchone()[0]
    assert str(latest) <= as_of_build.truth.name.removeprefix("as_of_")


def test_strings_are_stored_without_fsst(clean_build):
    # profiles.yml turns DuckDB's FSST string compression off (issue 14: it was the costliest
    # part of writing the case tables and the event log). Dictionary compression stays.
    con = duckdb.connect(str(clean_build.duckdb), read_only=True)
    kinds = dict(
        con.execute(
            """
            select compression, count(*)
            from pragma_storage_info('marts.fct_case_event_log')
            where segment_type = 'VARCHAR'
            group by compression
            """
        ).fetchall()
    )
    assert "FSST" not in kinds, kinds
    assert kinds.get("Uncompressed", 0) > 0 and kinds.get("Dictionary", 0) > 0, kinds


def _string_columns(con):
    return con.execute(
        """
        select table_schema, table_name, column_name
        from information_schema.columns
        where data_type = 'VARCHAR'
          and table_schema not in ('information_schema', 'pg_catalog')
        """
    ).fetchall()


def _leaks(data: bytes, cprs: set[bytes]) -> list[bytes]:
    """CPR-shaped runs that are one of the real CPR numbers of the raw exports.

    The shape alone also matches unrelated numbers (a Unix timestamp in an HTML page,
    a UUID group), so a hit counts when it is a CPR the generator really wrote.
    """
    hits = (re.sub(rb"[- ]", b"", m.group()) for m in CPR_RE.finditer(data))
    return [h for h in hits if h in cprs]


def test_no_cpr_after_landing(clean_build):
    # Positive control: the raw exports do hold CPR numbers, and the pattern finds them.
    cprs: set[bytes] = set()
    for p in clean_build.raw.rglob("*"):
        if p.is_file() and p.suffix in {".csv", ".jsonl"}:
            cprs.update(re.sub(rb"[- ]", b"", m.group()) for m in CPR_RE.finditer(p.read_bytes()))
    assert len(cprs) > 100

    # grep: every file of the landing area (Parquet, Data Docs, GE results) and the
    # warehouse file, as bytes.
    for path in [*clean_build.landing.rglob("*"), clean_build.duckdb]:
        if path.is_file():
            leaks = _leaks(path.read_bytes(), cprs)
            assert not leaks, f"{path} holds CPR numbers, e.g. {leaks[:3]}"

    # Compressed pages could hide a CPR from grep: read every text column back too.
    checks = duckdb.connect()
    for parquet in clean_build.landing.rglob("*.parquet"):
        cols = checks.execute(f"describe select * from read_parquet('{parquet}')").fetchall()
        for name, dtype, *_ in cols:
            if dtype == "VARCHAR":
                values = checks.execute(
                    f"select distinct \"{name}\" from read_parquet('{parquet}') "
                    f"where regexp_matches(\"{name}\", '{CPR_SQL}')"
                ).fetchall()
                leaks = [v for (v,) in values if _leaks(v.encode(), cprs)]
                assert not leaks, f"{parquet}:{name} holds CPR numbers, e.g. {leaks[:3]}"
    con = duckdb.connect(str(clean_build.duckdb), read_only=True)
    for schema, table, column in _string_columns(con):
        values = con.execute(
            f'select distinct "{column}" from "{schema}"."{table}" '
            f"where regexp_matches(\"{column}\", '{CPR_SQL}')"
        ).fetchall()
        leaks = [v for (v,) in values if _leaks(v.encode(), cprs)]
        assert not leaks, f"{schema}.{table}.{column} holds CPR numbers, e.g. {leaks[:3]}"


def _expected_rejects(truth: Path) -> list[dict]:
    """The injected bad rows and the odd rows a ruling rejects (expected_rejects.csv)."""
    with (truth / "expected_rejects.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _rejected(build) -> dict[tuple, tuple[str, str]]:
    con = duckdb.connect(str(build.duckdb), read_only=True)
    return {
        (str(d), f, int(r)): (code, col or "")
        for d, f, r, code, col in con.execute(
            "select delivery_date, source_file, row_number, reject_code, reject_column "
            "from marts.fct_rejected_rows"
        ).fetchall()
    }


def _compare_rejects(expected: list[dict], rejected: dict[tuple, tuple[str, str]]) -> None:
    missing, wrong = [], []
    for row in expected:
        key = (row["delivery_date"], row["source_file"], int(row["row_number"]))
        if key not in rejected:
            missing.append((*key, row["reason_code"], row["record_id"]))
            continue
        code, column = rejected[key]
        if code != row["reason_code"] or (row["column"] and column != row["column"]):
            wrong.append((key, row["reason_code"], row["column"], code, column))
    extra = sorted(
        set(rejected)
        - {(r["delivery_date"], r["source_file"], int(r["row_number"])) for r in expected}
    )
    assert not missing, f"{len(missing)} expected rejects not rejected, e.g. {missing[:5]}"
    assert not wrong, f"{len(wrong)} rejected for another reason, e.g. {wrong[:5]}"
    # Nothing else is rejected: good rows, and odd rows a ruling keeps, stay.
    assert not extra, f"{len(extra)} rows rejected that the rulings keep, e.g. {extra[:5]}"


def test_bad_rows_are_rejected_with_their_reason(bad_rows_build):
    expected = _expected_rejects(bad_rows_build.truth)
    kinds = {row["reason_code"] for row in expected if row["origin"] == "bad_row"}
    assert {"invalid_date", "unknown_code", "missing_id", "field_count", "invalid_json"} <= kinds
    _compare_rejects(expected, _rejected(bad_rows_build))


def test_odd_rows_end_where_the_rulings_say(clean_build):
    # The default data's odd values: rejected exactly where a ruling rejects (two-digit
    # year, far future, stray quote, unreadable newest version), kept everywhere else
    # (no CPR, unit U-999, odd BorgerMedvirken or Registreret, NBSP titles).
    expected = _expected_rejects(clean_build.truth)
    reasons = {row["reason_code"] for row in expected}
    assert {"invalid_date", "date_beyond_horizon", "stray_quote"} <= reasons
    assert all(row["origin"] == "odd_value" for row in expected)
    _compare_rejects(expected, _rejected(clean_build))


def test_no_published_cell_can_be_undone_by_differencing(clean_build):
    from sagskvalitet.generator.publication import recoverable_cells

    con = duckdb.connect(str(clean_build.duckdb), read_only=True)
    names = ("target_id", "period_grain", "period", "unit_id", "numerator", "denominator")
    rows = [
        dict(zip(names, r, strict=True)) | {"area": None}
        for r in con.execute(
            "select target_id, period_grain, period, unit_id, numerator, denominator "
            "from marts.fct_target_results where period_grain in ('quarter', 'half_year')"
        ).fetchall()
    ]
    hidden = {
        (t, g, p, u, None)
        for t, g, p, u in con.execute(
            "select target_id, period_grain, period, unit_id "
            "from marts.fct_published_target_results where is_suppressed"
        ).fetchall()
    }
    assert hidden, "the small units of the default data need suppression"
    for value in ("numerator", "denominator"):
        found = recoverable_cells(rows, hidden, value)
        assert not found, f"{len(found)} suppressed {value}s recoverable, e.g. {found[:5]}"


def test_reconciliation_holds_with_bad_rows(bad_rows_build):
    con = duckdb.connect(str(bad_rows_build.duckdb), read_only=True)
    rows = con.execute(
        "select source_file, manifest_rows, staged_rows, rejected_rows, superseded_rows, "
        "is_reconciled from marts.fct_file_reconciliation"
    ).fetchall()
    assert rows
    for source_file, manifest, staged, rejected, superseded, ok in rows:
        assert manifest == staged + rejected + superseded, source_file
        assert ok, source_file
    assert sum(r[3] for r in rows) > 0


def test_bad_rows_do_not_change_the_figures(bad_rows_build):
    report = verify(bad_rows_build.truth, bad_rows_build.duckdb)
    assert report.ok, _failures(report)


def test_make_test_runs_every_unit_test(clean_build):
    """The production build (python -m sagskvalitet build) leaves dbt's unit tests out;
    make test must run every one of them, here in the end-to-end build."""
    manifest = json.loads((clean_build.root / "target" / "manifest.json").read_text())
    results = json.loads((clean_build.root / "target" / "run_results.json").read_text())
    declared = {k for k in manifest["unit_tests"]}
    ran = {r["unique_id"]: r["status"] for r in results["results"] if r["unique_id"] in declared}
    assert len(declared) >= 50, f"only {len(declared)} unit tests declared"
    assert set(ran) == declared, f"unit tests not run: {sorted(declared - set(ran))[:5]}"
    assert set(ran.values()) == {"pass"}, {k: v for k, v in ran.items() if v != "pass"}


def test_not_null_columns_fails_and_names_each_column_with_nulls(clean_build, tmp_path):
    """A model's non-key not-null columns are one test (macros/tests/not_null_columns.sql,
    issue 14): a null in any of them fails it, and its failing rows name the column and
    its null rows, as dbt's not_null on each column would. On a copy of the clean build."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(clean_build.duckdb, copy)
    con = duckdb.connect(str(copy))
    con.execute(
        "update intermediate.int_calendar_days set working_day_seq = null"
        " where date_day < (select min(date_day) + 7 from intermediate.int_calendar_days)"
    )
    (nulled,) = con.execute(
        "select count(*) from intermediate.int_calendar_days where working_day_seq is null"
    ).fetchone()
    con.close()
    assert nulled == 7
    b = Build(
        root=tmp_path,
        raw=clean_build.raw,
        truth=clean_build.truth,
        landing=clean_build.landing,
        duckdb=copy,
        env={**clean_build.env, "SAGSKVALITET_DUCKDB": str(copy)},
    )
    test = "not_null_columns_int_calendar_days"
    proc = b.dbt("test", "--select", test, "--store-failures", check=False)
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert f"Failure in test {test}" in proc.stdout and "Got 1 result" in proc.stdout
    con = duckdb.connect(str(copy), read_only=True)
    (schema,) = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [test]
    ).fetchone()
    rows = con.execute(f'select column_name, null_rows from "{schema}"."{test}"').fetchall()
    assert rows == [("working_day_seq", 7)]
    con.close()
