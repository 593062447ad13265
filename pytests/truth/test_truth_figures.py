"""The committee's columns of the truth: exact decimals, rounded once, half away from zero."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sagskvalitet.generator.figures import (
    figure_columns,
    previous_period,
    round_half_away,
    year_before,
)


@pytest.mark.parametrize(
    ("value", "scale", "text"),
    [
        (Fraction(1225, 100), 1, "12.3"),
        (Fraction(-1225, 100), 1, "-12.3"),
        (Fraction(1224999, 100000), 1, "12.2"),
        (Fraction(-4, 100), 1, "0.0"),  # never "-0.0"
        (Fraction(2, 3), 10, "0.6666666667"),
        (Fraction(1, 1), 10, "1.0000000000"),
        (Fraction(-5, 1), 1, "-5.0"),
    ],
)
def test_round_half_away_from_zero(value, scale, text):
    assert round_half_away(value, scale) == text


def test_previous_periods():
    assert previous_period("quarter", "2010Q1") == "2009Q4"
    assert previous_period("quarter", "2010Q3") == "2010Q2"
    assert previous_period("half_year", "2010H1") == "2009H2"
    assert previous_period("half_year", "2010H2") == "2010H1"
    assert previous_period("year", "2010") == "2009"
    assert year_before("quarter", "2010Q1") == "2009Q1"
    assert year_before("half_year", "2010H2") == "2009H2"


def _row(target, period, n, d, unit="ALL", grain="quarter"):
    return {
        "target_id": target,
        "period_grain": grain,
        "period": period,
        "unit_id": unit,
        "area": None,
        "numerator": n,
        "denominator": d,
    }


def _by_period(rows):
    return {r["period"]: r for r in rows}


def test_share_columns(params):
    rows = [
        _row("profile_before_decision", "2010Q1", 19, 20),  # exactly 95 %: met
        _row("profile_before_decision", "2010Q2", 37, 39),  # 94.87... %: not met
    ]
    out = _by_period(figure_columns(rows, params, {}))
    q1, q2 = out["2010Q1"], out["2010Q2"]
    assert (q1["ratio"], q1["percent"], q1["is_met"]) == ("0.9500000000", "95.0", "true")
    assert (q2["ratio"], q2["percent"], q2["is_met"]) == ("0.9487179487", "94.9", "false")
    assert (q1["previous_period"], q1["previous_numerator"], q1["change"]) == ("2009Q4", None, None)
    assert (q2["previous_numerator"], q2["previous_denominator"]) == (19, 20)
    # 100 * (37/39 - 19/20) = -0.128... -> -0.1, from the unrounded values
    assert q2["change"] == "-0.1" and q2["change_percent"] is None


def test_change_from_unrounded_values_not_from_rounded_percents(params):
    # 12.25 % then 24.5 %: the shown percents differ by 24.5 - 12.3 = 12.2, but the
    # change rounds once from 12.25: 12.3
    rows = [
        _row("citizen_involved", "2010Q1", 49, 400),
        _row("citizen_involved", "2010Q2", 98, 400),
    ]
    out = _by_period(figure_columns(rows, params, {}))
    assert out["2010Q1"]["percent"] == "12.3"
    assert out["2010Q2"]["change"] == "12.3"


def test_count_figure_change_and_change_percent(params):
    rows = [
        _row("formality_complaints", "2009Q2", 40, None),
        _row("formality_complaints", "2009Q3", 49, None),
        _row("formality_complaints", "2010Q2", 38, None),
        _row("formality_complaints", "2010Q3", 43, None),
    ]
    out = _by_period(figure_columns(rows, params, {"formality_complaints": Fraction(-10)}))
    q3 = out["2010Q3"]
    assert (q3["ratio"], q3["percent"], q3["is_met"]) == (None, None, None)
    assert q3["change"] == "5.0"
    assert q3["change_percent"] == "13.2"  # 100 * 5 / 38 = 13.157...
    assert q3["target_change_percent"] == "-10.0"
    # against the same quarter a year before: 43 vs 49 is -12.2 % <= -10 %: met
    assert q3["is_target_change_met"] == "true"
    assert out["2010Q2"]["is_target_change_met"] == "false"  # 38 vs 40: -5 %
    assert out["2009Q2"]["is_target_change_met"] is None  # no year before


def test_reduction_target_not_set_is_null(params):
    rows = [_row("formality_complaints", "2010Q3", 43, None)]
    (row,) = figure_columns(rows, params, {})
    assert row["target_change_percent"] is None and row["is_target_change_met"] is None


def test_mean_processing_days_change_in_days(params):
    rows = [
        _row("mean_processing_days", "2009", 1000, 100, grain="year"),
        _row("mean_processing_days", "2010", 1125, 100, grain="year"),
    ]
    out = _by_period(figure_columns(rows, params, {}))
    assert out["2010"]["percent"] is None and out["2010"]["ratio"] == "11.2500000000"
    assert out["2010"]["change"] == "1.3"  # 11.25 - 10 = 1.25 -> 1.3
