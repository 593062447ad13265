"""Disclosure control of the published figures, as the truth expects it (issue 10 contract).

Published cells are the quarter and half-year rows of ``fct_target_results``; ``ALL`` is
never suppressed. Per figure (target and area):

1. primary: a unit-level row whose population (denominator; the count for count
   figures) is under ``suppression_min_count``;
2. grain closure: a unit's rows of a half-year H (its two quarters and H) are suppressed
   together when any of them is, so a quarter is not H minus the other quarter;
3. unit complement: when exactly one unit's group is suppressed in H, the group of one
   more unit is too (the smallest H population among the units with a row in every
   period of H the first unit has a row in, then by unit id; else the smallest among
   all units with an H row), so a unit is not ALL minus the others;
4. (beyond the contract) while one period of H still has exactly one suppressed unit,
   the group of one more unit with a row in that period is suppressed too.

``recoverable_cells`` is the attacker's side: which suppressed cells the published cells
determine, by any linear combination of the relations a reader knows.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

COUNT_FIGURES = ("formality_complaints", "open_overdue_without_notice")
END_VALUE_FIGURES = ("open_overdue_without_notice",)  # half-year = value at its end
PUBLISHED_GRAINS = ("quarter", "half_year")
PUBLISHED_COLUMNS = (
    "target_id",
    "period_grain",
    "period",
    "unit_id",
    "area",
    "is_suppressed",
    "suppression_reason",
)


def half_of(quarter: str) -> str:
    """2010Q3 -> 2010H2."""
    return f"{quarter[:4]}H{(int(quarter[5]) + 1) // 2}"


def quarters_of(half: str) -> tuple[str, str]:
    first = 2 * int(half[5]) - 1
    return f"{half[:4]}Q{first}", f"{half[:4]}Q{first + 1}"


def population(row: dict) -> int:
    if row["target_id"] in COUNT_FIGURES:
        return row["numerator"]
    return row["denominator"]


def suppress(rows: list[dict], min_count: int = 5) -> dict[tuple, str | None]:
    """Reason (``primary``, ``grain``, ``complement``) or None for every published row,
    keyed by (target_id, period_grain, period, unit_id, area)."""
    figures: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r["period_grain"] in PUBLISHED_GRAINS:
            figures[(r["target_id"], r["area"])].append(r)
    reasons: dict[tuple, str | None] = {}
    for figure_rows in figures.values():
        reasons.update(_suppress_figure(figure_rows, min_count))
    return reasons


def _key(r: dict) -> tuple:
    return (r["target_id"], r["period_grain"], r["period"], r["unit_id"], r["area"])


def _suppress_figure(rows: list[dict], min_count: int) -> dict[tuple, str | None]:
    reason: dict[tuple, str | None] = {}
    # unit -> half-year -> {period: row}: the unit's group of H
    groups: dict[str, dict[str, dict[str, dict]]] = defaultdict(lambda: defaultdict(dict))
    for r in rows:
        reason[_key(r)] = None
        if r["unit_id"] == "ALL":
            continue
        if population(r) < min_count:
            reason[_key(r)] = "primary"
        half = r["period"] if r["period_grain"] == "half_year" else half_of(r["period"])
        groups[r["unit_id"]][half][r["period"]] = r

    def suppressed(group: dict[str, dict]) -> bool:
        return any(reason[_key(r)] is not None for r in group.values())

    def close(group: dict[str, dict], why: str) -> None:
        for r in group.values():
            if reason[_key(r)] is None:
                reason[_key(r)] = why

    halves = sorted({h for per_unit in groups.values() for h in per_unit})
    for h in halves:
        for per_unit in groups.values():
            if h in per_unit and suppressed(per_unit[h]):
                close(per_unit[h], "grain")
    for h in halves:
        hidden = [u for u, per_unit in groups.items() if h in per_unit and suppressed(per_unit[h])]
        if len(hidden) != 1:
            continue
        u = hidden[0]
        periods = set(groups[u][h])
        with_h = [
            (population(per_unit[h][h]), v)
            for v, per_unit in groups.items()
            if v != u and h in per_unit and h in per_unit[h]
        ]
        covering = [(p, v) for p, v in with_h if periods <= set(groups[v][h])]
        chosen = min(covering or with_h, default=None)
        if chosen is not None:
            close(groups[chosen[1]][h], "complement")
    for h in halves:
        _close_single_columns(h, groups, suppressed, close)
    return reason


def _close_single_columns(h: str, groups: dict, suppressed, close) -> None:
    """Step 4 (beyond the shared contract, which claims but does not reach it): while a
    period of H has exactly one unit whose group is suppressed, suppress the group of one
    more unit with a row in that period (smallest H population, 0 without an H row, then
    unit id). Needed when units have rows in different periods of H: UNKNOWN with a row in
    one quarter only, or a complement unit with a row where the first one has none."""
    periods = (*quarters_of(h), h)
    while True:
        for period in periods:
            units = [u for u, per_unit in groups.items() if period in per_unit.get(h, {})]
            hidden = [u for u in units if suppressed(groups[u][h])]
            if len(hidden) != 1:
                continue
            others = [
                (population(groups[u][h][h]) if h in groups[u][h] else 0, u)
                for u in units
                if u not in hidden
            ]
            if others:
                close(groups[min(others)[1]][h], "complement")
                break
        else:
            return


def published_rows(rows: list[dict], min_count: int = 5) -> list[dict]:
    """The rows of published_results.csv: every published cell and its suppression."""
    reasons = suppress(rows, min_count)
    out = []
    for r in rows:
        if r["period_grain"] not in PUBLISHED_GRAINS:
            continue
        why = reasons[_key(r)]
        out.append(
            {
                "target_id": r["target_id"],
                "period_grain": r["period_grain"],
                "period": r["period"],
                "unit_id": r["unit_id"],
                "area": r["area"],
                "is_suppressed": "true" if why else "false",
                "suppression_reason": why,
            }
        )
    return out


def recoverable_cells(rows: list[dict], suppressed: set[tuple], value: str) -> list[tuple]:
    """Suppressed cells whose ``value`` (numerator or denominator) the published cells
    determine. A reader knows: ALL of a period = the sum of its units (across units),
    a unit's half-year = the sum of its two quarters, or its second quarter for a figure
    valued at the half-year's end (across grains), and that an absent row is 0. A cell
    is recoverable when its unit vector lies in the row space of those relations
    restricted to the suppressed cells. The relations never cross a figure's half-year,
    so each (target, area, half-year) is solved on its own."""
    blocks: dict[tuple, dict[tuple, dict]] = defaultdict(dict)
    for r in rows:
        if r["period_grain"] not in PUBLISHED_GRAINS:
            continue
        half = r["period"] if r["period_grain"] == "half_year" else half_of(r["period"])
        blocks[(r["target_id"], r["area"], half)][_key(r)] = r
    found = []
    for (target, area, half), cells in blocks.items():
        unknown = sorted(k for k in cells if k in suppressed and cells[k][value] is not None)
        if not unknown:
            continue
        # What ALL alone discloses is left out: a unit alone in its period is the total,
        # which is never suppressed, and so is what follows from it (its half-year when
        # its other quarter has no row). No rule can hide it; it is not differencing.
        every_unit_cell = sorted(k for k in cells if k[3] != "ALL" and cells[k][value] is not None)
        by_total = set(_determined(target, area, half, cells, every_unit_cell))
        found += [k for k in _determined(target, area, half, cells, unknown) if k not in by_total]
    return found


def _determined(target: str, area, half: str, cells: dict, unknown: list[tuple]) -> list[tuple]:
    position = {k: i for i, k in enumerate(unknown)}
    q1, q2 = quarters_of(half)
    periods = (("quarter", q1), ("quarter", q2), ("half_year", half))
    units = {k[3] for k in cells if k[3] != "ALL"}
    relations: list[dict[tuple, int]] = []
    for grain, period in periods:  # across units: ALL = the sum of the units
        relations.append({(target, grain, period, u, area): 1 for u in units})
    for u in units:  # across grains: H = Q1 + Q2 (or Q2 for a value at the end)
        parts = (q2,) if target in END_VALUE_FIGURES else (q1, q2)
        relation = {(target, "quarter", q, u, area): 1 for q in parts}
        relation[(target, "half_year", half, u, area)] = -1
        relations.append(relation)
    matrix = np.array([[rel.get(k, 0) for k in unknown] for rel in relations], dtype=float).reshape(
        -1, len(unknown)
    )
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for k in unknown:
        unit_vector = np.zeros((1, len(unknown)))
        unit_vector[0, position[k]] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit_vector])) == rank:
            found.append(k)
    return found
