"""The truth follows targets.md "Real exports" on hand-made tiny simulations: each test
holds the real-export row that an older rule would get wrong."""

from __future__ import annotations

from datetime import date

import pytest

from sagskvalitet.generator.odd_values import OddValues
from sagskvalitet.generator.rulings import cpr10, read_date, standing_decision
from sagskvalitet.generator.simulate import (
    ARecord,
    BRecord,
    DocumentVersion,
    SimParams,
    Simulation,
    build_world,
)

D = date.fromisoformat
CPR = "0101701234"
MAY, JUNE, JULY, DEC = (
    D(x).toordinal() for x in ("2010-05-31", "2010-06-30", "2010-07-31", "2010-12-31")
)
B_ID = "6f1c1b9e-0000-4000-8000-000000000001"
B_ID2 = "6f1c1b9e-0000-4000-8000-000000000002"


def o(text: str) -> int:
    return D(text).toordinal()


def a_rec(sid="A0000001", cpr="010170-1234", code="FLEX", unit="JC Nord", recv="2010-05-03",
          dec=None, decision=""):  # fmt: skip
    return ARecord(sid, cpr, code, unit, o(recv), o(dec) if dec else None, decision, "AB")


def b_rec(cid=B_ID, cpr=CPR, area="320", unit="U-104", recv="2010-05-03", dec=None,
          decision=None, ref=None, created="2010-05-03"):  # fmt: skip
    decided = o(dec) if dec else None
    return BRecord(cid, cpr, area, unit, o(recv), decided, decision, ref, o(created), 500, 600,
                   False, decided)  # fmt: skip


def doc(doc_id, ref, dated_text, title="Vejledning om fleksjob", variant="Vejledning om fleksjob",
        registered="2010-06-01", borger="", cpr="010170-1234"):  # fmt: skip
    reg = o(registered) * 1440 + 600
    return DocumentVersion(reg, doc_id, ref, cpr, dated_text, title, "Notat", borger, 0, None,
                           variant, CPR)  # fmt: skip


def sim(a=(), b=(), docs=(), written=(MAY, JUNE, JULY, DEC), odd=None) -> Simulation:
    s = Simulation(params=SimParams(first_month=(2010, 1), last_month=(2010, 12)))
    s.a_records = list(a)
    s.b_records = list(b)
    s.documents = sorted(docs, key=lambda d: (d.registered, d.document_id))
    s.written = list(written)
    s.odd = odd
    return s


def case_of(world, member_id):
    (c,) = [c for c in world.cases if c.member_id == member_id]
    return c


# --- decisions across systems -------------------------------------------------------------
def test_decided_in_a_withdrawn_in_b_is_a_decision():
    s = sim(
        a=[a_rec(dec="2010-06-20", decision="BEV")],
        b=[b_rec(dec="2010-07-10", decision="withdrawn", ref="A0000001", created="2010-07-01")],
    )
    c = case_of(build_world(s, DEC), B_ID)
    assert (c.decided, c.decision) == (D("2010-06-20"), "granted")
    assert c.link_method == "legacy_ref"


def test_two_decisions_later_date_then_system_b():
    assert standing_decision((D("2010-06-02"), "refused"), (D("2010-06-01"), "granted")) == (
        D("2010-06-02"),
        "refused",
    )
    assert standing_decision((D("2010-06-01"), "refused"), (D("2010-06-01"), "granted")) == (
        D("2010-06-01"),
        "granted",
    )
    assert standing_decision((D("2010-06-01"), "withdrawn"), (D("2010-05-01"), "granted"))[1] == (
        "granted"
    )
    assert standing_decision(None, (D("2010-05-01"), "withdrawn"))[1] == "withdrawn"


# --- a row is rejected only for what a figure or a link needs -----------------------------
def test_case_without_cpr_counts_and_is_linked_by_its_ids_only():
    s = sim(
        a=[a_rec(cpr="", dec="2010-06-10", decision="BEV")],
        b=[b_rec(cid=B_ID2, cpr="12345", recv="2010-05-04", dec="2010-06-11", decision="granted")],
        docs=[
            doc(1, "A0000001", "2010-06-01"),  # names the case: linked
            doc(2, "27.12.10-P20-1-10", "2010-06-02"),  # names no case: the citizen fallback
        ],
    )
    w = build_world(s, DEC)
    a_case, b_case = case_of(w, "A0000001"), case_of(w, B_ID2)
    assert a_case.citizen is None and a_case.decision == "granted"
    # the same area, received a day apart, but no citizen: no double registration
    assert b_case.link_method == "system_b_only" and b_case.citizen is None
    links = {d.document_id: d.case_id for d in w.documents}
    assert links == {1: "A0000001", 2: None}


def test_cpr_forms():
    assert cpr10("010170-1234") == cpr10("0101701234") == cpr10("010170 1234") == CPR
    assert cpr10("") is None and cpr10("12345") is None and cpr10(None) is None


def test_unit_id_no_seed_knows_is_unknown():
    w = build_world(sim(b=[b_rec(unit="U-999", dec="2010-06-01", decision="granted")]), DEC)
    assert case_of(w, B_ID).unit_id == "UNKNOWN"


def test_odd_citizen_participation_is_null_and_kept():
    s = sim(
        a=[a_rec(dec="2010-06-20", decision="BEV")],
        docs=[
            doc(1, "A0000001", "2010-06-01", "Ressourceprofil", "Ressourceprofil", borger="Måske")
        ],
    )
    (d,) = build_world(s, DEC).documents
    assert d.citizen_participated is None and d.case_id == "A0000001"


# --- dates ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "layout", "reason"),
    [
        ("01.04.10", "esdh", "invalid_date"),
        ("28-06-10", "dmy", "invalid_date"),
        ("3/5/10", "dmy", "invalid_date"),
        ("10-05-03", "iso", "invalid_date"),
        ("31-02-2010", "dmy", "invalid_date"),
        ("31-12-1989", "dmy", "date_before_1990"),
        ("01-06-2031", "dmy", "date_beyond_horizon"),
        ("2010-09-29", "iso", None),  # 90 days after 2010-07-01: kept
        ("2010-09-30", "iso", "date_beyond_horizon"),
        ("01.04.2010", "esdh", None),
    ],
)
def test_read_date(text, layout, reason):
    value, why = read_date(text, layout, D("2010-07-01"))
    assert why == reason
    assert (value is None) == (reason is not None)


def test_two_digit_year_document_is_rejected_earlier_version_stands():
    s = sim(
        a=[a_rec(dec="2010-06-20", decision="BEV")],
        docs=[
            doc(1, "A0000001", "01.04.10"),  # rejected, no earlier version: gone
            doc(2, "A0000001", "2010-06-01", registered="2010-06-02"),
            doc(2, "A0000001", "02.06.10", registered="2010-06-20"),  # newest rejected
        ],
    )
    docs = {d.document_id: d for d in build_world(s, DEC).documents}
    assert set(docs) == {2} and docs[2].document_date == D("2010-06-01")


def test_stray_quote_rejects_that_record_only():
    title = 'Journalnotat "telefon, borger ringede'
    bad = doc(1, "A0000001", "2010-06-01", title=title, variant=None)
    odd = OddValues(stray_quote={(bad.registered, bad.document_id)})
    s = sim(a=[a_rec()], docs=[bad, doc(2, "A0000001", "2010-06-01")], odd=odd)
    assert [d.document_id for d in build_world(s, DEC).documents] == [2]


def test_document_dated_after_as_of_is_not_counted(b):
    w = b.world(
        "2010-06-30",
        cases=[b.case("c1", "flex_job", "2010-05-03", "2010-06-30", "granted")],
        docs=[b.doc(1, "c1", "2010-07-02", "flexjob_guidance")],
    )
    assert b.flags(w, "flexjob_guidance_noted") == {"c1": ("2010Q2", False)}


# --- the latest valid version ---------------------------------------------------------------
def test_newest_decision_unreadable_earlier_delivery_stands():
    odd = OddValues(
        a_text={"A0000001": (DEC, 5, "20-06-10", "invalid_date")},
        b_text={B_ID2: (DEC, "decided", "10-08-10", "invalid_date")},
    )
    s = sim(
        a=[a_rec(dec="2010-06-20", decision="BEV")],
        b=[
            b_rec(
                cid=B_ID2,
                cpr="0202702345",
                recv="2010-07-05",
                dec="2010-08-10",
                decision="granted",
                created="2010-07-05",
            )
        ],
        odd=odd,
    )
    w = build_world(s, DEC)
    a_case = case_of(w, "A0000001")
    assert (a_case.decided, a_case.decision) == (D("2010-06-20"), "granted")  # from 2010-07-31
    b_case = case_of(w, B_ID2)
    assert (b_case.decided, b_case.decision) == (None, None)  # 2010-07-31: still open
    # without an earlier delivery holding the record, the record is gone
    s.written = [DEC]
    assert "A0000001" not in {c.member_id for c in build_world(s, DEC).cases}


def test_far_future_decision_falls_back_to_the_open_version():
    odd = OddValues(a_text={"A0000001": (0, 5, "20-06-2031", "date_beyond_horizon")})
    s = sim(a=[a_rec(recv="2010-05-03", dec="2010-06-20", decision="BEV")], odd=odd)
    c = case_of(build_world(s, DEC), "A0000001")
    assert c.decided is None  # the version of 2010-05-31, open; never a decision in 2031
    s.written = [JUNE, DEC]  # no delivery held it open: no valid version
    assert "A0000001" not in {c.member_id for c in build_world(s, DEC).cases}
