"""Late registrations: what makes a reported quarter move in later deliveries (issue 13).

Real exports register some things long after they happened: a decision written into
system B months after the case was decided, a resource profile or a partshøring note
registered in the ESDH months after its date, a ``Dokumentdato`` corrected (the document
re-sent with the same id) months after it was first registered. A figure frozen at the
delivery after a quarter's end therefore differs from the same figure a few deliveries
later, and the revisions mart must explain each moved member. The shares are small
(``story.LATE_*``) and drawn from their own stream (``"<seed>/late_registrations"``), so
every other draw of the simulation is as it was; only the timing of registrations
changes, never the raw-file contract. Something registered after the last simulated day
is not in any delivery (as in a real export cut off at its as-of date).
"""

from __future__ import annotations

from sagskvalitet.generator.simulate.state import Correction, SimState
from sagskvalitet.generator.simulate.story import (
    LATE_CORRECTION_DAYS,
    LATE_CORRECTION_SHARE,
    LATE_CORRECTION_SHIFTS,
    LATE_DECISION_DAYS,
    LATE_DECISION_SHARE,
    LATE_DOCUMENT_DAYS,
    LATE_DOCUMENT_SHARE,
)


def register_decisions_late(st: SimState) -> None:
    """A share of system B decisions is written into system B months after the decision
    date: until then the record shows the case open. Cases a complaint names keep their
    decision on time (a complaint is about a decision the citizen was told)."""
    rng = st.rng_late
    complained = {c.b_id for c in st.case_refs if c.b_id is not None}
    records = st.sim.b_records
    lo, hi = LATE_DECISION_DAYS
    for i, b in enumerate(records):
        if b.decided is None or b.case_id in complained:
            continue
        if rng.random() < LATE_DECISION_SHARE:
            records[i] = b._replace(decision_registered=b.decided + rng.randint(lo, hi))


def register_documents_late(st: SimState) -> None:
    """A share of a target's documents is registered months after its date, and a share
    has its ``Dokumentdato`` corrected months after it was registered. A document
    already corrected in the usual weeks keeps its timing."""
    rng = st.rng_late
    corrected = {c.seq for c in st.corrections}
    kept = []
    for d in st.docs:
        if d.variant is None or d.seq in corrected:
            kept.append(d)
            continue
        u = rng.random()
        if u < LATE_DOCUMENT_SHARE:
            reg_day = d.document_date + rng.randint(*LATE_DOCUMENT_DAYS)
            if reg_day > st.as_of:
                continue  # registered after the last delivery: in none
            d = d._replace(registered=reg_day * 1440 + d.registered % 1440)
        elif u < LATE_DOCUMENT_SHARE + LATE_CORRECTION_SHARE:
            reg = d.registered + rng.randint(*LATE_CORRECTION_DAYS) * 1440
            if reg // 1440 <= st.as_of:
                new_date = d.document_date + rng.choice(LATE_CORRECTION_SHIFTS)
                st.corrections.append(Correction(reg, d.seq, new_date))
        kept.append(d)
    st.docs = kept
