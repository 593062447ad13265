"""``python -m sagskvalitet freeze``: the reporting ledger, what was reported stays reported.

A rebuild replaces ``fct_target_results`` with what the latest delivery says, so a figure
told to the committee can move without a trace. Freezing a period copies its figures
(quarter, and the half-year a quarter ends) and their members from the warehouse into
the ledger folder (``LEDGER_DIR``, default ``data/ledger``), outside the warehouse file,
with the as-of date and the delivery they were computed on. The ledger is append-only:
one Parquet file per freeze and kind (``target_results/``, ``target_members/``), created
with an exclusive link so an existing file is never overwritten. Freezing the same period
again adds a version, unless the newest version was frozen at the same as-of date with
the same figures (then nothing is written, so ``make report`` may freeze every time).
dbt reads the ledger back as the source ``ledger``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from sagskvalitet.cli_paths import add_env_path, add_warehouse

KINDS = ("target_results", "target_members")
PERIOD = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")
FILE = re.compile(
    r"^(?P<period>[0-9QH]+)__asof-(?P<as_of>\d{4}-\d{2}-\d{2})__v(?P<version>\d+)\.parquet$"
)

RESULT_COLUMNS = (
    "target_id, period_grain, period, unit_id, area, measure_kind, member_count, "
    "cast(numerator as bigint) as numerator, cast(denominator as bigint) as denominator, "
    "ratio, percent, threshold, is_met"
)
MEMBER_COLUMNS = (
    "target_id, period_grain, period, unit_id, area, member_kind, member_id, is_compliant, "
    "member_value, period_date"
)
ORDER = "target_id, period_grain, period, unit_id, area"


class LedgerError(Exception):
    """A freeze that cannot be made; the message is one line for the user."""


class PeriodNotOver(LedgerError):
    """The period ends after the warehouse's as-of date (``freeze`` exits 3, not 2)."""


@dataclass(frozen=True)
class Freeze:
    """What one freeze wrote (or found already written)."""

    freeze_id: str
    period: str
    version: int
    as_of_date: date
    delivery_date: date
    figures: int
    members: int
    written: bool
    paths: tuple[Path, ...]


def period_scope(period: str) -> tuple[list[tuple[str, str]], date]:
    """The (period_grain, period) pairs a freeze of ``period`` stores, and its last day.

    A quarter stores its quarterly figures and, when it ends a half-year (Q2, Q4), that
    half-year's figures; a year (``2010``) stores the yearly figures.
    """
    m = PERIOD.match(period)
    if not m:
        raise LedgerError(f"period {period!r} is not a quarter (2010Q2) or a year (2010)")
    year = int(m["year"])
    if m["quarter"] is None:
        return [("year", str(year))], date(year, 12, 31)
    q = int(m["quarter"])
    scope = [("quarter", period)]
    if q in (2, 4):
        scope.append(("half_year", f"{year}H{q // 2}"))
    end_month = 3 * q
    end = date(year + (end_month == 12), end_month % 12 + 1, 1).toordinal() - 1
    return scope, date.fromordinal(end)


def _versions(ledger_dir: Path, period: str) -> list[tuple[int, date, Path]]:
    found = []
    for kind in KINDS:
        folder = ledger_dir / kind
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            m = FILE.match(f.name)
            if m and m["period"] == period:
                found.append((int(m["version"]), date.fromisoformat(m["as_of"]), f))
    return sorted(found)


def _build_id(duckdb_path: Path) -> str | None:
    record = duckdb_path.parent / "build_record.json"
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("build_id") if data.get("status") == "complete" else None


def _write_exclusive(con: duckdb.DuckDBPyConnection, sql: str, target: Path) -> None:
    """COPY ``sql`` to ``target`` without ever replacing an existing file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    con.execute(f"copy ({sql}) to '{tmp.as_posix()}' (format parquet)")
    try:
        os.link(tmp, target)  # fails when target exists: append-only
    except FileExistsError as exc:
        raise LedgerError(
            f"ledger file {target} exists already; the ledger is append-only"
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _content_sha(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    rows = con.execute(f"select * from ({sql}) order by all").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def freeze(duckdb_path: Path, ledger_dir: Path, period: str) -> Freeze:
    """Freeze ``period`` from the warehouse at ``duckdb_path`` into ``ledger_dir``."""
    scope, period_end = period_scope(period)
    if not duckdb_path.exists():
        raise LedgerError(f"warehouse {duckdb_path} not found: build it first (make build)")
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        try:
            as_of, delivery = con.execute(
                "select as_of_date, latest_delivery_date from marts.dim_as_of"
            ).fetchone()
        except duckdb.Error as exc:
            raise LedgerError(
                f"warehouse {duckdb_path} has no marts.dim_as_of: rebuild it"
            ) from exc
        if period_end > as_of:
            raise PeriodNotOver(
                f"period {period} ends {period_end}, after the warehouse's as-of date {as_of}: "
                "a period is frozen only when it is over"
            )
        where = " or ".join(f"(period_grain = '{g}' and period = '{p}')" for g, p in scope)
        results_sql = f"select {RESULT_COLUMNS} from marts.fct_target_results where {where}"
        members_sql = f"select {MEMBER_COLUMNS} from marts.fct_target_members where {where}"
        figures = con.execute(f"select count(*) from ({results_sql})").fetchone()[0]
        members = con.execute(f"select count(*) from ({members_sql})").fetchone()[0]
        if figures == 0:
            raise LedgerError(f"the warehouse holds no figure of {period}: nothing to freeze")

        versions = _versions(ledger_dir, period)
        latest = max((v for v, _, _ in versions), default=0)
        if versions:
            latest_as_of = max(a for v, a, _ in versions if v == latest)
            if as_of < latest_as_of:
                raise LedgerError(
                    f"{period} was frozen at {latest_as_of} (v{latest}); the warehouse is as of "
                    f"{as_of}: a version is never older than the one before it"
                )
            if as_of == latest_as_of:
                frozen = [f for v, _, f in versions if v == latest and f.parent.name == KINDS[0]]
                if frozen and _same_figures(con, frozen[0], results_sql):
                    fid = f"{period}@{as_of.isoformat()}#v{latest}"
                    paths = tuple(f for v, _, f in versions if v == latest)
                    return Freeze(
                        fid, period, latest, as_of, delivery, figures, members, False, paths
                    )

        version = latest + 1
        freeze_id = f"{period}@{as_of.isoformat()}#v{version}"
        build_id = _build_id(duckdb_path)
        head = (
            f"'{freeze_id}' as freeze_id, '{period}' as frozen_period, "
            f"cast({version} as integer) as version, date '{as_of}' as as_of_date, "
            f"date '{delivery}' as delivery_date"
        )
        build = f"'{build_id}'" if build_id else "cast(null as varchar)"
        name = f"{period}__asof-{as_of.isoformat()}__v{version:03d}.parquet"
        # Members first: the figures file is the freeze's commit mark.
        members_path = ledger_dir / "target_members" / name
        results_path = ledger_dir / "target_results" / name
        _write_exclusive(
            con,
            f"select {head}, m.* from ({members_sql}) as m "
            f"order by {ORDER}, member_kind, member_id",
            members_path,
        )
        _write_exclusive(
            con,
            f"select {head}, {build} as build_id, r.* from ({results_sql}) as r order by {ORDER}",
            results_path,
        )
        return Freeze(
            freeze_id,
            period,
            version,
            as_of,
            delivery,
            figures,
            members,
            True,
            (members_path, results_path),
        )
    finally:
        con.close()


def _same_figures(con: duckdb.DuckDBPyConnection, frozen: Path, results_sql: str) -> bool:
    cols = (
        "target_id, period_grain, period, unit_id, area, numerator, denominator, threshold, is_met"
    )
    old = _content_sha(con, f"select {cols} from read_parquet('{frozen.as_posix()}')")
    new = _content_sha(con, f"select {cols} from ({results_sql})")
    return old == new


def add_parser(sub) -> None:
    p = sub.add_parser("freeze", help="store a reported period's figures in the reporting ledger")
    p.add_argument("--period", required=True, help="a quarter (2010Q2) or a year (2010)")
    add_warehouse(p)
    add_env_path(p, "--ledger-dir", "LEDGER_DIR", "data/ledger", "the reporting ledger")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = freeze(args.duckdb, args.ledger_dir, args.period)
    except LedgerError as exc:
        print(f"freeze: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, PeriodNotOver) else 2
    what = "frozen" if result.written else "already frozen, unchanged"
    print(
        f"freeze: {result.freeze_id} {what}: {result.figures} figures, {result.members} members "
        f"(as of {result.as_of_date}, delivery {result.delivery_date}) in {args.ledger_dir}"
    )
    return 0
