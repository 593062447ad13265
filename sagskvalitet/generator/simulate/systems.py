"""Which systems hold a case: system A to 2010-06-30, system B from 2010-04-01.

The story of exports.md: both systems were in use 2010-04-01..06-30, so some cases of
that quarter are registered in both (double registrations, most with a ``legacy_ref``,
some with another decision date or a conflicting decision, some left open in B); open
system A cases were migrated to system B on 2010-07-01 with a ``legacy_ref``. This module
writes the case's record in each system that holds it and says where its documents point.
"""

from __future__ import annotations

from sagskvalitet import contract as C
from sagskvalitet.generator import quirks as Q
from sagskvalitet.generator.simulate.records import ARecord, BRecord
from sagskvalitet.generator.simulate.state import CaseRef, SimState
from sagskvalitet.generator.simulate.story import (
    A_LAST,
    A_ONLY_SHARE_IN_OVERLAP,
    DOUBLE_B_LEFT_OPEN,
    DOUBLE_CONFLICT,
    DOUBLE_FROM,
    DOUBLE_REGISTERED_SHARE,
    DOUBLE_WITHOUT_REF,
    EXTRA_KEY_RATE,
    MIGRATED_RECEIVED_AT_MIGRATION,
    MIGRATION,
)

CONFLICTING_CODE = {"BEV": "AFS", "IND": "AFS"}  # AFS: BEV, or IND for disability pension


def register_case(st: SimState, r: int, area: str, unit: str, dec: int, decision: str) -> CaseRef:
    """Write the case (received ``r``, decided ``dec``) into the systems that hold it."""
    rng = st.rng
    a_id = b_id = None
    b_created = 0
    dr = dr_no_ref = False
    in_a = r <= A_LAST
    in_b = r >= DOUBLE_FROM
    if DOUBLE_FROM <= r <= A_LAST:
        w = rng.random()
        if w < DOUBLE_REGISTERED_SHARE:
            dr = True
            dr_no_ref = rng.random() < DOUBLE_WITHOUT_REF
        elif w < DOUBLE_REGISTERED_SHARE + A_ONLY_SHARE_IN_OVERLAP:
            in_b = False
        else:
            in_a = False
    migrated = in_a and not in_b and dec >= MIGRATION
    # Fresh citizens keep the 7-day rule unambiguous: a double registration without
    # legacy_ref has no other candidate, and no system B case can match an A-only one.
    fresh = dr_no_ref or (in_a and not in_b and not migrated and r >= DOUBLE_FROM)
    cpr = st.new_cpr() if fresh else st.citizens[rng.randrange(len(st.citizens))]

    if in_a:
        a_id = _system_a(st, r, area, unit, dec, decision, cpr, dr)
    if in_b or migrated:
        b_id = st.uuid()
        b_recv, b_dec, b_decision, ref = r, dec, decision, None
        b_created = r
        if migrated:
            b_created = MIGRATION
            if rng.random() < MIGRATED_RECEIVED_AT_MIGRATION:
                b_recv = MIGRATION
            ref = Q.legacy_ref_text(st.rng_q, a_id)
        elif dr:
            if not dr_no_ref:
                ref = Q.legacy_ref_text(st.rng_q, a_id)
            if dec <= A_LAST and rng.random() < DOUBLE_B_LEFT_OPEN:
                b_dec, b_decision = None, None
        if b_created <= st.as_of:
            if a_id is not None:
                st.sim.intended_links[b_id] = a_id
            st.sim.b_records.append(
                BRecord(
                    case_id=b_id,
                    cpr=cpr,
                    area_code=C.B_CODE_BY_AREA[area],
                    unit_id=unit,
                    received=b_recv,
                    decided=b_dec,
                    decision=b_decision,
                    legacy_ref=ref,
                    created=b_created,
                    created_minute=st.minute(),
                    decided_minute=st.minute(),
                    extra_key=st.rng_q.random() < EXTRA_KEY_RATE,
                    decision_registered=b_dec,
                )
            )
        else:
            b_id = None
    return CaseRef(a_id, b_id, b_created, cpr)


def _system_a(
    st: SimState, r: int, area: str, unit: str, dec: int, decision: str, cpr: str, dr: bool
) -> str:
    """The system A record; a double registration's may differ a day or in its decision."""
    rng = st.rng
    a_id = st.next_a_id()
    a_recv = r
    if dr:
        a_recv = min(max(r + rng.randint(-3, 3), DOUBLE_FROM), A_LAST)
    a_dec, a_code = None, ""
    if dec <= A_LAST:
        a_dec = dec
        a_code = C.A_CODE_BY_DECISION[decision]
        if dr and rng.random() < 0.2:
            a_dec = max(a_recv, dec + rng.choice((-1, 1)))
        if dr and decision != "withdrawn" and rng.random() < DOUBLE_CONFLICT:
            a_code = (
                ("BEV" if area != "disability_pension" else "IND")
                if a_code == "AFS"
                else CONFLICTING_CODE[a_code]
            )
    st.sim.a_records.append(
        ARecord(
            case_id=a_id,
            cpr_text=Q.cpr_text(st.rng_q, cpr),
            area_code=C.A_CODE_BY_AREA[area],
            unit_text=Q.unit_text(st.rng_q, unit),
            received=a_recv,
            decided=a_dec,
            decision_code=a_code,
            initials=rng.choice(st.initials[unit]),
        )
    )
    return a_id
