"""The marts equal what the generator knows to be true, exactly."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

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


def _string_columns(con):
    return con.execute(
        """
        select table_schema, table_name, column_name
        from information_schema.columns
        where data_type = 'VARCHAR'
          and table_schema not in ('information_schema', 'pg_catalog')
        """
    ).fetchall()


def test_no_cpr_after_landing(clean_build):
    # Positive control: the raw exports do hold CPR numbers, so the pattern finds them.
    raw_hits = sum(
        len(CPR_RE.findall(p.read_bytes()))
        for p in clean_build.raw.rglob("*")
        if p.is_file() and p.suffix in {".csv", ".jsonl"}
    )
    assert raw_hits > 100

    # The landing area, read back column by column.
    con = duckdb.connect()
    for parquet in clean_build.landing.rglob("*.parquet"):
        cols = con.execute(f"describe select * from read_parquet('{parquet}')").fetchall()
        for name, dtype, *_ in cols:
            if dtype != "VARCHAR":
                continue
            n = con.execute(
                f"select count(*) from read_parquet('{parquet}') "
                f"where regexp_matches(\"{name}\", '{CPR_SQL}')"
            ).fetchone()[0]
            assert n == 0, f"{parquet}:{name} holds {n} CPR-shaped values"
    # Every file of landing and the warehouse, as bytes (grep).
    for path in [*clean_build.landing.rglob("*"), clean_build.duckdb]:
        if path.is_file():
            assert not CPR_RE.search(path.read_bytes()), f"CPR-shaped bytes in {path}"

    # Every text column of every table in the warehouse.
    con = duckdb.connect(str(clean_build.duckdb), read_only=True)
    for schema, table, column in _string_columns(con):
        n = con.execute(
            f'select count(*) from "{schema}"."{table}" '
            f"where regexp_matches(\"{column}\", '{CPR_SQL}')"
        ).fetchone()[0]
        assert n == 0, f"{schema}.{table}.{column} holds {n} CPR-shaped values"


def _injected(truth: Path) -> list[dict]:
    with (truth / "injected_bad_rows.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_bad_rows_are_rejected_with_their_reason(bad_rows_build):
    injected = _injected(bad_rows_build.truth)
    kinds = {row["reason_code"] for row in injected}
    assert {"invalid_date", "unknown_code", "missing_id", "field_count", "invalid_json"} <= kinds

    con = duckdb.connect(str(bad_rows_build.duckdb), read_only=True)
    rejected = {
        (str(d), f, int(r)): (code, col or "")
        for d, f, r, code, col in con.execute(
            "select delivery_date, source_file, row_number, reject_code, reject_column "
            "from marts.fct_rejected_rows"
        ).fetchall()
    }
    missing, wrong = [], []
    for row in injected:
        key = (row["delivery_date"], row["source_file"], int(row["row_number"]))
        if key not in rejected:
            missing.append(key)
            continue
        code, column = rejected[key]
        if code != row["reason_code"] or (row["column"] and column != row["column"]):
            wrong.append((key, row["reason_code"], row["column"], code, column))
    assert not missing, f"{len(missing)} injected rows not rejected, e.g. {missing[:5]}"
    assert not wrong, f"{len(wrong)} rejected for another reason, e.g. {wrong[:5]}"
    # Nothing else is rejected: good rows stay good.
    assert len(rejected) == len(injected)


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
