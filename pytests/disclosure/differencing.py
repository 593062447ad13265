"""Differencing attacks on the published tables, with exact rank arithmetic.

The publication marts blank small cells (diskretionering). An attacker knows every
published cell and the relations between them: per figure, area, half-year and period,
ALL is the sum of the units (UNKNOWN included); per unit, a half-year is the sum of its
two quarters (the backlog figure: the value at its end quarter); a unit without a row has
0. A suppressed value is *determined* when it is a linear combination of published
values, i.e. its unit vector lies in the row space of the equations restricted to the
unknowns. Gaussian elimination over fractions.Fraction decides that exactly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

# The count whose half-year value is the value at the half-year's end, not a sum.
END_OF_PERIOD_FIGURES = frozenset({"open_overdue_without_notice"})


@dataclass(frozen=True)
class Cell:
    """One published row's value of one measure."""

    target_id: str
    area: str
    half_year: str
    period_grain: str
    period: str
    unit_id: str
    measure: str


@dataclass(frozen=True)
class Recovered:
    """A suppressed cell an attacker can compute, with the reason it was suppressed."""

    cell: Cell
    suppression_reason: str


def half_year_of(period_grain: str, period: str) -> str:
    """The half-year (2010H1) a quarter (2010Q2) or half-year row belongs to."""
    if period_grain == "half_year":
        return period
    return f"{period[:4]}H{1 if int(period[5]) <= 2 else 2}"


def quarters_of(half_year: str) -> tuple[str, str]:
    first = 1 if half_year[5] == "1" else 3
    return f"{half_year[:4]}Q{first}", f"{half_year[:4]}Q{first + 1}"


def _reduce(rows: list[dict[int, Fraction]], vec: dict[int, Fraction]) -> dict[int, Fraction]:
    """vec minus its projection on the echelon rows (each row keyed by its pivot first)."""
    vec = dict(vec)
    for row in rows:
        pivot = next(iter(row))
        factor = vec.get(pivot)
        if factor:
            for k, v in row.items():
                nv = vec.get(k, Fraction(0)) - factor * v
                if nv:
                    vec[k] = nv
                else:
                    vec.pop(k, None)
    return vec


def echelon(equations: list[dict[int, Fraction]]) -> list[dict[int, Fraction]]:
    """Row-reduced basis of the span of sparse equations (pivot = smallest key, coeff 1)."""
    basis: list[dict[int, Fraction]] = []
    for eq in equations:
        rest = _reduce(basis, eq)
        if not rest:
            continue
        pivot = min(rest)
        scale = rest[pivot]
        row = {pivot: Fraction(1)}
        row.update({k: v / scale for k, v in sorted(rest.items()) if k != pivot})
        # keep earlier rows reduced against the new pivot, so _reduce needs one pass
        for i, old in enumerate(basis):
            f = old.get(pivot)
            if f:
                new = dict(old)
                for k, v in row.items():
                    nv = new.get(k, Fraction(0)) - f * v
                    if nv:
                        new[k] = nv
                    else:
                        new.pop(k, None)
                p = next(iter(old))
                basis[i] = {p: new[p], **{k: v for k, v in new.items() if k != p}}
        basis.append(row)
    return basis


def determined(equations: list[dict[int, Fraction]], unknowns: int) -> set[int]:
    """Indices of the unknowns whose value the equations fix."""
    basis = echelon(equations)
    return {j for j in range(unknowns) if not _reduce(basis, {j: Fraction(1)})}


def _group_equations(
    target_id: str, half_year: str, group: list[dict], measure: str, index: dict
) -> list[dict[int, Fraction]]:
    """The attacker's equations of one figure and half-year, restricted to the unknowns."""
    q1, q2 = quarters_of(half_year)
    periods = [("quarter", q1), ("quarter", q2), ("half_year", half_year)]
    by_cell = {(r["period_grain"], r["period"], r["unit_id"]): r for r in group}
    units = sorted({r["unit_id"] for r in group if r["unit_id"] != "ALL"})

    def known(grain: str, period: str, unit: str) -> Fraction | None:
        row = by_cell.get((grain, period, unit))
        return Fraction(row[measure] or 0) if row else None

    equations: list[dict[int, Fraction]] = []

    def add(terms: list[tuple[str, str, str, int]]) -> None:
        eq: dict[int, Fraction] = {}
        for grain, period, unit, sign in terms:
            j = index.get((grain, period, unit))
            if j is not None:
                eq[j] = eq.get(j, Fraction(0)) + sign
        eq = {k: v for k, v in eq.items() if v}
        if eq:
            equations.append(eq)

    # ALL = sum of the units (a unit without a row has 0), per period
    for grain, period in periods:
        if (grain, period, "ALL") in by_cell:
            add([(grain, period, "ALL", -1)] + [(grain, period, u, 1) for u in units])
    # a unit's half-year from its quarters, where ALL shows that relation holds
    end_only = target_id in END_OF_PERIOD_FIGURES
    all_h = known("half_year", half_year, "ALL")
    all_1 = known("quarter", q1, "ALL") or Fraction(0)
    all_2 = known("quarter", q2, "ALL") or Fraction(0)
    if all_h is not None and all_h == (all_2 if end_only else all_1 + all_2):
        for u in units:
            parts = [("quarter", q2, u, 1)]
            if not end_only:
                parts.append(("quarter", q1, u, 1))
            add([("half_year", half_year, u, -1), *parts])
    return equations


def attack(rows: list[dict], *, only_totals: bool = False) -> tuple[list[Recovered], int]:
    """Every suppressed cell the published rows determine, and how many were tried.

    rows: published rows with target_id, period_grain, period, unit_id, area, numerator,
    denominator, is_suppressed, suppression_reason. only_totals: treat every unit-level
    cell as suppressed - what ALL alone reveals (a unit that is the only one with members
    in a period equals ALL there; ALL is never suppressed, so no rule can hide that).
    """
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in rows:
        if r["period_grain"] not in ("quarter", "half_year"):
            continue
        key = (r["target_id"], r["area"] or "", half_year_of(r["period_grain"], r["period"]))
        groups[key].append(r)

    recovered: list[Recovered] = []
    tried = 0
    for (target_id, area, half_year), group in groups.items():
        by_cell = {(r["period_grain"], r["period"], r["unit_id"]): r for r in group}
        for measure in ("numerator", "denominator"):
            if all(r[measure] is None for r in group if r["unit_id"] == "ALL"):
                continue  # count figures have no denominator
            unknown = [
                key
                for key, r in by_cell.items()
                if r["is_suppressed"] or (only_totals and r["unit_id"] != "ALL")
            ]
            if not unknown:
                continue
            index = {key: j for j, key in enumerate(unknown)}
            tried += len(index)
            equations = _group_equations(target_id, half_year, group, measure, index)
            for j in determined(equations, len(index)):
                grain, period, unit = unknown[j]
                cell = Cell(target_id, area, half_year, grain, period, unit, measure)
                recovered.append(Recovered(cell, by_cell[unknown[j]]["suppression_reason"]))
    return recovered, tried


def recovered_beyond_totals(rows: list[dict]) -> tuple[list[Recovered], int, int]:
    """Suppressed cells the published cells determine that ALL alone would not reveal.

    Returns them, the number of suppressed cells tried, and the number ALL alone reveals
    (a unit with the only members of a period equals ALL there, and so does what follows
    from it, e.g. its half-year when its other quarter has no row: disclosed by the total,
    which is never suppressed, whatever the rule).
    """
    recovered, tried = attack(rows)
    by_totals = {r.cell for r in attack(rows, only_totals=True)[0]}
    beyond = [r for r in recovered if r.cell not in by_totals]
    return beyond, tried, len([r for r in recovered if r.cell in by_totals])
