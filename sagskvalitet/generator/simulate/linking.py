"""The contract's linking rules, applied to the simulated records as of a day.

The truth must be what a correct warehouse computes from the files, so this applies
exports.md "The same case in two systems" (a ``legacy_ref``, else the 7-day double
registration rule) and the rulings of targets.md "Real exports" (the latest valid version
of each record, cases without a valid CPR kept without a citizen, an unknown unit id is
UNKNOWN, a decision beats a withdrawal) to the state of the records as of that day, and
links each document to its case by ``Sagsnummer`` or the open work-capacity case.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from sagskvalitet import contract as C
from sagskvalitet.generator.latest_valid import (
    override_valid,
    standing_day,
    valid_document_versions,
)
from sagskvalitet.generator.model import TruthCase, TruthDocument
from sagskvalitet.generator.rulings import cpr10, standing_decision
from sagskvalitet.generator.simulate.records import ARecord, BRecord, Simulation
from sagskvalitet.generator.simulate.story import A_LAST, DOUBLE_FROM
from sagskvalitet.generator.simulate.timeline import day, month_ends

if TYPE_CHECKING:
    from sagskvalitet.generator.odd_values import OddValues

R = TypeVar("R", ARecord, BRecord)
unit_of = functools.lru_cache(maxsize=None)(C.unit_of)
_KINDS: dict[str | None, frozenset[str]] = {v: frozenset(k) for v, k in C.TITLE_VARIANTS.items()}
_KINDS[None] = frozenset({"other"})


def shown(o: int | None, as_of: int) -> date | None:
    """The date ``o`` when it is shown on ``as_of`` (on or before it), else None."""
    return day(o) if o is not None and o <= as_of else None


def written_deliveries(sim: Simulation) -> list[int]:
    """The written deliveries (every month end when none were set)."""
    return sim.written or month_ends(sim.params.first_month, sim.params.last_month)


def _deliveries_upto(sim: Simulation, as_of: int) -> list[int]:
    """The written deliveries on or before as-of."""
    return [d for d in written_deliveries(sim) if d <= as_of] or [as_of]


def _standing(
    sim: Simulation,
    records: Iterable[R],
    as_of: int,
    horizon: int,
    text: Text,
) -> dict[str, tuple[R, int]]:
    """case id -> (record, the day whose state of it stands) of the records present on
    as-of (the latest valid version: ``latest_valid.standing_day``)."""
    deliveries = _deliveries_upto(sim, as_of)
    overrides = text.overrides(sim.odd) if sim.odd else {}
    out = {}
    for r in records:
        first = text.present_from(r)
        if first > as_of:
            continue
        standing: int | None = as_of
        override = overrides.get(r.case_id)
        if override is not None:
            valid_at = override_valid(override, text.shown_from(r, override), text.layout, horizon)
            standing = standing_day(deliveries, as_of, first, valid_at)
        if standing is not None:
            out[r.case_id] = (r, standing)
    return out


class Text(NamedTuple):
    """How a system writes its records: when a record is present, when the column of an
    odd value is shown, the odd values of the system and the date layout."""

    present_from: Callable
    shown_from: Callable
    overrides: Callable[[OddValues], dict]
    layout: str


A_TEXT = Text(
    present_from=lambda a: a.received,
    shown_from=lambda a, override: a.received if override[1] == 4 else a.decided,
    overrides=lambda odd: odd.a_text,
    layout="dmy",
)
B_TEXT = Text(
    present_from=lambda b: b.created,
    shown_from=lambda b, _: b.decision_registered,
    overrides=lambda odd: odd.b_text,
    layout="iso",
)


def _pair(
    a_by_id: dict[str, tuple[ARecord, int]], b_visible: list[BRecord]
) -> tuple[dict[str, BRecord], dict[str, str]]:
    """SagsID -> its B record, and B case_id -> link method: by legacy_ref, then the
    7-day double registration rule one at a time by received date, then case_id. A case
    without a valid CPR has no citizen to match on."""
    linked_a: dict[str, BRecord] = {}
    method: dict[str, str] = {}
    without_ref = []
    for b in b_visible:
        if b.legacy_ref is not None:
            key = "".join(b.legacy_ref.split()).upper()
            if key in a_by_id and key not in linked_a:
                linked_a[key] = b
                method[b.case_id] = "legacy_ref"
                continue
        without_ref.append(b)
    candidates: dict[tuple[str, str], list[ARecord]] = defaultdict(list)
    for a, _ in a_by_id.values():
        citizen = cpr10(a.cpr_text)
        if (
            DOUBLE_FROM <= a.received <= A_LAST
            and a.case_id not in linked_a
            and citizen is not None
        ):
            candidates[(citizen, C.AREA_BY_A_CODE[a.area_code])].append(a)
    for b in sorted(without_ref, key=lambda b: (b.received, b.case_id)):
        if b.legacy_ref is not None:
            continue  # a legacy_ref that names no (free) case: not matched by the 7-day rule
        cands = candidates.get((cpr10(b.cpr) or "", C.AREA_BY_B_CODE[b.area_code]))
        if not cands:
            continue
        best = None
        for a in cands:
            if a.case_id in linked_a or abs(a.received - b.received) > 7:
                continue
            k = (abs(a.received - b.received), a.case_id)
            if best is None or k < best[0]:
                best = (k, a)
        if best is not None:
            linked_a[best[1].case_id] = b
            method[b.case_id] = "double_registration"
    return linked_a, method


def link_cases(sim: Simulation, as_of: int, horizon: int = 90) -> list[TruthCase]:
    """The cases as the warehouse must link them on the state as of ``as_of``."""
    a_by_id: dict[str, tuple[ARecord, int]] = _standing(sim, sim.a_records, as_of, horizon, A_TEXT)
    b_by_id: dict[str, tuple[BRecord, int]] = _standing(sim, sim.b_records, as_of, horizon, B_TEXT)
    b_visible = [b for b, _ in b_by_id.values()]
    linked_a, method = _pair(a_by_id, b_visible)
    a_of_b = {b.case_id: a_id for a_id, b in linked_a.items()}

    def a_decision(a_id: str | None) -> tuple[date, str] | None:
        if a_id is None:
            return None
        a, standing = a_by_id[a_id]
        if not a.decision_code:
            return None
        decided = shown(a.decided, standing)
        return None if decided is None else (decided, C.A_DECISIONS[a.decision_code])

    cases = []
    for b, standing_b in b_by_id.values():
        a_id = a_of_b.get(b.case_id)
        received = b.received if a_id is None else min(a_by_id[a_id][0].received, b.received)
        b_dec = shown(b.decided, standing_b) if shown(b.decision_registered, standing_b) else None
        b_pair = (b_dec, b.decision) if b_dec is not None and b.decision is not None else None
        standing = standing_decision(a_decision(a_id), b_pair)
        decided, decision = standing if standing else (None, None)
        cases.append(
            TruthCase(
                member_id=b.case_id,
                legacy_case_id=a_id,
                b_case_id=b.case_id,
                link_method=method.get(b.case_id, "system_b_only"),
                citizen=cpr10(b.cpr),
                area=C.AREA_BY_B_CODE[b.area_code],
                unit_id=b.unit_id if b.unit_id in C.UNIT_IDS else C.UNKNOWN_UNIT,
                received=day(received),
                decided=decided,
                decision=decision,
            )
        )
    for a_id, (a, _) in a_by_id.items():
        if a_id in linked_a:
            continue
        standing = a_decision(a_id)
        cases.append(
            TruthCase(
                member_id=a_id,
                legacy_case_id=a_id,
                b_case_id=None,
                link_method="system_a_only",
                citizen=cpr10(a.cpr_text),
                area=C.AREA_BY_A_CODE[a.area_code],
                unit_id=unit_of(a.unit_text),
                received=day(a.received),
                decided=standing[0] if standing else None,
                decision=standing[1] if standing else None,
            )
        )
    return cases


def link_documents(
    sim: Simulation, cases: list[TruthCase], as_of: int, horizon: int = 90
) -> list[TruthDocument]:
    """Latest valid version of every document, linked by Sagsnummer or the open WC case.

    A case without a citizen (no valid CPR) is found by its ids only, never by the
    citizen fallback; an odd ``BorgerMedvirken`` means not taking part (null).
    """
    latest = valid_document_versions(
        sim.documents,
        written_deliveries(sim),
        sim.odd.stray_quote if sim.odd else set(),
        as_of,
        horizon,
    )
    by_id: dict[str, str] = {}
    wc_by_citizen: dict[str, list[TruthCase]] = defaultdict(list)
    for c in cases:
        if c.b_case_id:
            by_id[c.b_case_id] = c.member_id
        if c.legacy_case_id:
            by_id[c.legacy_case_id] = c.member_id
        if c.area in C.WORK_CAPACITY_AREAS and c.citizen is not None:
            wc_by_citizen[c.citizen].append(c)
    docs = []
    for doc_id in sorted(latest):
        version, doc_date = latest[doc_id]
        ref_t = version.case_ref.strip()
        case_id = by_id.get(ref_t) or by_id.get(ref_t.upper())
        if case_id is None:
            best = None
            for c in wc_by_citizen.get(cpr10(version.cpr_text) or "", ()):
                if c.received <= doc_date and (c.decided is None or c.decided >= doc_date):
                    k = (-c.received.toordinal(), c.member_id)
                    if best is None or k < best[0]:
                        best = (k, c.member_id)
            case_id = best[1] if best else None
        docs.append(
            TruthDocument(
                document_id=doc_id,
                case_id=case_id,
                document_date=doc_date,
                kinds=_KINDS[version.variant],
                is_draft_profile=version.variant in C.DRAFT_PROFILE_VARIANTS,
                citizen_participated=C.CITIZEN_PARTICIPATED.get(version.participation_text),
            )
        )
    return docs
