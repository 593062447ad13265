"""Disclosure control of the truth: no suppressed cell can be recovered by differencing."""

from __future__ import annotations

from sagskvalitet.generator.publication import published_rows, recoverable_cells, suppress


def _rows(table: dict[str, dict[str, int]], target="citizen_involved", half="2010H1"):
    """{unit: {period: population}} -> result rows (H rows the sum of their quarters)."""
    rows = []
    for unit, cells in table.items():
        for period, d in cells.items():
            rows.append(
                {
                    "target_id": target,
                    "period_grain": "half_year" if "H" in period else "quarter",
                    "period": period,
                    "unit_id": unit,
                    "area": None,
                    "numerator": d - 1 if d else 0,
                    "denominator": d,
                }
            )
        quarters = [d for p, d in cells.items() if "Q" in p]
        n, d = sum(q - 1 for q in quarters), sum(quarters)
        h = {"period_grain": "half_year", "period": half, "numerator": n, "denominator": d}
        rows.append({**rows[-1], **h})
    total: dict[tuple, list[int]] = {}
    for r in rows:
        t = total.setdefault((r["period_grain"], r["period"]), [0, 0])
        t[0] += r["numerator"]
        t[1] += r["denominator"]
    for (grain, period), (n, d) in total.items():
        rows.append({**rows[0], "period_grain": grain, "period": period, "unit_id": "ALL",
                     "numerator": n, "denominator": d})  # fmt: skip
    return rows


def _key(r):
    return (r["target_id"], r["period_grain"], r["period"], r["unit_id"], r["area"])


TABLE = {
    "U-101": {"2010Q1": 3, "2010Q2": 40},  # small in Q1, not in Q2
    "U-102": {"2010Q1": 30, "2010Q2": 31},
    "U-103": {"2010Q1": 50, "2010Q2": 12},
    "U-104": {"2010Q1": 60, "2010Q2": 61},
}


def test_primary_grain_and_complement():
    reasons = {k[2:4]: v for k, v in suppress(_rows(TABLE)).items()}
    assert reasons[("2010Q1", "U-101")] == "primary"
    assert reasons[("2010Q2", "U-101")] == "grain"
    assert reasons[("2010H1", "U-101")] == "grain"
    # one unit's group alone would be ALL minus the others: the smallest H population
    # among the units with a row in the same periods is hidden too (U-102: 61 < 62 < 121)
    hidden = {u for (p, u), v in reasons.items() if v == "complement"}
    assert hidden == {"U-102"}
    assert {v for (p, u), v in reasons.items() if u == "U-102"} == {"complement"}
    assert all(v is None for (p, u), v in reasons.items() if u in ("ALL", "U-103", "U-104"))


def test_no_suppressed_cell_is_recoverable():
    rows = _rows(TABLE)
    hidden = {_key(r) for r in published_rows(rows) if r["is_suppressed"] == "true"}
    keyed = {_key(r) for r in rows}
    assert hidden <= keyed and len(hidden) == 6
    for value in ("numerator", "denominator"):
        assert recoverable_cells(rows, hidden, value) == []


def test_the_old_rule_could_be_undone_by_differencing():
    # Primary suppression and one complementary unit per period only (the old rule):
    # U-101's Q1 is its H1 minus its Q2, and its Q2 and H1 were published.
    rows = _rows(TABLE)
    hidden = {("citizen_involved", "quarter", "2010Q1", u, None) for u in ("U-101", "U-102")}
    found = recoverable_cells(rows, hidden, "denominator")
    assert ("citizen_involved", "quarter", "2010Q1", "U-101", None) in found


def test_every_differencing_attack_on_a_larger_table():
    table = {
        f"U-10{i}": {"2010Q1": q1, "2010Q2": q2}
        for i, (q1, q2) in enumerate([(2, 9), (7, 3), (40, 41), (6, 50), (1, 1)], start=1)
    }
    table["UNKNOWN"] = {"2010Q2": 4}  # a unit with a row in one quarter only
    rows = _rows(table)
    hidden = {_key(r) for r in published_rows(rows) if r["is_suppressed"] == "true"}
    assert hidden
    for value in ("numerator", "denominator"):
        assert recoverable_cells(rows, hidden, value) == []


def test_units_with_rows_in_different_periods():
    # UNKNOWN has a row in Q1 only and is small: the complement unit's Q2 would be alone
    # in its column (ALL minus the others) under the contract's step 3; step 4 hides one
    # more unit there.
    table = {
        "UNKNOWN": {"2010Q1": 1},
        "U-101": {"2010Q1": 30, "2010Q2": 31},
        "U-102": {"2010Q1": 40, "2010Q2": 41},
        "U-103": {"2010Q1": 50, "2010Q2": 51},
    }
    rows = _rows(table)
    published = published_rows(rows)
    hidden = {_key(r) for r in published if r["is_suppressed"] == "true"}
    reasons = {(r["period"], r["unit_id"]): r["suppression_reason"] for r in published}
    assert reasons[("2010Q1", "UNKNOWN")] == "primary"
    assert reasons[("2010Q2", "U-101")] == "complement"
    assert reasons[("2010Q2", "U-102")] == "complement"
    for value in ("numerator", "denominator"):
        assert recoverable_cells(rows, hidden, value) == []
