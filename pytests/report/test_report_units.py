"""The report's formats, period parsing and chart, without a warehouse."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sagskvalitet.report import fmt
from sagskvalitet.report.chart import trend_svg
from sagskvalitet.report.data import ReportError, parse_period


def test_danish_formats():
    assert fmt.integer(1234567) == "1.234.567"
    assert fmt.integer(None) == "–"
    assert fmt.percent(Decimal("95.3")) == "95,3 %"
    assert fmt.percent(Decimal("100.0")) == "100,0 %"
    assert fmt.share_as_percent(Decimal("0.9500")) == "95 %"
    assert fmt.share_as_percent(Decimal("0.9250")) == "92,5 %"
    assert fmt.signed(Decimal("-9.1"), " pp") == "−9,1 pp"
    assert fmt.signed(Decimal("4.8"), " pp") == "+4,8 pp"
    assert fmt.date_da("2010-06-30") == "30. juni 2010"
    assert fmt.period_da("2010Q2") == "2. kvartal 2010"
    assert fmt.period_da("2010H1") == "1. halvår 2010"


@pytest.mark.parametrize("period,grain", [("2010Q2", "quarter"), ("2014H2", "half_year")])
def test_parse_period(period, grain):
    assert parse_period(period) == grain


@pytest.mark.parametrize("period", ["2010Q5", "2010H3", "2010", "Q2-2010", ""])
def test_bad_period_is_a_clear_error(period):
    with pytest.raises(ReportError, match="not a quarter"):
        parse_period(period)


def test_trend_chart_draws_values_and_threshold_without_scripts():
    points = [
        {"period": "2010Q1", "percent": Decimal("90.0"), "threshold": Decimal("0.95")},
        {"period": "2010Q2", "percent": None, "threshold": Decimal("0.95")},
        {"period": "2010Q3", "percent": Decimal("97.5"), "threshold": Decimal("0.95")},
    ]
    svg = trend_svg("deadline_or_notice", points)
    assert (
        svg.startswith("<svg")
        and "<script" not in svg
        and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    )
    assert svg.count('class="threshold"') == 3
    assert ">90,0<" in svg and ">97,5<" in svg
