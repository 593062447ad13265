"""Yearly case-time measurement, the open-overdue backlog, results as sums of members."""

from __future__ import annotations

import csv
from collections import defaultdict

from sagskvalitet.generator.truth import write_truth
from sagskvalitet.params import load_params

SICK = "sickness_benefit"  # 4 weeks


def test_yearly_measurement_window(b):
    w = b.world(
        "2011-12-31",
        cases=[
            b.case("before", SICK, "2011-04-01", "2011-04-30", "granted"),
            b.case("first_day", SICK, "2011-04-20", "2011-05-01", "granted", unit="U-102"),
            # 1 Apr + 4 weeks = Fri 29 Apr: decided 31 May is late, notice on the due date.
            b.case("last_day_late", "flex_job", "2010-11-01", "2011-05-31", "refused"),
            b.case("late_no_notice", SICK, "2011-04-01", "2011-05-02", "granted"),
            b.case("withdrawn", SICK, "2011-04-01", "2011-05-10", "withdrawn"),
            b.case("after", SICK, "2011-05-20", "2011-06-01", "granted"),
        ],
        docs=[b.doc(1, "last_day_late", "2011-05-02", "delay_notice")],
    )
    # flex_job: 1 Nov 2010 + 6 months = Sun 1 May 2011 -> Mon 2 May 2011 (notice on it).
    assert b.flags(w, "general_compliance", grain="year") == {
        "first_day": ("2011", True),
        "last_day_late": ("2011", False),
        "late_no_notice": ("2011", False),
    }
    assert b.flags(w, "notice_when_overdue", grain="year") == {
        "last_day_late": ("2011", True),
        "late_no_notice": ("2011", False),
    }
    specific = {(r["member_id"], r["area"]) for r in b.members(w, target="specific_compliance")}
    assert specific == {
        ("first_day", SICK),
        ("last_day_late", "flex_job"),
        ("late_no_notice", SICK),
    }
    days = {r["member_id"]: r["member_value"] for r in b.members(w, target="mean_processing_days")}
    assert days == {"first_day": 11, "last_day_late": 211, "late_no_notice": 31}
    results = {
        (r["target_id"], r["unit_id"], r["area"]): (r["numerator"], r["denominator"])
        for r in b.results(w)
        if r["period_grain"] == "year"
    }
    assert results == {
        ("general_compliance", "ALL", None): (1, 3),
        ("notice_when_overdue", "ALL", None): (1, 2),
        ("mean_processing_days", "ALL", None): (253, 3),
        ("specific_compliance", "ALL", SICK): (1, 2),
        ("specific_compliance", "ALL", "flex_job"): (0, 1),
    }


def test_window_from_vars(b):
    params = load_params(
        var_overrides={"case_time_window_start": "04-01", "case_time_window_end": "04-30"}
    )
    w = b.world(
        "2011-12-31",
        cases=[
            b.case("april", SICK, "2011-04-01", "2011-04-29", "granted"),
            b.case("may", SICK, "2011-04-20", "2011-05-01", "granted"),
        ],
    )
    assert b.flags(w, "general_compliance", grain="year", params=params) == {
        "april": ("2011", True)
    }


def _backlog_world(b, as_of):
    return b.world(
        as_of,
        cases=[
            b.case("open", SICK, "2011-02-01"),  # due Tue 1 Mar 2011
            b.case("closed_q2_end", SICK, "2011-02-01", "2011-06-30", "withdrawn", unit="U-102"),
            b.case("noticed", SICK, "2011-02-01"),
            b.case("due_on_q1_end", SICK, "2011-03-03"),  # due Thu 31 Mar 2011
            b.case("received_later", SICK, "2011-07-01", "2011-10-01", "granted"),
        ],
        docs=[b.doc(1, "noticed", "2011-03-01", "delay_notice")],
    )


def test_open_overdue_at_quarter_end(b):
    w = _backlog_world(b, "2011-12-31")
    by_quarter = defaultdict(set)
    for r in b.members(w, target="open_overdue_without_notice", grain="quarter"):
        by_quarter[r["period"]].add(r["member_id"])
        assert r["is_compliant"] is None and r["member_value"] == 1
    assert dict(by_quarter) == {
        "2011Q1": {"open", "closed_q2_end"},
        "2011Q2": {"open", "due_on_q1_end"},
        "2011Q3": {"open", "due_on_q1_end", "received_later"},
        "2011Q4": {"open", "due_on_q1_end"},
    }


def test_open_overdue_half_year_is_value_at_its_end(b):
    w = _backlog_world(b, "2011-12-31")
    halves = defaultdict(set)
    for r in b.members(w, target="open_overdue_without_notice", grain="half_year"):
        halves[r["period"]].add(r["member_id"])
    assert dict(halves) == {
        "2011H1": {"open", "due_on_q1_end"},
        "2011H2": {"open", "due_on_q1_end"},
    }
    results = {
        (r["period_grain"], r["period"], r["unit_id"]): (r["numerator"], r["denominator"])
        for r in b.results(w, target="open_overdue_without_notice")
    }
    assert results[("half_year", "2011H1", "ALL")] == (2, None)
    assert results[("quarter", "2011Q1", "U-102")] == (1, None)
    assert ("half_year", "2011H1", "U-102") not in results


def test_open_overdue_only_quarter_ends_up_to_as_of(b):
    w = _backlog_world(b, "2011-12-30")
    periods = {r["period"] for r in b.members(w, target="open_overdue_without_notice")}
    assert periods == {"2011Q1", "2011Q2", "2011Q3", "2011H1"}


def _mixed_world(b):
    return b.world(
        "2012-12-31",
        cases=[
            b.case("c1", "rehabilitation", "2012-01-02", "2012-02-01", "granted", unit="U-101"),
            b.case("c2", "flex_job", "2012-01-02", "2012-08-01", "refused", unit="U-102"),
            b.case(
                "c3", "disability_pension", "2012-02-01", "2012-05-10", "refused", unit="UNKNOWN"
            ),
            b.case("c4", "cash_benefit", "2012-05-01", "2012-05-20", "granted", unit="U-103"),
            b.case("c5", SICK, "2012-03-01"),
        ],
        docs=[
            b.doc(
                1,
                "c1",
                "2012-01-20",
                "resource_profile",
                "work_capacity_assessment",
                participated=True,
            ),
            b.doc(2, "c2", "2012-07-01", "delay_notice"),
            b.doc(3, "c3", "2012-04-01", "hearing"),
        ],
        complaints=[b.complaint("k1", "2012-03-01", "both", unit="U-104", reassessed="2012-03-20")],
        requests=[b.access("a1", "2012-04-02", "OFFL", answered="2012-04-05", unit="U-105")],
        inquiries=[
            b.inquiry("i1", "2012-09-03", "email", first_response="2012-09-04", unit="U-106")
        ],
    )


def test_results_are_sums_of_members(b):
    w = _mixed_world(b)
    members = b.members(w)
    assert len(members) > 30
    expected = defaultdict(lambda: [0, 0])
    for m in members:
        units = ["ALL"] if m["period_grain"] == "year" else [m["unit_id"], "ALL"]
        for unit in units:
            key = (m["target_id"], m["period_grain"], m["period"], unit, m["area"])
            expected[key][0] += m["member_value"]
            expected[key][1] += 1
    got = {
        (r["target_id"], r["period_grain"], r["period"], r["unit_id"], r["area"]): (
            r["numerator"],
            r["denominator"],
        )
        for r in b.results(w)
    }
    counts = {"formality_complaints", "open_overdue_without_notice"}
    assert got == {k: (num, None if k[0] in counts else den) for k, (num, den) in expected.items()}
    assert got[("deadline_or_notice", "quarter", "2012Q3", "U-102", None)] == (1, 1)
    # c1 decided in time; c3 (60 working days from 1 Feb) decided late without notice.
    assert got[("deadline_or_notice", "half_year", "2012H1", "ALL", None)] == (1, 2)
    assert got[("profile_before_decision", "quarter", "2012Q1", "ALL", None)] == (1, 1)
    assert got[("hearing_before_refusal", "half_year", "2012H2", "ALL", None)] == (0, 1)
    assert got[("specific_compliance", "year", "2012", "ALL", "cash_benefit")] == (0, 1)


def test_write_truth_files(b, tmp_path):
    w = _mixed_world(b)
    summary = write_truth(w, tmp_path)
    with (tmp_path / "target_members.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
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
    keys = [tuple(r.values())[:7] for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert {r["is_compliant"] for r in rows} == {"true", "false", ""}
    mean = [r for r in rows if r["target_id"] == "mean_processing_days"]
    assert [(r["member_id"], r["is_compliant"], r["member_value"]) for r in mean] == [
        ("c4", "", "19"),  # unit U-103 sorts before UNKNOWN
        ("c3", "", "99"),
    ]
    with (tmp_path / "target_results.csv").open(newline="") as fh:
        results = list(csv.DictReader(fh))
    formality = [r for r in results if r["target_id"] == "formality_complaints"]
    assert {(r["unit_id"], r["numerator"], r["denominator"]) for r in formality} == {
        ("ALL", "1", ""),
        ("U-104", "1", ""),
    }
    assert summary["may_measurement"] == {
        "2012": {"decisions": 2, "general_compliance_pct": 0.0, "mean_processing_days": 59.0}
    }
    assert (tmp_path / "case_links.csv").read_text().splitlines()[1] == "c1,,c1,system_b_only"
    assert (tmp_path / "document_links.csv").read_text().splitlines()[1:] == [
        "1,c1",
        "2,c2",
        "3,c3",
    ]
