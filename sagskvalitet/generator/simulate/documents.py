"""The ESDH documents of a case: delay notices, work-capacity papers, unrelated letters.

A case's documents are drawn right after the case (``cases``), from the documents' own
stream. Each unit has its habits (how often a late case gets a timely notice, how often
the resource profile is done right, whether the citizen takes part); a few documents are
re-sent with another ``Dokumentdato``. ``finish_documents`` gives the ids in
registration order, as the ESDH does, and writes the dates as the ESDH writes them.
"""

from __future__ import annotations

from datetime import date

from sagskvalitet import contract as C
from sagskvalitet.generator import quirks as Q
from sagskvalitet.generator.simulate.records import DocumentVersion
from sagskvalitet.generator.simulate.state import CaseRef, Correction, PendingDocument, SimState
from sagskvalitet.generator.simulate.story import (
    CITIZEN_INVOLVED,
    COMBINED_PROFILE,
    CORRECTION_RATE,
    DRAFT_PROFILE,
    FINAL_PROFILES,
    NOTICE_SHARE,
    PROFILE_LAST,
    PROFILE_OK,
    UNIT_TITLE_HABIT,
)


def register(
    st: SimState,
    case: CaseRef,
    doc_date: int,
    variant: str | None,
    title: str,
    participated: bool | None = None,
    doctype: str | None = None,
) -> None:
    """Register one document of ``case`` (unless it is registered after as-of)."""
    rng = st.rng_doc
    lag = (
        0
        if rng.random() < 0.6
        else (rng.randint(1, 3) if rng.random() < 0.88 else rng.randint(4, 30))
    )
    reg_day = doc_date + lag
    if reg_day > st.as_of:
        return
    reg = reg_day * 1440 + rng.randint(7 * 60, 17 * 60)
    a_id, b_id, b_created, cpr = case
    if rng.random() < Q.JOURNAL_NUMBER_RATE:
        ref = Q.journal_number(rng, date.fromordinal(doc_date).year)
    elif b_id is not None and doc_date >= b_created and (a_id is None or rng.random() < 0.6):
        ref = b_id
    else:
        ref = Q.sagsnummer_a_text(rng, a_id) if a_id is not None else b_id
    if doctype is None:
        doctype = rng.choice(C.DOCUMENT_TYPES)
    st.doc_seq += 1
    st.docs.append(
        PendingDocument(
            registered=reg,
            seq=st.doc_seq,
            case_ref=ref,
            cpr_text=Q.cpr_text(rng, cpr),
            document_date=doc_date,
            title=title,
            doctype=doctype,
            participation_text=Q.citizen_participated_text(rng, participated),
            participated=participated,
            variant=variant,
            cpr=cpr,
        )
    )
    if rng.random() < CORRECTION_RATE:
        new_date = doc_date + rng.choice((-7, -3, -1, 1, 2, 5, 10))
        new_reg = reg + rng.randint(1, 45) * 1440
        if new_reg // 1440 <= st.as_of:
            st.corrections.append(Correction(new_reg, st.doc_seq, new_date))


def kind_document(
    st: SimState,
    case: CaseRef,
    unit: str,
    kind: str,
    doc_date: int,
    participated: bool | None = None,
    variant: str | None = None,
    doctype: str | None = None,
) -> None:
    """A document of a target's kind, titled by the unit's habit most of the time."""
    rng = st.rng_doc
    if variant is None:
        variant = (
            UNIT_TITLE_HABIT[unit][kind]
            if rng.random() < 0.75
            else rng.choice(C.VARIANTS_BY_KIND[kind])
        )
    register(st, case, doc_date, variant, Q.title_text(rng, variant), participated, doctype)


def unrelated_document(st: SimState, case: CaseRef, doc_date: int) -> None:
    """A letter no target counts."""
    rng = st.rng_doc
    base = rng.choice(C.UNRELATED_TITLES)
    register(st, case, doc_date, None, Q.unrelated_title(rng, base))


def case_documents(
    st: SimState,
    case: CaseRef,
    unit: str,
    area: str,
    r: int,
    due: int,
    dec: int,
    decision: str,
    late: bool,
) -> None:
    """Every document of one case, received ``r``, due ``due``, decided ``dec``."""
    rng = st.rng_doc
    # Delay notices (underretning om forsinkelse): habits differ by unit.
    if late:
        if rng.random() < NOTICE_SHARE[unit]:
            kind_document(st, case, unit, "delay_notice", max(r, due - rng.randint(0, 8)))
        elif rng.random() < 0.25:
            kind_document(st, case, unit, "delay_notice", due + 1 + rng.randrange(dec - due))
    elif rng.random() < 0.015:
        kind_document(st, case, unit, "delay_notice", r + rng.randint(0, max(0, dec - r)))
    wc = area in C.WORK_CAPACITY_AREAS
    if wc:
        work_capacity_documents(st, case, unit, area, r, dec, decision)
    n_other = (1 if rng.random() < 0.7 else 2) if wc else (1 if rng.random() < 0.12 else 0)
    for _ in range(n_other):
        unrelated_document(st, case, r + rng.randint(0, max(0, dec - r)))


def work_capacity_documents(
    st: SimState, case: CaseRef, unit: str, area: str, r: int, dec: int, decision: str
) -> None:
    """Resource profile, work-capacity assessment, citizen meeting, flex-job guidance and
    hearing (partshøring) of a work-capacity case."""
    rng = st.rng_doc
    before = max(0, dec - r)

    def on_or_before() -> int:
        return r + rng.randint(0, before)

    def profile(doc_date: int, variant: str, participated: bool | None) -> None:
        kind_document(
            st, case, unit, "resource_profile", doc_date, participated=participated, variant=variant
        )

    if decision == "withdrawn":
        if rng.random() < 0.3:
            kind_document(st, case, unit, "resource_profile", on_or_before(), variant=DRAFT_PROFILE)
        return
    profile_era = dec <= PROFILE_LAST
    if profile_era or rng.random() < 0.2:
        ok = rng.random() < PROFILE_OK[unit]
        involved = rng.random() < CITIZEN_INVOLVED[unit]
        meeting = involved and rng.random() < 0.4
        mark = involved and not meeting
        if rng.random() < 0.3 or not ok:
            doc_date = on_or_before()
            profile(doc_date, DRAFT_PROFILE, mark if rng.random() < 0.8 else None)
            mark = False
        if ok:
            p_date = on_or_before()
            if rng.random() < 0.25:
                profile(p_date, COMBINED_PROFILE, mark)
            else:
                profile(p_date, rng.choice(FINAL_PROFILES), mark)
                kind_document(
                    st,
                    case,
                    unit,
                    "work_capacity_assessment",
                    p_date + rng.randint(0, max(0, dec - p_date)),
                )
        else:
            failure = rng.randrange(3)
            if failure == 1:  # final profile, no assessment
                doc_date = on_or_before()
                profile(doc_date, rng.choice(FINAL_PROFILES), mark)
            elif failure == 2:  # dated after the decision
                profile(dec + rng.randint(1, 20), COMBINED_PROFILE, mark)
        if meeting:
            kind_document(st, case, unit, "citizen_meeting", on_or_before())
        elif not involved and rng.random() < 0.2:
            kind_document(st, case, unit, "citizen_meeting", dec + rng.randint(1, 10))
    if area == "flex_job":
        if rng.random() < 0.5:
            kind_document(st, case, unit, "flexjob_guidance", on_or_before())
        elif rng.random() < 0.15:
            kind_document(st, case, unit, "flexjob_guidance", dec + rng.randint(1, 30))
    if decision == "refused" and rng.random() < 0.85:
        kind_document(st, case, unit, "hearing", max(r, dec - rng.randint(3, 14)))


def finish_documents(st: SimState) -> None:
    """Sort versions by registration, give ids in that order, merge corrections."""
    st.docs.sort(key=lambda d: (d.registered, d.seq))
    rng = st.rng_doc
    id_of: dict[int, int] = {}
    rows: list[PendingDocument] = []
    for i, d in enumerate(st.docs):
        doc_id = st.ids.document + i
        id_of[d.seq] = doc_id
        rows.append(d._replace(seq=doc_id))
    st.ids.document += len(rows)
    by_id = {r.seq: r for r in rows}
    for c in st.corrections:
        orig = by_id[id_of[c.seq]]
        rows.append(orig._replace(registered=c.registered, document_date=c.document_date))
    rows.sort(key=lambda d: (d.registered, d.seq))
    st.sim.documents = [
        DocumentVersion(
            registered=d.registered,
            document_id=d.seq,
            case_ref=d.case_ref,
            cpr_text=d.cpr_text,
            date_text=Q.esdh_date_text(rng, date.fromordinal(d.document_date).isoformat()),
            title=d.title,
            doctype=d.doctype,
            participation_text=d.participation_text,
            document_date=d.document_date,
            participated=d.participated,
            variant=d.variant,
            cpr=d.cpr,
        )
        for d in rows
    ]
    st.docs = []
