"""No suppressed cell of the published tables can be recovered by differencing.

targets.md "Real exports": disclosure control holds across tables - across units (ALL
minus the other units) and across grains (a half-year minus its other quarter). For each
figure, area and half-year the attacker's linear system (units + ALL per quarter and
half-year, ALL = sum of the units incl. UNKNOWN, H = Q1 + Q2 per unit, the backlog's H =
its end quarter) is solved exactly (fractions), and no suppressed numerator or denominator
may be determined - primary, grain or complement alike - except what ALL alone discloses:
a unit that is alone in its period equals ALL there (and its half-year equals it too when
its other quarter has no row); ALL is never suppressed, so no rule can protect those
(docs: publication_suppression).
"""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest
from differencing import attack, recovered_beyond_totals

pytestmark = pytest.mark.e2e

PUBLISHED = """
    select target_id, period_grain, period, unit_id, area, numerator, denominator,
           is_suppressed, suppression_reason
    from marts.fct_published_target_results
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str = PUBLISHED) -> list[dict]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _row(period_grain, period, unit_id, n, d, reason=None, target_id="t"):
    return {
        "target_id": target_id, "period_grain": period_grain, "period": period,
        "unit_id": unit_id, "area": None, "numerator": None if reason else n,
        "denominator": None if reason else d, "is_suppressed": reason is not None,
        "suppression_reason": reason,
    }  # fmt: skip


def test_the_attack_recovers_a_quarter_from_its_half_year():
    """The old rule blanked only the small quarter: Q1 = H1 - Q2 recovers it."""
    rows = [
        _row("quarter", "2010Q1", "ALL", 20, 23),
        _row("quarter", "2010Q2", "ALL", 27, 30),
        _row("half_year", "2010H1", "ALL", 47, 53),
        _row("quarter", "2010Q1", "U-101", 2, 3, "small_population"),
        _row("quarter", "2010Q1", "U-102", 18, 20, "complementary"),
        _row("quarter", "2010Q2", "U-101", 9, 10),
        _row("half_year", "2010H1", "U-101", 11, 13),
        _row("quarter", "2010Q2", "U-102", 18, 20),
        _row("half_year", "2010H1", "U-102", 36, 40),
    ]
    recovered, tried = attack(rows)
    assert tried == 4
    assert {(r.cell.period, r.cell.unit_id, r.cell.measure) for r in recovered} == {
        ("2010Q1", "U-101", "numerator"), ("2010Q1", "U-101", "denominator"),
        ("2010Q1", "U-102", "numerator"), ("2010Q1", "U-102", "denominator"),
    }  # fmt: skip


def test_the_attack_recovers_a_lone_suppressed_unit_from_the_total():
    rows = [
        _row("quarter", "2010Q1", "ALL", 12, 20),
        _row("quarter", "2010Q1", "U-101", 2, 3, "primary"),
        _row("quarter", "2010Q1", "UNKNOWN", 10, 17),
    ]
    recovered, _ = attack(rows)
    assert {(r.cell.unit_id, r.cell.measure) for r in recovered} == {
        ("U-101", "numerator"),
        ("U-101", "denominator"),
    }


def test_grain_and_complement_suppression_withstand_the_attack():
    rows = [
        _row("quarter", "2010Q1", "ALL", 20, 23),
        _row("quarter", "2010Q2", "ALL", 27, 30),
        _row("half_year", "2010H1", "ALL", 47, 53),
        _row("quarter", "2010Q1", "U-101", 2, 3, "primary"),
        _row("quarter", "2010Q2", "U-101", 9, 10, "grain"),
        _row("half_year", "2010H1", "U-101", 11, 13, "grain"),
        _row("quarter", "2010Q1", "U-102", 18, 20, "complement"),
        _row("quarter", "2010Q2", "U-102", 18, 20, "complement"),
        _row("half_year", "2010H1", "U-102", 36, 40, "complement"),
    ]
    recovered, tried = attack(rows)
    assert tried == 12
    assert recovered == []


def test_what_all_alone_discloses_is_left_out():
    """A unit alone in its period equals ALL, and its half-year equals ALL's first quarter
    when it has no second-quarter row: recovered, but no rule can hide it. The second
    quarter's unit is recovered by differencing, so that one counts."""
    rows = [
        _row("quarter", "2010Q1", "ALL", 2, 3),
        _row("quarter", "2010Q1", "U-101", 2, 3, "primary"),
        _row("quarter", "2010Q2", "ALL", 20, 22),
        _row("quarter", "2010Q2", "U-102", 2, 3, "primary"),
        _row("quarter", "2010Q2", "U-103", 18, 19),
        _row("half_year", "2010H1", "ALL", 22, 25),
        _row("half_year", "2010H1", "U-101", 2, 3, "primary"),
        _row("half_year", "2010H1", "U-102", 2, 3, "grain"),
        _row("half_year", "2010H1", "U-103", 18, 19),
    ]
    leaked, tried, by_totals = recovered_beyond_totals(rows)
    assert (tried, by_totals) == (8, 4)
    assert {(r.cell.period, r.cell.unit_id) for r in leaked} == {
        ("2010Q2", "U-102"),
        ("2010H1", "U-102"),
    }


def test_no_suppressed_cell_is_recovered_from_the_published_tables(published_build):
    con = duckdb.connect(str(published_build.duckdb), read_only=True)
    rows = _rows(con)
    assert any(r["suppression_reason"] == "primary" for r in rows), "nothing suppressed"
    assert any(r["suppression_reason"] == "complement" for r in rows), "no complement"
    leaked, tried, by_totals = recovered_beyond_totals(rows)
    print(
        f"suppressed cells tried: {tried}; disclosed by ALL alone: {by_totals}; "
        f"recovered otherwise: {Counter(r.suppression_reason for r in leaked)}"
    )
    assert not leaked, f"{len(leaked)} suppressed cells recovered, e.g. {leaked[:3]}"
