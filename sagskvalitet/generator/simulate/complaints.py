"""Complaints (klager) about decided cases, and what the unit did with each.

A share of decided cases is complained about a few weeks after the decision. A complaint
about the decision is reassessed (genvurdering) by the unit, in time by its habit or late
with or without a delay notice, and most are forwarded to the appeals board, which decides
months later; a complaint about formalities only is not reassessed.
"""

from __future__ import annotations

import random

from sagskvalitet import contract as C
from sagskvalitet.generator import quirks as Q
from sagskvalitet.generator.simulate.records import Complaint
from sagskvalitet.generator.simulate.state import SimState
from sagskvalitet.generator.simulate.story import IN_TIME

EXTERNAL_OUTCOMES = ("Stadfæstet", "Hjemvist", "Ændret", "Afvist")
EXTERNAL_OUTCOME_WEIGHTS = (65, 15, 10, 10)


def run_complaints(st: SimState) -> None:
    """The complaints about the decided cases of ``st.case_refs``, in received order."""
    rng = random.Random(st.p.stream("complaints"))
    rows = []
    for case in st.case_refs:
        recv = st.clock.next_wd(case.decided + 2 + int(rng.expovariate(1 / 20)))
        if recv > st.as_of:
            continue
        t = rng.random()
        ctype = "Formalitet" if t < 0.25 else ("Afgørelse" if t < 0.8 else "Begge")
        a_id, b_id = case.a_id, case.b_id
        if b_id is not None and recv >= case.b_created and (a_id is None or rng.random() < 0.7):
            ref = b_id
        else:
            ref = a_id
        if ctype == "Formalitet" and rng.random() < 0.3:
            ref = ""
        c_unit = case.unit if rng.random() < 0.95 else rng.choice(C.UNIT_IDS)
        rows.append(_complaint(st, rng, recv, ctype, ref, c_unit))
    rows.sort(key=lambda c: c.received)
    first = st.ids.complaint
    st.sim.complaints = [c._replace(complaint_id=f"K{first + i:07d}") for i, c in enumerate(rows)]
    st.ids.complaint += len(rows)


def _complaint(
    st: SimState, rng: random.Random, recv: int, ctype: str, ref: str, unit: str
) -> Complaint:
    """One complaint received ``recv`` (its id is given after sorting)."""
    due = st.clock.due("complaint", "reassessment", recv)
    genv = notice = fwd = ext = None
    outcome = ""
    if ctype != "Formalitet":
        if rng.random() < IN_TIME[unit]:
            genv = recv + rng.randint(2, max(2, due - recv))
        else:
            if rng.random() < 0.4:
                notice = recv + rng.randint(10, max(10, due - recv))
            genv = due + 1 + int(rng.expovariate(1 / 15))
        if rng.random() < 0.65:
            fwd = genv + rng.randint(1, 10)
            ext = fwd + 40 + int(rng.expovariate(1 / 90))
            outcome = rng.choices(EXTERNAL_OUTCOMES, weights=EXTERNAL_OUTCOME_WEIGHTS)[0]
    unit_text = Q.unit_text(st.rng_q, unit)
    return Complaint("", ref, unit_text, recv, ctype, genv, notice, fwd, ext, outcome)
