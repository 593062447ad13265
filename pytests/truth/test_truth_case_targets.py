"""Quarterly case targets: profile_before_decision, citizen_involved, deadline_or_notice."""

from __future__ import annotations

REHAB = "rehabilitation"


def test_decision_on_due_date_is_in_time(b):
    # 14 Jan 2011 + 3 months = Thu 14 Apr 2011, a working day.
    w = b.world(
        "2011-12-31",
        cases=[
            b.case("on_due", REHAB, "2011-01-14", "2011-04-14", "granted"),
            b.case("day_late", REHAB, "2011-01-14", "2011-04-15", "granted"),
        ],
    )
    assert b.flags(w, "deadline_or_notice") == {
        "on_due": ("2011Q2", True),
        "day_late": ("2011Q2", False),
    }


def test_delay_notice_on_due_date_counts(b):
    w = b.world(
        "2011-12-31",
        cases=[
            b.case("notice_on_due", REHAB, "2011-01-14", "2011-05-20", "refused"),
            b.case("notice_late", REHAB, "2011-01-14", "2011-05-20", "refused"),
            b.case("notice_other_case", REHAB, "2011-01-14", "2011-05-20", "refused"),
        ],
        docs=[
            b.doc(1, "notice_on_due", "2011-04-14", "delay_notice"),
            b.doc(2, "notice_late", "2011-04-15", "delay_notice"),
            b.doc(3, None, "2011-04-01", "delay_notice"),  # unlinked: counts nowhere
        ],
    )
    assert b.flags(w, "deadline_or_notice") == {
        "notice_on_due": ("2011Q2", True),
        "notice_late": ("2011Q2", False),
        "notice_other_case": ("2011Q2", False),
    }


def test_profile_before_decision(b):
    cases = [
        b.case(m, "flex_job", "2011-01-03", "2011-03-15", "granted")
        for m in ("draft_only", "final_and_assessment", "combined", "assessment_late")
    ]
    docs = [
        b.doc(1, "draft_only", "2011-02-01", "resource_profile", draft=True),
        b.doc(2, "draft_only", "2011-02-01", "work_capacity_assessment"),
        b.doc(3, "final_and_assessment", "2011-02-01", "resource_profile"),
        b.doc(4, "final_and_assessment", "2011-03-15", "work_capacity_assessment"),
        # "Ressourceprofil inkl. vurdering af arbejdsevne" is both kinds.
        b.doc(5, "combined", "2011-03-01", "resource_profile", "work_capacity_assessment"),
        b.doc(6, "assessment_late", "2011-02-01", "resource_profile"),
        b.doc(7, "assessment_late", "2011-03-16", "work_capacity_assessment"),
    ]
    w = b.world("2011-12-31", cases=cases, docs=docs)
    assert b.flags(w, "profile_before_decision") == {
        "draft_only": ("2011Q1", False),
        "final_and_assessment": ("2011Q1", True),
        "combined": ("2011Q1", True),
        "assessment_late": ("2011Q1", False),
    }
    half = b.flags(w, "profile_before_decision", grain="half_year")
    assert {m: p for m, (p, _) in half.items()} == dict.fromkeys(half, "2011H1")


def test_draft_without_assessment_fails(b):
    w = b.world(
        "2011-12-31",
        cases=[b.case("c1", "disability_pension", "2011-01-03", "2011-02-01", "recommended")],
        docs=[b.doc(1, "c1", "2011-01-10", "resource_profile", draft=True, participated=True)],
    )
    assert b.flags(w, "profile_before_decision") == {"c1": ("2011Q1", False)}
    assert b.flags(w, "citizen_involved") == {"c1": ("2011Q1", True)}


def test_citizen_involved(b):
    ids = ("meeting", "draft_with_citizen", "final_without", "meeting_late", "unknown")
    w = b.world(
        "2011-12-31",
        cases=[b.case(m, REHAB, "2011-01-03", "2011-03-15", "granted") for m in ids],
        docs=[
            b.doc(1, "meeting", "2011-03-15", "citizen_meeting"),
            b.doc(
                2,
                "draft_with_citizen",
                "2011-02-01",
                "resource_profile",
                draft=True,
                participated=True,
            ),
            b.doc(3, "final_without", "2011-02-01", "resource_profile", participated=False),
            b.doc(4, "meeting_late", "2011-03-16", "citizen_meeting"),
            b.doc(5, "unknown", "2011-02-01", "resource_profile", participated=None),
        ],
    )
    assert b.flags(w, "citizen_involved") == {
        "meeting": ("2011Q1", True),
        "draft_with_citizen": ("2011Q1", True),
        "final_without": ("2011Q1", False),
        "meeting_late": ("2011Q1", False),
        "unknown": ("2011Q1", False),
    }


def test_profile_targets_end_2012(b):
    w = b.world(
        "2013-12-31",
        cases=[
            b.case("last_day", REHAB, "2012-11-01", "2012-12-31", "granted"),
            b.case("after", REHAB, "2012-11-01", "2013-01-02", "granted"),
        ],
    )
    assert set(b.flags(w, "profile_before_decision")) == {"last_day"}
    assert set(b.flags(w, "citizen_involved")) == {"last_day"}
    assert set(b.flags(w, "deadline_or_notice")) == {"last_day", "after"}


def test_population_is_work_capacity_decisions(b):
    w = b.world(
        "2011-12-31",
        cases=[
            b.case("sick", "sickness_benefit", "2011-01-03", "2011-01-20", "granted"),
            b.case("withdrawn", REHAB, "2011-01-03", "2011-01-20", "withdrawn"),
            b.case("open", REHAB, "2011-01-03"),
            b.case("pension", "disability_pension", "2011-01-03", "2011-01-20", "recommended"),
        ],
    )
    assert set(b.flags(w, "deadline_or_notice")) == {"pension"}
    assert set(b.flags(w, "profile_before_decision")) == {"pension"}


def test_flexjob_guidance_and_hearing(b):
    w = b.world(
        "2011-12-31",
        cases=[
            b.case("flex_ok", "flex_job", "2011-01-03", "2011-04-01", "refused"),
            b.case("flex_late", "flex_job", "2011-01-03", "2011-04-01", "granted"),
            b.case("rehab_refused", REHAB, "2011-01-03", "2011-04-01", "refused"),
            b.case("sick_refused", "sickness_benefit", "2011-01-03", "2011-01-20", "refused"),
        ],
        docs=[
            b.doc(1, "flex_ok", "2011-04-01", "flexjob_guidance"),
            b.doc(2, "flex_ok", "2011-03-01", "hearing"),
            b.doc(3, "flex_late", "2011-04-02", "flexjob_guidance"),
            b.doc(4, "rehab_refused", "2011-04-02", "hearing"),
            b.doc(5, "sick_refused", "2011-01-10", "hearing"),
        ],
    )
    assert b.flags(w, "flexjob_guidance_noted") == {
        "flex_ok": ("2011Q2", True),
        "flex_late": ("2011Q2", False),
    }
    assert b.flags(w, "hearing_before_refusal") == {
        "flex_ok": ("2011Q2", True),
        "rehab_refused": ("2011Q2", False),
    }
