"""``verify``: compare the warehouse's figures with the generator's ground truth, exactly.

Results are keyed by (target_id, period_grain, period, unit_id, area) and must agree on
every column the committee reads: numerator, denominator, ratio, percent, is_met, the
previous period and its numerator and denominator, change, change_percent and the
reduction target's columns; decimals are compared as exact decimal text (the truth's
text against the warehouse value cast to text), so a binary float or another rounding
differs. The publication mart must suppress exactly the cells the truth suppresses, for
the same reason. A column the warehouse lacks is reported as "column X missing in the
warehouse" and the other columns are still compared. Members are keyed by (target_id,
period_grain, period, unit_id, area, member_kind, member_id) and must agree on
is_compliant (and member_value when the warehouse has it). No row may be missing or
extra. The links of cases and documents are compared too when their truth files exist.
The comparison runs in DuckDB over the truth CSV files, so a full data set takes seconds.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from sagskvalitet.cli_paths import add_warehouse
from sagskvalitet.generator.figures import FIGURE_COLUMNS
from sagskvalitet.warehouse_catalog import attach_warehouse, quoted


@dataclass(frozen=True)
class Comparison:
    """One truth file against one warehouse table."""

    name: str
    truth_file: str
    table: str  # relation inside the warehouse, schema-qualified by the caller
    keys: tuple[str, ...]
    values: tuple[str, ...]
    casts: dict[str, str] = field(default_factory=dict)  # value column -> SQL type
    group_by: str | None = None  # one check per value of this key (target_id)
    required: bool = True
    optional_values: tuple[str, ...] = ()  # compared only when the warehouse has them
    text_values: tuple[str, ...] = ()  # compared as exact text (decimals: exact decimal text)
    null_keys_when_absent: tuple[str, ...] = ()  # keys taken as null when the warehouse lacks them


DECIMAL_TEXT_COLUMNS = (
    "ratio",
    "percent",
    "change",
    "change_percent",
    "target_change_percent",
)


NUMBER = "decimal(38, 6)"
FIGURE_KEY = ("target_id", "period_grain", "period", "unit_id", "area")

COMPARISONS = (
    Comparison(
        name="results",
        truth_file="target_results.csv",
        table="{schema}.fct_target_results",
        keys=FIGURE_KEY,
        # the truth's figure columns (the generator writes them); the threshold is a seed
        values=("numerator", "denominator", *(c for c in FIGURE_COLUMNS if c != "threshold")),
        casts={
            "numerator": NUMBER,
            "denominator": NUMBER,
            "previous_numerator": NUMBER,
            "previous_denominator": NUMBER,
            "is_met": "boolean",
            "is_target_change_met": "boolean",
        },
        text_values=(*DECIMAL_TEXT_COLUMNS, "previous_period"),
        group_by="target_id",
    ),
    Comparison(
        name="published",
        truth_file="published_results.csv",
        table="{schema}.fct_published_target_results",
        keys=FIGURE_KEY,
        values=("is_suppressed", "suppression_reason"),
        casts={"is_suppressed": "boolean"},
        group_by="target_id",
        required=False,
        null_keys_when_absent=("area",),
    ),
    Comparison(
        name="members",
        truth_file="target_members.csv",
        table="{schema}.fct_target_members",
        keys=(*FIGURE_KEY, "member_kind", "member_id"),
        values=("is_compliant", "member_value"),
        casts={"is_compliant": "boolean", "member_value": NUMBER},
        group_by="target_id",
        optional_values=("member_value",),
    ),
    Comparison(
        name="case_links",
        truth_file="case_links.csv",
        table="{intermediate_schema}.int_cases_linked",
        keys=("case_id",),
        values=("legacy_case_id", "b_case_id", "link_method"),
        required=False,
    ),
    Comparison(
        name="document_links",
        truth_file="document_links.csv",
        table="{intermediate_schema}.int_documents_linked",
        keys=("document_id",),
        values=("case_id",),
        required=False,
    ),
)


@dataclass
class Check:
    name: str  # e.g. results:profile_before_decision
    truth_rows: int = 0
    warehouse_rows: int = 0
    missing: int = 0  # in the truth, not in the warehouse
    extra: int = 0  # in the warehouse, not in the truth
    mismatched: int = 0  # same key, different values
    duplicate_keys: int = 0  # keys occurring more than once on either side
    diffs: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not (
            self.missing or self.extra or self.mismatched or self.duplicate_keys
        )


@dataclass
class Report:
    truth_dir: str
    duckdb_path: str
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def _compared(self, prefix: str) -> int:
        return sum(c.truth_rows for c in self.checks if c.name.split(":")[0] == prefix)

    # truth rows compared, per comparison
    results_compared = property(lambda self: self._compared("results"))
    members_compared = property(lambda self: self._compared("members"))
    case_links_compared = property(lambda self: self._compared("case_links"))
    document_links_compared = property(lambda self: self._compared("document_links"))

    def failure_lines(self) -> list[str]:
        """Only the failing checks, with their first diffs."""
        lines = []
        for c in self.checks:
            if c.ok:
                continue
            lines.append(
                f"{c.name}: missing {c.missing}, extra {c.extra}, differ {c.mismatched}, "
                f"duplicate keys {c.duplicate_keys}" + (f", error: {c.error}" if c.error else "")
            )
            lines.extend(f"  {json.dumps(d, default=str)}" for d in c.diffs)
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "truth_dir": self.truth_dir,
            "duckdb_path": self.duckdb_path,
            "ok": self.ok,
            "results_compared": self.results_compared,
            "members_compared": self.members_compared,
            "checks": [{**asdict(c), "ok": c.ok} for c in self.checks],
        }

    def format(self) -> str:
        head = f"{'check':<52} {'truth':>9} {'warehouse':>9} {'missing':>8} {'extra':>7} "
        head += f"{'differ':>7} {'dup':>5}  status"
        lines = [head]
        for c in self.checks:
            status = "ok" if c.ok else ("ERROR" if c.error else "MISMATCH")
            lines.append(
                f"{c.name:<52} {c.truth_rows:>9} {c.warehouse_rows:>9} {c.missing:>8} "
                f"{c.extra:>7} {c.mismatched:>7} {c.duplicate_keys:>5}  {status}"
            )
        for c in self.checks:
            if c.error:
                lines.append(f"  {c.name}: {c.error}")
            if c.note:
                lines.append(f"  {c.name}: note: {c.note}")
            for diff in c.diffs:
                lines.append(f"  {c.name}: {json.dumps(diff, default=str)}")
        failed = sum(not c.ok for c in self.checks)
        lines.append("verify: OK" if self.ok else f"verify: FAILED ({failed} checks)")
        return "\n".join(lines)


def _plain(value: Any) -> Any:
    """Decimals as int or str, so a diff reads 352, not Decimal('352.000000')."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value.normalize())
    return value


def _quote(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str] | None:
    try:
        rows = con.execute(f"describe select * from {relation}").fetchall()
    except duckdb.Error:
        return None
    return [r[0].lower() for r in rows]


def _run(
    con: duckdb.DuckDBPyConnection,
    comp: Comparison,
    truth_file: Path,
    relation: str,
    max_diffs: int,
) -> list[Check]:
    label = comp.name
    if not truth_file.exists():
        if comp.required:
            return [Check(name=label, error=f"truth file {truth_file} not found")]
        return []
    wh_cols = _columns(con, relation)
    if wh_cols is None:
        return [Check(name=label, error=f"warehouse relation {relation} not found")]
    truth_cols = [
        r[0].lower()
        for r in con.execute(
            f"describe select * from read_csv({_quote(truth_file)}, header = true, "
            "all_varchar = true)"
        ).fetchall()
    ]
    values = [v for v in comp.values if v in wh_cols or v not in comp.optional_values]
    skipped = [v for v in comp.values if v not in values]
    absent_keys = [k for k in comp.null_keys_when_absent if k not in wh_cols]
    missing_cols = [c for c in comp.keys if c not in wh_cols and c not in absent_keys]
    missing_cols += [f"{c} (truth)" for c in (*comp.keys, *values) if c not in truth_cols]
    if missing_cols:
        return [Check(name=label, error=f"{relation} lacks columns: {', '.join(missing_cols)}")]
    # A value column the warehouse lacks: said plainly; the other columns are compared.
    absent_values = [v for v in values if v not in wh_cols]
    values = [v for v in values if v in wh_cols]
    column_checks = [
        Check(name=f"{label}:columns", error=f"column {v} missing in the warehouse ({relation})")
        for v in absent_values
    ]

    grp = f"coalesce(cast({comp.group_by} as varchar), '')" if comp.group_by else "''"

    def select(source: str, side: str) -> str:
        keys = [
            f"'' as k_{k}"
            if side == "warehouse" and k in absent_keys
            else f"coalesce(cast({k} as varchar), '') as k_{k}"
            for k in comp.keys
        ]
        vals = []
        for v in values:
            cast = comp.casts.get(v)
            if v in comp.text_values:
                # exact text: the truth's decimal text against the warehouse value as text
                expr = f"nullif(cast({v} as varchar), '')"
            elif cast:
                expr = f"cast({v} as {cast})"
            else:
                expr = f"nullif(cast({v} as varchar), '')"
            vals.append(f"{expr} as v_{v}")
        return f"select {grp} as grp, {', '.join(keys + vals)}, true as present from {source}"

    con.execute(
        "create or replace temp table truth_side as "
        + select(f"read_csv({_quote(truth_file)}, header = true, all_varchar = true)", "truth")
    )
    con.execute("create or replace temp table warehouse_side as " + select(relation, "warehouse"))

    key_cols = [f"k_{k}" for k in comp.keys]
    join_on = " and ".join(f"t.{k} = w.{k}" for k in key_cols)
    differs = " or ".join(f"t.v_{v} is distinct from w.v_{v}" for v in values) or "false"
    value_cols = "".join(f"t.v_{v} as truth_{v}, w.v_{v} as warehouse_{v}, " for v in values)
    con.execute(
        f"""
        create or replace temp table compared as
        select
            coalesce(t.grp, w.grp) as grp,
            {", ".join(f"coalesce(t.{k}, w.{k}) as {k}" for k in key_cols)},
            {value_cols}
            case
                when t.present is null then 'extra'
                when w.present is null then 'missing'
                when {differs} then 'mismatched'
                else 'ok'
            end as status
        from truth_side as t
        full outer join warehouse_side as w on {join_on}
        """
    )

    def counts(table: str) -> dict[str, int]:
        return dict(con.execute(f"select grp, count(*) from {table} group by 1").fetchall())

    truth_n, wh_n = counts("truth_side"), counts("warehouse_side")
    dup: dict[str, int] = {}
    for table in ("truth_side", "warehouse_side"):
        rows = con.execute(
            f"""
            select grp, count(*) from (
                select grp, {", ".join(key_cols)}
                from {table}
                group by all
                having count(*) > 1
            ) group by grp
            """
        ).fetchall()
        for g, n in rows:
            dup[g] = dup.get(g, 0) + n
    status = dict(
        ((g, s), n)
        for g, s, n in con.execute(
            "select grp, status, count(*) from compared group by grp, status"
        ).fetchall()
    )
    diff_rows = con.execute(
        f"""
        select * exclude (rn) from (
            select *, row_number() over (partition by grp order by {", ".join(key_cols)}) as rn
            from compared
            where status <> 'ok'
        ) where rn <= {int(max_diffs)}
        order by grp, {", ".join(key_cols)}
        """
    )
    names = [d[0] for d in diff_rows.description]
    diffs: dict[str, list[dict[str, Any]]] = {}
    for row in diff_rows.fetchall():
        item = dict(zip(names, row, strict=True))
        g = item.pop("grp")
        diffs.setdefault(g, []).append({k.removeprefix("k_"): _plain(v) for k, v in item.items()})
    groups = sorted(set(truth_n) | set(wh_n))
    note = f"not compared (absent in warehouse): {', '.join(skipped)}" if skipped else None
    checks = column_checks
    for g in groups:
        checks.append(
            Check(
                name=f"{label}:{g}" if comp.group_by else label,
                truth_rows=truth_n.get(g, 0),
                warehouse_rows=wh_n.get(g, 0),
                missing=status.get((g, "missing"), 0),
                extra=status.get((g, "extra"), 0),
                mismatched=status.get((g, "mismatched"), 0),
                duplicate_keys=dup.get(g, 0),
                diffs=diffs.get(g, []),
                note=note,
            )
        )
    if not groups:
        checks.append(Check(name=label, note="no rows on either side"))
    return checks


def verify(
    truth_dir: Path | str,
    duckdb_path: Path | str,
    schema: str = "marts",
    intermediate_schema: str = "intermediate",
    max_diffs: int = 5,
) -> Report:
    """Compare the warehouse at duckdb_path with the truth files in truth_dir."""
    truth_dir, duckdb_path = Path(truth_dir), Path(duckdb_path)
    report = Report(truth_dir=str(truth_dir), duckdb_path=str(duckdb_path))
    if not duckdb_path.exists():
        report.checks.append(Check(name="warehouse", error=f"{duckdb_path} not found"))
        return report
    with duckdb.connect() as con:
        # under its own catalog name: a mart that is a view reads through it
        catalog = quoted(attach_warehouse(con, duckdb_path))
        for comp in COMPARISONS:
            relation = f"{catalog}." + comp.table.format(
                schema=schema, intermediate_schema=intermediate_schema
            )
            report.checks.extend(_run(con, comp, truth_dir / comp.truth_file, relation, max_diffs))
    return report


def run(args: argparse.Namespace) -> int:
    report = verify(
        args.truth,
        args.duckdb,
        schema=args.schema,
        intermediate_schema=args.intermediate_schema,
        max_diffs=args.max_diffs,
    )
    print(report.format())
    if args.report:
        path = Path(args.report)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report.to_dict(), indent=2, default=str), encoding="utf-8")
    return 0 if report.ok else 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="compare the warehouse's figures with the ground truth")
    p.add_argument("--truth", default="data/truth", help="folder of the truth files")
    add_warehouse(p)
    p.add_argument("--schema", default="marts", help="schema of fct_target_*")
    p.add_argument("--intermediate-schema", default="intermediate", help="schema of int_*")
    p.add_argument("--report", default=None, help="write the report as JSON here")
    p.add_argument("--max-diffs", type=int, default=5, help="diffs shown per check")
    p.set_defaults(func=run)
