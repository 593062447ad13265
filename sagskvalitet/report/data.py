"""The report's numbers: plain SELECTs on the marts, nothing computed here.

Every value the report shows comes from a mart row as it is (the figure, its threshold,
whether it was met, numerator and denominator, the suppression flag and reason); the
report code only arranges them. A table is looked up by name in the schemas a file may
hold it in (``marts`` in the warehouse, ``committee`` / ``internal`` in the published
copy), so the same code reads either file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

SCHEMAS = ("committee", "internal", "marts")
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?P<kind>[QH])(?P<n>\d)$")
TREND_QUARTERS = 8


class ReportError(Exception):
    """A report that cannot be made; the message is one line for the user."""


@dataclass
class ReportData:
    period: str
    grain: str  # 'quarter' or 'half_year'
    as_of_date: str
    latest_delivery: str
    build_id: str | None
    targets: list[dict[str, Any]]
    monitoring: list[dict[str, Any]]
    units: list[dict[str, Any]]
    unit_figures: list[dict[str, Any]]
    trends: dict[str, list[dict[str, Any]]]
    half_yearly: list[dict[str, Any]] = field(default_factory=list)
    # Revised figures of the periods shown (fct_revision_notes, whole administration).
    revisions: list[dict[str, Any]] = field(default_factory=list)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def relation(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """``schema.table`` of the first schema that holds ``table``."""
    found = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [table]
    ).fetchall()
    schemas = {s for (s,) in found}
    for schema in SCHEMAS:
        if schema in schemas:
            return f'"{schema}"."{table}"'
    raise ReportError(f"table {table} is not in the warehouse: run make build")


def parse_period(period: str) -> str:
    """The grain of a period label (``2010Q2`` quarter, ``2010H1`` half-year)."""
    m = PERIOD_RE.match(period or "")
    if (
        not m
        or (m["kind"] == "Q" and m["n"] not in "1234")
        or (m["kind"] == "H" and m["n"] not in "12")
    ):
        raise ReportError(
            f"period {period!r} is not a quarter (e.g. 2010Q2) or a half-year (e.g. 2010H1)"
        )
    return "quarter" if m["kind"] == "Q" else "half_year"


def read_build_record(source: Path) -> dict[str, Any] | None:
    """The build record beside the file read (published release or warehouse folder)."""
    path = Path(source).parent / "build_record.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def _as_of(con: duckdb.DuckDBPyConnection, record: dict[str, Any] | None) -> tuple[str, str]:
    """As-of date and the delivery it was built from (record first, else ``dim_as_of``)."""
    row = con.execute(
        f"select as_of_date, latest_delivery_date from {relation(con, 'dim_as_of')}"
    ).fetchone()
    as_of = str(row[0]) if row and row[0] is not None else None
    delivery = str(row[1]) if row and row[1] is not None else None
    if record:
        as_of = record.get("as_of_date") or as_of
        delivery = record.get("latest_delivery") or delivery
    if as_of is None or delivery is None:
        raise ReportError("the warehouse has no as-of date: no delivery was built")
    return as_of, delivery


def _revisions(
    con: duckdb.DuckDBPyConnection, grain: str, periods: list[str]
) -> list[dict[str, Any]]:
    """The revised figures (whole administration) of the periods the report shows."""
    if not periods:
        return []
    marks = ", ".join("?" for _ in periods)
    return _rows(
        con,
        f"""
        select n.target_id, t.name_da, n.period_grain, n.period, n.area,
               n.reported_version, n.reported_as_of_date, n.reported_delivery_date,
               n.reported_numerator, n.reported_denominator, n.reported_percent,
               n.reported_is_met, n.current_delivery_date, n.current_numerator,
               n.current_denominator, n.current_percent, n.current_is_met,
               n.is_met_flipped, n.members_in, n.members_out, n.members_flipped,
               n.members_relinked, n.reasons_da, n.revision_note_da
        from {relation(con, "fct_revision_notes")} as n
        left join {relation(con, "dim_targets")} as t
            on t.target_id = n.target_id and t.period_grain = 'quarter'
        where n.is_revised and n.unit_id = 'ALL' and n.period_grain = ?
            and n.period in ({marks})
        order by n.period desc, n.target_id, n.area
        """,
        [grain, *periods],
    )


def _check_period(con: duckdb.DuckDBPyConnection, period: str, grain: str, as_of: str) -> str:
    """The last quarter of the period; an error when it starts after as-of or has no data."""
    label = "quarter_label" if grain == "quarter" else "half_year_label"
    start = "quarter_start_date" if grain == "quarter" else "half_year_start_date"
    row = con.execute(
        f"select min({start}), max(quarter_label) from {relation(con, 'dim_date')} "
        f"where {label} = ?",
        [period],
    ).fetchone()
    if row is None or row[0] is None:
        raise ReportError(f"period {period} is outside the warehouse calendar")
    if str(row[0]) > as_of:
        raise ReportError(f"period {period} starts after the as-of date {as_of}: no figures yet")
    table = (
        "fct_quarterly_target_results" if grain == "quarter" else ("fct_half_yearly_target_results")
    )
    n = con.execute(
        f"select count(*) from {relation(con, table)} where period = ?", [period]
    ).fetchone()[0]
    if n == 0:
        raise ReportError(f"period {period} has no figures in {table} (as of {as_of})")
    return str(row[1])


def load(con: duckdb.DuckDBPyConnection, period: str, source: Path) -> ReportData:
    """Everything the report shows for ``period``, straight from the marts."""
    grain = parse_period(period)
    record = read_build_record(source)
    as_of, delivery = _as_of(con, record)
    last_quarter = _check_period(con, period, grain, as_of)
    dim_targets = relation(con, "dim_targets")

    results = (
        relation(con, "fct_quarterly_target_results")
        if grain == "quarter"
        else relation(con, "fct_half_yearly_target_results")
    )
    unit_filter = "and r.unit_id = 'ALL'" if grain == "quarter" else ""
    figures = _rows(
        con,
        f"""
        select t.target_id, t.figure_kind, t.name_da, t.threshold as target_threshold,
               r.period, r.numerator, r.denominator, r.percent, r.threshold, r.is_met,
               r.previous_period, r.previous_numerator, r.previous_denominator,
               r.previous_percent, r.previous_is_met, r.change_percentage_points
        from {dim_targets} as t
        left join {results} as r
            on r.target_id = t.target_id and r.period = ? {unit_filter}
        where t.period_grain = 'quarter'
        order by t.figure_kind desc, t.target_id
        """,
        [period],
    )
    targets = [f for f in figures if f["figure_kind"] == "target"]
    monitoring = _rows(
        con,
        f"""
        select t.target_id, t.name_da, m.period, m.value_kind, m.numerator, m.denominator,
               m.percent, m.comparison_period, m.comparison_numerator,
               m.comparison_denominator, m.comparison_percent, m.change_percent,
               m.change_percentage_points, m.reduction_target_status
        from {dim_targets} as t
        left join {relation(con, "fct_monitoring_figures")} as m
            on m.target_id = t.target_id and m.unit_id = 'ALL' and m.period = ?
        where t.figure_kind = 'monitoring' and t.period_grain = 'quarter'
        order by t.target_id
        """,
        [last_quarter],
    )
    units = _rows(
        con,
        f"select unit_id, unit_name, short_name, unit_kind from {relation(con, 'dim_units')} "
        "order by is_total desc, unit_kind, unit_id",
        [],
    )
    published = (
        relation(con, "fct_published_quarterly_results")
        if grain == "quarter"
        else relation(con, "fct_published_half_yearly_results")
    )
    unit_figures = _rows(
        con,
        f"""
        select target_id, unit_id, numerator, denominator, percent, threshold, is_met,
               is_suppressed, suppression_reason
        from {published}
        where period = ?
        order by target_id, unit_id
        """,
        [period],
    )
    trend_rows = _rows(
        con,
        f"""
        with quarters as (
            select distinct quarter_label
            from {relation(con, "dim_date")}
            where quarter_label <= ?
            order by quarter_label desc
            limit {TREND_QUARTERS}
        )
        select t.target_id, q.quarter_label as period, r.percent, r.threshold, r.is_met,
               r.numerator, r.denominator
        from {dim_targets} as t
        cross join quarters as q
        left join {relation(con, "fct_quarterly_target_results")} as r
            on r.target_id = t.target_id and r.period = q.quarter_label
            and r.unit_id = 'ALL'
        where t.figure_kind = 'target' and t.period_grain = 'quarter'
        order by t.target_id, q.quarter_label
        """,
        [last_quarter],
    )
    trends: dict[str, list[dict[str, Any]]] = {}
    for row in trend_rows:
        trends.setdefault(row["target_id"], []).append(row)
    # The periods the report shows: its own, and the earlier ones it shows beside it (the
    # trend's quarters; for a half-year, the previous half-year).
    if grain == "quarter":
        shown = sorted({row["period"] for row in trend_rows} | {period}, reverse=True)
    else:
        shown = [period, *sorted({f["previous_period"] for f in figures if f["previous_period"]})]
    return ReportData(
        period=period,
        grain=grain,
        as_of_date=as_of,
        latest_delivery=delivery,
        build_id=(record or {}).get("build_id"),
        targets=targets,
        monitoring=monitoring,
        units=units,
        unit_figures=unit_figures,
        trends=trends,
        half_yearly=figures if grain == "half_year" else [],
        revisions=_revisions(con, grain, shown),
    )
