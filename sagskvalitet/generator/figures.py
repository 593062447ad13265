"""The columns of ``fct_target_results`` a committee reads, computed exactly.

From each figure's numerator and denominator: ratio, percent, whether the target is met,
the previous period's numbers and the change, and the reduction target of a count figure
(targets.md "Arithmetic"; the definitions shared with the models in issue 10). Every
value is a ``Fraction`` until it is rounded once, half away from zero, and written as a
decimal string with the column's scale, so the comparison with the warehouse is exact.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

from sagskvalitet.params import PROJECT_DIR, Params

COUNT_FIGURES = ("formality_complaints", "open_overdue_without_notice")
MEAN_FIGURES = ("mean_processing_days",)
RATIO_SCALE = 10
SHOWN_SCALE = 1  # percent, change, change_percent, target_change_percent

FIGURE_COLUMNS = (
    "ratio",
    "percent",
    "threshold",
    "is_met",
    "previous_period",
    "previous_numerator",
    "previous_denominator",
    "change",
    "change_percent",
    "target_change_percent",
    "is_target_change_met",
)


def round_half_away(value: Fraction, scale: int) -> str:
    """``value`` rounded at ``scale`` decimals, half away from zero, as decimal text."""
    scaled = abs(value) * 10**scale
    units = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    whole, frac = divmod(units, 10**scale)
    sign = "-" if value < 0 and units else ""
    return f"{sign}{whole}.{frac:0{scale}d}" if scale else f"{sign}{whole}"


def previous_period(grain: str, period: str) -> str:
    """The period before, of the same grain: 2010Q1 -> 2009Q4, 2010H1 -> 2009H2."""
    return shifted_period(grain, period, 1)


def shifted_period(grain: str, period: str, back: int) -> str:
    """The period ``back`` periods of the grain before ``period``."""
    year = int(period[:4])
    if grain == "year":
        return str(year - back)
    per_year, letter = (4, "Q") if grain == "quarter" else (2, "H")
    index = year * per_year + int(period[5]) - 1 - back
    return f"{index // per_year}{letter}{index % per_year + 1}"


def year_before(grain: str, period: str) -> str:
    """The same quarter (half-year, year) a year before."""
    return shifted_period(grain, period, {"quarter": 4, "half_year": 2, "year": 1}[grain])


def target_change_percents(project_dir: Path | None = None) -> dict[str, Fraction]:
    """The reduction targets of the targets seed (column ``target_change_percent``,
    read tolerantly: absent or empty means not set)."""
    path = (project_dir or PROJECT_DIR) / "seeds" / "reference" / "targets.csv"
    out: dict[str, Fraction] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get("target_change_percent") or "").strip()
            if text:
                out[row["target_id"]] = Fraction(text)
    return out


def _share(numerator: int, denominator: int | None) -> Fraction | None:
    return None if not denominator else Fraction(numerator, denominator)


def _text(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def figure_columns(
    rows: list[dict], params: Params, change_targets: dict[str, Fraction] | None = None
) -> list[dict]:
    """Each result row (target_id, period_grain, period, unit_id, area, numerator,
    denominator) with the committee's columns added; decimals as exact decimal text."""
    change_targets = target_change_percents() if change_targets is None else change_targets
    index = {
        (r["target_id"], r["period_grain"], r["period"], r["unit_id"], r["area"]): r for r in rows
    }
    out = []
    for r in rows:
        target_id, grain, period = r["target_id"], r["period_grain"], r["period"]
        n, d = r["numerator"], r["denominator"]
        count, mean = target_id in COUNT_FIGURES, target_id in MEAN_FIGURES
        share = not count and not mean
        ratio = _share(n, d)
        threshold = params.targets[target_id].threshold
        prev_key = (target_id, grain, previous_period(grain, period), r["unit_id"], r["area"])
        prev = index.get(prev_key)
        pn = prev["numerator"] if prev else None
        pd = prev["denominator"] if prev else None
        change = None
        if prev is not None:
            if count:
                change = f"{n - pn}.0"
            elif ratio is not None and pd:
                diff = ratio - Fraction(pn, pd)
                change = round_half_away(100 * diff if share else diff, SHOWN_SCALE)
        change_percent = None
        if count and pn:
            change_percent = round_half_away(Fraction(100 * (n - pn), pn), SHOWN_SCALE)
        goal = change_targets.get(target_id)
        goal_met = None
        if goal is not None:
            ago_key = (target_id, grain, year_before(grain, period), r["unit_id"], r["area"])
            ago = index.get(ago_key)
            if ago is not None and ago["numerator"]:
                yn = ago["numerator"]
                goal_met = Fraction(100 * (n - yn), yn) <= goal
        out.append(
            {
                **r,
                "ratio": None if ratio is None else round_half_away(ratio, RATIO_SCALE),
                "percent": (
                    round_half_away(100 * ratio, SHOWN_SCALE)
                    if share and ratio is not None
                    else None
                ),
                "threshold": None if threshold is None else str(threshold),
                "is_met": _text(
                    None if threshold is None or not d else Fraction(n) >= Fraction(threshold) * d
                ),
                "previous_period": previous_period(grain, period),
                "previous_numerator": pn,
                "previous_denominator": pd,
                "change": change,
                "change_percent": change_percent,
                "target_change_percent": (
                    None if goal is None else round_half_away(goal, SHOWN_SCALE)
                ),
                "is_target_change_met": _text(goal_met),
            }
        )
    return out
