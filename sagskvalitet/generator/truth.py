"""Ground truth: the figures of targets.md computed in Python from the simulated world.

This is an independent reference implementation of ``../shared/spec/targets.md``: it
reads nothing the warehouse builds, only the ``World`` the simulation produced and the
committee's numbers (``sagskvalitet.params``, the same seeds and vars dbt reads). The
``verify`` command compares the warehouse's ``fct_target_members`` and
``fct_target_results`` with the files written here.

Dates are handled as proleptic ordinals (``date.toordinal()``) in numpy arrays, so the
rules are vectorised comparisons; ``NEVER`` stands for "no such date".
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sagskvalitet.generator.due_dates import DueDates
from sagskvalitet.generator.figures import FIGURE_COLUMNS, figure_columns
from sagskvalitet.generator.model import World
from sagskvalitet.generator.publication import PUBLISHED_COLUMNS, published_rows
from sagskvalitet.params import Params, TargetDef, load_params
from sagskvalitet.workcal import half_year_label, quarter_end, quarter_label

NEVER = 99_999_999  # an ordinal after every real date: "no such date"
WORK_CAPACITY_AREAS = ("rehabilitation", "flex_job", "disability_pension")
DECISIONS = ("granted", "refused", "recommended")
WRITTEN_CHANNELS = ("letter", "email", "digital_post")
REVERSAL_OUTCOMES = ("upheld", "remitted", "changed")  # dismissed is left out
REVERSED_OUTCOMES = ("remitted", "changed")
COUNT_FIGURES = ("formality_complaints", "open_overdue_without_notice")
MEAN_FIGURES = ("mean_processing_days",)

MEMBER_COLUMNS = [
    "target_id",
    "period_grain",
    "period",
    "unit_id",
    "area",
    "member_kind",
    "member_id",
    "is_compliant",
    "member_value",
]
RESULT_COLUMNS = [
    "target_id",
    "period_grain",
    "period",
    "unit_id",
    "area",
    "numerator",
    "denominator",
    *FIGURE_COLUMNS,
]
MEMBER_KEY = MEMBER_COLUMNS[:7]
RESULT_KEY = RESULT_COLUMNS[:5]


def _ordinal(d: date | None) -> int:
    return NEVER if d is None else d.toordinal()


def _labels(ordinals: np.ndarray, label: Callable[[date], str]) -> pa.Array:
    """Label every ordinal (quarter, half-year, year), computing each distinct date once."""
    uniq, inverse = np.unique(ordinals, return_inverse=True)
    names = pa.array([label(date.fromordinal(int(o))) for o in uniq.tolist()], pa.string())
    return names.take(pa.array(inverse))


def _strings(values) -> pa.Array:
    return pa.array(values, type=pa.string())


def _texts(records: list, *fields: str) -> list[np.ndarray]:
    """An object array of each named field of ``records`` (None as "")."""
    return [np.array([getattr(r, f) or "" for r in records], dtype=object) for f in fields]


def _days(records: list, *fields: str) -> list[np.ndarray]:
    """An ordinal array of each named date field of ``records`` (None as NEVER)."""
    return [np.array([_ordinal(getattr(r, f)) for r in records], dtype=np.int64) for f in fields]


def _year_label(d: date) -> str:
    return str(d.year)


class _DueDates(DueDates):
    """Due dates from the deadline catalogue, cached; NEVER when there is none."""

    def __call__(self, subject: str, key: str, received: int) -> int:
        due = self.lookup(subject, key, received)
        return NEVER if due is None else due

    def many(self, subject: str, keys: np.ndarray, received: np.ndarray) -> np.ndarray:
        """Due dates of many records, each distinct (key, received) computed once."""
        due = np.full(len(received), NEVER, dtype=np.int64)
        for key in np.unique(keys.astype(str)).tolist() if len(keys) else []:
            sel = np.flatnonzero(keys == key)
            uniq, inverse = np.unique(received[sel], return_inverse=True)
            values = np.array([self(subject, key, int(r)) for r in uniq], dtype=np.int64)
            due[sel] = values[inverse]
        return due


MEMBER_SCHEMA = pa.schema(
    [
        ("target_id", pa.string()),
        ("period_grain", pa.string()),
        ("period", pa.string()),
        ("unit_id", pa.string()),
        ("area", pa.string()),
        ("member_kind", pa.string()),
        ("member_id", pa.string()),
        ("is_compliant", pa.bool_()),
        ("member_value", pa.int64()),
    ]
)


def _member_table(
    target: TargetDef,
    period_grain: str,
    period: pa.Array,
    unit_id: pa.Array,
    member_id: pa.Array,
    area: pa.Array | None,
    compliant: np.ndarray | None,
    value: np.ndarray,
) -> pa.Table:
    n = len(member_id)

    def const(text: str) -> pa.Array:
        return pa.DictionaryArray.from_arrays(np.zeros(n, dtype=np.int32), [text]).cast(pa.string())

    return pa.table(
        [
            const(target.target_id),
            const(period_grain),
            period,
            unit_id,
            pa.nulls(n, pa.string()) if area is None else area,
            const(target.member_kind),
            member_id,
            pa.nulls(n, pa.bool_()) if compliant is None else pa.array(compliant, pa.bool_()),
            pa.array(value, type=pa.int64()),
        ],
        schema=MEMBER_SCHEMA,
    )


class _Members:
    """Collects the member tables of every figure."""

    def __init__(self, params: Params):
        self.params = params
        self.tables: list[pa.Table] = []

    def target(self, target_id: str) -> TargetDef:
        return self.params.targets[target_id]

    def add(
        self,
        target_id: str,
        mask: np.ndarray,
        period_date: np.ndarray,
        unit_id: pa.Array,
        member_id: pa.Array,
        compliant: np.ndarray | None = None,
        value: np.ndarray | None = None,
        area: pa.Array | None = None,
    ) -> None:
        """Members where ``mask``; validity of the target is tested on the period date.

        Shares give ``compliant`` (member value 1/0), means give ``value``, counts neither.
        """
        target = self.target(target_id)
        valid_to = NEVER if target.valid_to is None else target.valid_to.toordinal()
        mask = mask & (period_date >= target.valid_from.toordinal()) & (period_date <= valid_to)
        if not mask.any():
            return
        n = int(mask.sum())
        period_date = period_date[mask]
        if compliant is not None:
            compliant = compliant[mask]
            member_value = compliant.astype(np.int64)
        else:
            member_value = np.ones(n, dtype=np.int64) if value is None else value[mask]
        idx = pa.array(np.flatnonzero(mask))
        rest = (
            unit_id.take(idx),
            member_id.take(idx),
            None if area is None else area.take(idx),
            compliant,
            member_value,
        )
        if target.period_grain == "year":
            self.tables.append(
                _member_table(target, "year", _labels(period_date, _year_label), *rest)
            )
            return
        for grain, label in (("quarter", quarter_label), ("half_year", half_year_label)):
            self.tables.append(_member_table(target, grain, _labels(period_date, label), *rest))

    def table(self) -> pa.Table:
        if not self.tables:
            return MEMBER_SCHEMA.empty_table()
        return pa.concat_tables(self.tables)


def _doc_first_dates(world: World, member_id: np.ndarray) -> dict[str, np.ndarray]:
    """Per document category: the earliest document date of every case (NEVER if none)."""
    cats = (
        "final_profile",
        "assessment",
        "involved",
        "delay_notice",
        "flexjob_guidance",
        "hearing",
    )
    firsts = {cat: np.full(len(member_id), NEVER, dtype=np.int64) for cat in cats}
    docs = world.documents
    position = pd.Index(member_id).get_indexer([d.case_id for d in docs])
    linked = np.flatnonzero(position >= 0)
    if len(linked) == 0:
        return firsts
    docs = [docs[i] for i in linked.tolist()]
    where = position[linked]
    dated = np.array([d.document_date.toordinal() for d in docs], dtype=np.int64)

    def has(kind: str) -> np.ndarray:
        return np.array([kind in d.kinds for d in docs], dtype=bool)

    profile = has("resource_profile")
    draft = np.array([d.is_draft_profile for d in docs], dtype=bool)
    participated = np.array([d.citizen_participated is True for d in docs], dtype=bool)
    flags = {
        "final_profile": profile & ~draft,
        "assessment": has("work_capacity_assessment"),
        "involved": (profile & participated) | has("citizen_meeting"),
        "delay_notice": has("delay_notice"),
        "flexjob_guidance": has("flexjob_guidance"),
        "hearing": has("hearing"),
    }
    for cat, flag in flags.items():
        np.minimum.at(firsts[cat], where[flag], dated[flag])
    return firsts


def _case_members(world: World, params: Params, due_of: _DueDates, members: _Members) -> dict:
    cases = world.cases
    as_of = world.as_of.toordinal()
    member_id, area, unit, decision = _texts(cases, "member_id", "area", "unit_id", "decision")
    received, decided = _days(cases, "received", "decided")
    due = due_of.many("case", area, received)
    has_due = due != NEVER

    firsts = _doc_first_dates(world, member_id)
    final_profile, assessment, involved = (
        firsts["final_profile"],
        firsts["assessment"],
        firsts["involved"],
    )
    notice, guidance, hearing = (
        firsts["delay_notice"],
        firsts["flexjob_guidance"],
        firsts["hearing"],
    )

    is_decision = (decided != NEVER) & np.isin(decision, DECISIONS)
    work_capacity = is_decision & np.isin(area, WORK_CAPACITY_AREAS)
    in_time = decided <= due
    notice_in_time = notice <= due

    common = {"unit_id": _strings(unit), "member_id": _strings(member_id)}
    members.add(
        "profile_before_decision",
        work_capacity,
        decided,
        compliant=(final_profile <= decided) & (assessment <= decided),
        **common,
    )
    members.add("citizen_involved", work_capacity, decided, compliant=involved <= decided, **common)
    members.add(
        "deadline_or_notice",
        work_capacity & has_due,
        decided,
        compliant=in_time | notice_in_time,
        **common,
    )
    members.add(
        "flexjob_guidance_noted",
        is_decision & (area == "flex_job"),
        decided,
        compliant=guidance <= decided,
        **common,
    )
    members.add(
        "hearing_before_refusal",
        work_capacity & (decision == "refused"),
        decided,
        compliant=hearing <= decided,
        **common,
    )

    # Yearly case-time measurement (sagstidsmåling): decisions inside the year's window.
    (m1, d1), (m2, d2) = params.case_time_window
    decided_safe = np.where(is_decision, decided, date(2000, 1, 1).toordinal())
    years = np.array([date.fromordinal(o).year for o in decided_safe.tolist()], dtype=np.int64)
    uniq_years, inverse = np.unique(years, return_inverse=True)
    starts = np.array([date(int(y), m1, d1).toordinal() for y in uniq_years], dtype=np.int64)
    ends = np.array([date(int(y), m2, d2).toordinal() for y in uniq_years], dtype=np.int64)
    window_start, window_end = starts[inverse], ends[inverse]
    measured = is_decision & has_due & (decided >= window_start) & (decided <= window_end)
    days = np.where(measured, decided - received, 0)
    members.add("general_compliance", measured, decided, compliant=in_time, **common)
    members.add(
        "specific_compliance", measured, decided, compliant=in_time, area=_strings(area), **common
    )
    members.add(
        "notice_when_overdue", measured & ~in_time, decided, compliant=notice_in_time, **common
    )
    members.add("mean_processing_days", measured, decided, value=days, **common)

    _open_overdue(
        members,
        as_of,
        received,
        decided,
        due,
        notice_in_time,
        common["unit_id"],
        common["member_id"],
    )

    sums: dict[str, list[int]] = {}
    for year in sorted(set(years[measured].tolist())):
        sel = measured & (years == year)
        sums[str(year)] = [int(sel.sum()), int(in_time[sel].sum()), int(days[sel].sum())]
    return sums


def may_figures(sums: dict[str, list[int]]) -> dict:
    """The May measurement per year from its sums (decisions, in time, days): the sums
    add up over shards, the figures are computed once."""
    return {
        year: {
            "decisions": n,
            "general_compliance_pct": round(100.0 * in_time / n, 1),
            "mean_processing_days": round(float(days) / n, 1),
        }
        for year, (n, in_time, days) in sorted(sums.items())
        if n
    }


def _open_overdue(
    members: _Members,
    as_of: int,
    received: np.ndarray,
    decided: np.ndarray,
    due: np.ndarray,
    notice_in_time: np.ndarray,
    unit: pa.Array,
    member_id: pa.Array,
) -> None:
    """Cases open past their due date without notice, at every quarter end <= as-of."""
    target_id = "open_overdue_without_notice"
    target = members.target(target_id)
    if len(received) == 0:
        return
    ends: list[int] = []
    label = quarter_label(date.fromordinal(int(received.min())))
    while True:
        end = quarter_end(label).toordinal()
        if end > as_of:
            break
        ends.append(end)
        year, q = int(label[:4]), int(label[5])
        label = f"{year + q // 4}Q{q % 4 + 1}"
    if not ends:
        return
    qe = np.array(ends, dtype=np.int64)
    candidate = (due != NEVER) & ~notice_in_time
    idx = np.flatnonzero(candidate)
    # A member at quarter end E: received <= E, due < E, not closed on or before E.
    lo = np.searchsorted(qe, np.maximum(due[idx] + 1, received[idx]), side="left")
    hi = np.searchsorted(qe, decided[idx], side="left")  # E < decided
    count = np.maximum(hi - lo, 0)
    rows = np.repeat(idx, count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    at = qe[np.repeat(lo, count) + offsets]
    valid_to = NEVER if target.valid_to is None else target.valid_to.toordinal()
    keep = (at >= target.valid_from.toordinal()) & (at <= valid_to)
    rows, at = rows[keep], at[keep]
    if len(rows) == 0:
        return
    ones = np.ones(len(rows), dtype=np.int64)
    take = pa.array(rows)
    members.tables.append(
        _member_table(
            target,
            "quarter",
            _labels(at, quarter_label),
            unit.take(take),
            member_id.take(take),
            None,
            None,
            ones,
        )
    )
    # The half-year value is the value at the half-year's end (Q2 -> H1, Q4 -> H2).
    half_end = np.isin(at, [e for e in ends if date.fromordinal(e).month in (6, 12)])
    take = pa.array(rows[half_end])
    members.tables.append(
        _member_table(
            target,
            "half_year",
            _labels(at[half_end], half_year_label),
            unit.take(take),
            member_id.take(take),
            None,
            None,
            ones[half_end],
        )
    )


def _complaint_members(world: World, due_of: _DueDates, members: _Members) -> None:
    complaints = world.complaints
    if not complaints:
        return
    as_of = world.as_of.toordinal()
    cid, unit, ctype, outcome = _texts(
        complaints, "complaint_id", "unit_id", "complaint_type", "external_outcome"
    )
    received, reassessed, notice, external = _days(
        complaints, "received", "reassessed", "delay_notice", "external_decided"
    )
    due = np.array(
        [due_of("complaint", "reassessment", r) for r in received.tolist()], dtype=np.int64
    )
    common = {"unit_id": _strings(unit), "member_id": _strings(cid)}
    members.add(
        "complaint_reassessed",
        np.isin(ctype, ("decision", "both")) & (due != NEVER) & (due <= as_of),
        due,
        compliant=(reassessed <= due) | (notice <= due),
        **common,
    )
    members.add("formality_complaints", np.isin(ctype, ("formality", "both")), received, **common)
    members.add(
        "external_reversal_rate",
        (external != NEVER) & np.isin(outcome, REVERSAL_OUTCOMES),
        external,
        compliant=np.isin(outcome, REVERSED_OUTCOMES),
        **common,
    )


def _access_request_members(world: World, due_of: _DueDates, members: _Members) -> None:
    requests = world.access_requests
    if not requests:
        return
    as_of = world.as_of.toordinal()
    received = np.array([r.received.toordinal() for r in requests], dtype=np.int64)
    due = np.array(
        [
            due_of("access_request", r.legal_basis, o)
            for r, o in zip(requests, received.tolist(), strict=True)
        ],
        dtype=np.int64,
    )
    answered = np.array([_ordinal(r.answered) for r in requests], dtype=np.int64)
    notice = np.array([_ordinal(r.delay_notice) for r in requests], dtype=np.int64)
    members.add(
        "access_request_answered",
        (due != NEVER) & (due <= as_of),
        due,
        compliant=(answered <= due) | (notice <= due),
        unit_id=_strings([r.unit_id for r in requests]),
        member_id=_strings([r.access_request_id for r in requests]),
    )


def _inquiry_members(world: World, due_of: _DueDates, members: _Members) -> None:
    inquiries = world.inquiries
    if not inquiries:
        return
    as_of = world.as_of.toordinal()
    channel = np.array([i.channel for i in inquiries], dtype=object)
    received = np.array([i.received.toordinal() for i in inquiries], dtype=np.int64)
    due = np.array(
        [due_of("inquiry", "feedback_guarantee", r) for r in received.tolist()], dtype=np.int64
    )
    first_response = np.array([_ordinal(i.first_response) for i in inquiries], dtype=np.int64)
    members.add(
        "feedback_guarantee",
        np.isin(channel, WRITTEN_CHANNELS) & (due != NEVER) & (due <= as_of),
        due,
        compliant=first_response <= due,
        unit_id=_strings([i.unit_id for i in inquiries]),
        member_id=_strings([i.inquiry_id for i in inquiries]),
    )


def compute_members(world: World, params: Params | None = None) -> tuple[pa.Table, dict]:
    """Every member of every figure (the rows of fct_target_members), and the May figures."""
    members, sums = compute_member_sums(world, params)
    return members, may_figures(sums)


def compute_member_sums(
    world: World, params: Params | None = None, due_of: _DueDates | None = None
) -> tuple[pa.Table, dict[str, list[int]]]:
    """Every member of every figure, and the May measurement's sums per year (they add
    up over the shards of a run: ``truth_parts``)."""
    params = params or load_params()
    due_of = due_of or _DueDates(params, params.calendar())
    members = _Members(params)
    sums = _case_members(world, params, due_of, members)
    _complaint_members(world, due_of, members)
    _access_request_members(world, due_of, members)
    _inquiry_members(world, due_of, members)
    return members.table(), sums


def due_dates(params: Params) -> _DueDates:
    """A due-date cache to share over the shards of a run."""
    return _DueDates(params, params.calendar())


def partial_results(members: pa.Table) -> pa.Table:
    """Per figure, period, unit (ALL included) and area: the summed member values and the
    member count of ``members``; partials of disjoint members add up (``combine_results``)."""
    keys = ["target_id", "period_grain", "period", "unit_id", "area"]
    per_unit = members.filter(pc.not_equal(members["period_grain"], "year"))
    overall = members.set_column(
        members.schema.get_field_index("unit_id"),
        "unit_id",
        pa.DictionaryArray.from_arrays(np.zeros(len(members), dtype=np.int32), ["ALL"]).cast(
            pa.string()
        ),
    )
    grouped = (
        pa.concat_tables([per_unit, overall])
        .group_by(keys)
        .aggregate([("member_value", "sum"), ("member_value", "count")])
    )
    return pa.table(
        {
            **{k: grouped[k] for k in keys},
            "value_sum": grouped["member_value_sum"].cast(pa.int64()),
            "member_count": grouped["member_value_count"].cast(pa.int64()),
        }
    )


def combine_results(partials: list[pa.Table]) -> pa.Table:
    """The results of the members of every partial (``partial_results``)."""
    keys = ["target_id", "period_grain", "period", "unit_id", "area"]
    grouped = (
        pa.concat_tables(partials)
        .group_by(keys)
        .aggregate([("value_sum", "sum"), ("member_count", "sum")])
    )
    is_count = pc.is_in(grouped["target_id"], pa.array(COUNT_FIGURES))
    denominator = pc.if_else(is_count, pa.scalar(None, pa.int64()), grouped["member_count_sum"])
    return pa.table(
        {
            **{k: grouped[k] for k in keys},
            "numerator": grouped["value_sum_sum"].cast(pa.int64()),
            "denominator": denominator.cast(pa.int64()),
        }
    )


def compute_results(members: pa.Table) -> pa.Table:
    """One row per figure, period and unit with a member, unit ALL included.

    Quarterly and half-yearly figures per unit and ALL; yearly figures ALL only.
    Shares: numerator = compliant members, denominator = members; means: summed values
    over members; counts: the count in the numerator and a null denominator.
    """
    return combine_results([partial_results(members)])


def _table(rows: list[dict], columns: list[str]) -> pa.Table:
    """Rows as a table; numbers stay integers, decimals and booleans stay exact text."""
    integers = {"numerator", "denominator", "previous_numerator", "previous_denominator"}
    return pa.table(
        {
            c: pa.array([r[c] for r in rows], pa.int64() if c in integers else pa.string())
            for c in columns
        }
    )


def _write_csv(table: pa.Table, path: Path, keys: list[str]) -> None:
    """CSV sorted by the key, an empty field for null; DuckDB only sorts and writes."""
    order = ", ".join(f"{k} nulls first" for k in keys)
    columns = ", ".join(table.column_names)
    with duckdb.connect() as con:
        con.register("frame", table)
        con.execute(
            f"copy (select {columns} from frame order by {order}) "
            f"to '{path.as_posix()}' (format csv, header true)"
        )


def write_link_files(world: World, truth_out: Path) -> None:
    """case_links.csv and document_links.csv: how the warehouse must link each record."""
    with (truth_out / "case_links.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["case_id", "legacy_case_id", "b_case_id", "link_method"])
        for c in sorted(world.cases, key=lambda c: c.member_id):
            writer.writerow([c.member_id, c.legacy_case_id or "", c.b_case_id or "", c.link_method])
    with (truth_out / "document_links.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["document_id", "case_id"])
        for d in sorted(world.documents, key=lambda d: d.document_id):
            writer.writerow([d.document_id, d.case_id or ""])


def _summary(members: pa.Table, results: pa.Table, may: dict, world: World) -> dict:
    counts = members.group_by(["target_id", "period_grain"]).aggregate([([], "count_all")])
    return {
        "as_of": world.as_of.isoformat(),
        "may_measurement": may,
        "member_rows": len(members),
        "result_rows": len(results),
        "members_per_target": {
            f"{t}/{g}": n
            for t, g, n in sorted(
                zip(
                    counts["target_id"].to_pylist(),
                    counts["period_grain"].to_pylist(),
                    counts["count_all"].to_pylist(),
                    strict=True,
                )
            )
        },
        "cases": len(world.cases),
        "documents": len(world.documents),
        "complaints": len(world.complaints),
        "access_requests": len(world.access_requests),
        "inquiries": len(world.inquiries),
    }


def write_truth(
    world: World,
    truth_out: Path,
    params: Params | None = None,
    write_links: bool = True,
) -> dict:
    """Write target_members.csv, target_results.csv (and the link files) to truth_out.

    Also published_results.csv: the suppression of every published cell.
    Returns a summary: the May measurement per year, row counts per target.
    """
    truth_out = Path(truth_out)
    truth_out.mkdir(parents=True, exist_ok=True)
    params = params or load_params()
    members, may = compute_members(world, params)
    results = compute_results(members)
    rows = figure_columns(results.to_pylist(), params)
    _write_csv(members, truth_out / "target_members.csv", MEMBER_KEY)
    _write_csv(_table(rows, RESULT_COLUMNS), truth_out / "target_results.csv", RESULT_KEY)
    min_count = int(params.vars.get("suppression_min_count", 5))
    published = published_rows(rows, min_count)
    _write_csv(
        _table(published, list(PUBLISHED_COLUMNS)),
        truth_out / "published_results.csv",
        RESULT_KEY,
    )
    if write_links:
        write_link_files(world, truth_out)
    return _summary(members, results, may, world)
