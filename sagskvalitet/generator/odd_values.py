"""Odd values of real exports (exports.md "Bad input", last list), on by default.

Real exports hold values that are odd without the row being unreadable, and a few that
are: a migrated case decided in system A and closed as withdrawn in system B, a case
without a valid CPR, a unit id no seed knows, an odd ``BorgerMedvirken`` or
``Registreret``, a newest version whose decision date cannot be read, NBSP and ``oe``
spellings in titles, two-digit years, dates in the future, a stray quote. Each shape is
put into a finished simulation at a low rate (well under 1 % of a file's rows) from its
own random stream, so every other byte of the exports stays as it was. The truth reads
the same records and applies the rulings of targets.md "Real exports" to them
(``simulate.build_world``); the writer lists every row that must be rejected.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import date

from sagskvalitet import contract as C
from sagskvalitet.generator.simulate import (
    A_LAST,
    MIGRATION,
    BRecord,
    DocumentVersion,
    Simulation,
    uuid4_text,
)

# Shares of a file's rows (or of the shape's pool); each shape at least once when its
# pool is not empty, so small data sets hold every shape too.
RATES = {
    "a_decided_b_withdrawn": 0.01,  # of system A-only cases decided in June 2010
    "cpr_missing_a": 0.0005,
    "cpr_missing_b": 0.0005,
    "unknown_unit_id": 0.0003,
    "odd_citizen_participation": 0.002,  # of documents with a BorgerMedvirken value
    "odd_registered": 0.0003,
    "newest_decision_unreadable_a": 0.0002,
    "newest_decision_unreadable_b": 0.0002,
    "far_future_decision": 0.0001,
    "two_digit_year_document": 0.0002,
    "document_after_delivery": 0.005,  # of documents registered just before a delivery
    "nbsp_title": 0.002,  # of kind titles with a space
    "ascii_danish_title": 0.002,  # of kind titles with æ/ø/å
    "stray_quote": 0.00005,
}
ODD_CPRS = ("", "12345")
ODD_CITIZEN_PARTICIPATION = ("Måske", "?")
ODD_REGISTERED = ("", "ukendt", "2010-13-01 10:00:00", "01-02-2011 10:15")
UNKNOWN_UNIT_ID = "U-999"
FAR_FUTURE_YEAR = 2031
STRAY_QUOTE_TITLE = 'Journalnotat "telefon, borger ringede'
NBSP = "\u00a0"
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
A_COLUMNS = {"Modtaget": 4, "Afgjort": 5}


@dataclass
class OddValues:
    """What the writers must write differently, and which rows must be rejected."""

    # SagsID -> (from delivery ordinal, column index, text, reject reason)
    a_text: dict[str, tuple[int, int, str, str]] = field(default_factory=dict)
    # case_id -> (from delivery ordinal, key, text, reject reason)
    b_text: dict[str, tuple[int, str, str, str]] = field(default_factory=dict)
    # (registered minute, DokumentID) -> Registreret text
    registered_text: dict[tuple[int, int], str] = field(default_factory=dict)
    # (registered minute, DokumentID) -> (reject reason, column) of ESDH versions
    doc_rejects: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    stray_quote: set[tuple[int, int]] = field(default_factory=set)
    # shape -> record ids (SagsID, case_id or DokumentID) that carry it
    shapes: dict[str, list[str]] = field(default_factory=dict)


def _count(shape: str, pool: int) -> int:
    return 0 if pool == 0 else max(1, round(RATES[shape] * pool))


def _pick(rng: random.Random, shape: str, pool: list[int], used: set[int]) -> list[int]:
    free = [i for i in pool if i not in used]
    chosen = sorted(rng.sample(free, min(len(free), _count(shape, len(pool)))))
    used.update(chosen)
    return chosen


def _dmy(o: int, year_digits: int = 4) -> str:
    d = date.fromordinal(o)
    year = f"{d.year:04d}" if year_digits == 4 else f"{d.year % 100:02d}"
    return f"{d.day:02d}-{d.month:02d}-{year}"


def apply_odd_values(sim: Simulation, written: list[int]) -> OddValues:
    """Put every odd shape into ``sim`` (in place) for the deliveries ``written``."""
    rng = random.Random(sim.params.stream("odd_values"))
    odd = OddValues()
    sim.written = list(written)
    sim.odd = odd
    _cases(sim, odd, rng, written)
    _documents(sim, odd, rng, written)
    return odd


def _cases(sim: Simulation, odd: OddValues, rng: random.Random, written: list[int]) -> None:
    a_used: set[int] = set()
    b_used: set[int] = set()
    a_recs, b_recs = sim.a_records, sim.b_records
    linked_a = set(sim.intended_links.values())

    # A migrated case that system A decided and system B closed as withdrawn.
    pool = [
        i
        for i, a in enumerate(a_recs)
        if a.decided is not None
        and date(2010, 6, 1).toordinal() <= a.decided <= A_LAST
        and a.decision_code in ("BEV", "AFS", "IND")
        and a.case_id not in linked_a
        and C.unit_of(a.unit_text) != C.UNKNOWN_UNIT
    ]
    ids = []
    for i in _pick(rng, "a_decided_b_withdrawn", pool, a_used):
        a = a_recs[i]
        b_id = uuid4_text(rng.getrandbits(128))
        withdrawn = MIGRATION + rng.randint(0, 30)
        b_recs.append(
            BRecord(
                case_id=b_id,
                cpr=a.cpr_text.replace("-", "").replace(" ", ""),
                area_code=C.B_CODE_BY_AREA[C.AREA_BY_A_CODE[a.area_code]],
                unit_id=C.unit_of(a.unit_text),
                received=a.received,
                decided=withdrawn,
                decision="withdrawn",
                legacy_ref=a.case_id,
                created=MIGRATION,
                created_minute=500,
                decided_minute=600,
                extra_key=False,
                decision_registered=withdrawn,
            )
        )
        sim.intended_links[b_id] = a.case_id
        b_used.add(len(b_recs) - 1)
        ids.append(b_id)
    odd.shapes["a_decided_b_withdrawn"] = ids

    # Cases with an empty or invalid CPR: kept, without a citizen.
    ids = []
    for n, i in enumerate(_pick(rng, "cpr_missing_a", list(range(len(a_recs))), a_used)):
        a_recs[i] = a_recs[i]._replace(cpr_text=ODD_CPRS[n % 2])
        ids.append(a_recs[i].case_id)
    odd.shapes["cpr_missing_a"] = ids
    ids = []
    for n, i in enumerate(_pick(rng, "cpr_missing_b", list(range(len(b_recs))), b_used)):
        b_recs[i] = b_recs[i]._replace(cpr=ODD_CPRS[n % 2])
        ids.append(b_recs[i].case_id)
    odd.shapes["cpr_missing_b"] = ids

    # A system B unit id no seed knows: unit UNKNOWN.
    ids = []
    for i in _pick(rng, "unknown_unit_id", list(range(len(b_recs))), b_used):
        b_recs[i] = b_recs[i]._replace(unit_id=UNKNOWN_UNIT_ID)
        ids.append(b_recs[i].case_id)
    odd.shapes["unknown_unit_id"] = ids

    # The newest version's decision date cannot be read (a two-digit year) while an
    # earlier delivery held a readable one: the earlier version stands.
    if len(written) >= 2:
        last, before = written[-1], written[-2]
        pool = [i for i, a in enumerate(a_recs) if a.decided is not None and a.decided <= before]
        ids = []
        for i in _pick(rng, "newest_decision_unreadable_a", pool, a_used):
            a = a_recs[i]
            odd.a_text[a.case_id] = (last, A_COLUMNS["Afgjort"], _dmy(a.decided, 2), "invalid_date")
            ids.append(a.case_id)
        odd.shapes["newest_decision_unreadable_a"] = ids
        pool = [
            i
            for i, b in enumerate(b_recs)
            if b.decided is not None
            and b.decision is not None
            and max(b.decision_registered, b.created) <= before
        ]
        ids = []
        for i in _pick(rng, "newest_decision_unreadable_b", pool, b_used):
            b = b_recs[i]
            odd.b_text[b.case_id] = (last, "decided", _dmy(b.decided, 2), "invalid_date")
            ids.append(b.case_id)
        odd.shapes["newest_decision_unreadable_b"] = ids

    # A decision date far in the future (a typo): rejected wherever it is shown.
    pool = [i for i, a in enumerate(a_recs) if a.decided is not None and a.decision_code != "HEN"]
    ids = []
    for i in _pick(rng, "far_future_decision", pool, a_used):
        a = a_recs[i]
        d = date.fromordinal(a.decided)
        text = f"{d.day:02d}-{d.month:02d}-{FAR_FUTURE_YEAR}"
        odd.a_text[a.case_id] = (0, A_COLUMNS["Afgjort"], text, "date_beyond_horizon")
        ids.append(a.case_id)
    odd.shapes["far_future_decision"] = ids


def _documents(sim: Simulation, odd: OddValues, rng: random.Random, written: list[int]) -> None:
    docs = sim.documents
    used: set[int] = set()
    everything = list(range(len(docs)))

    def key(i: int) -> tuple[int, int]:
        return docs[i].registered, docs[i].document_id

    def replace(i: int, **values: str) -> None:
        docs[i] = docs[i]._replace(**values)

    # BorgerMedvirken outside the list: not taking part (null), counted.
    pool = [i for i, d in enumerate(docs) if d.participation_text != ""]
    ids = []
    for n, i in enumerate(_pick(rng, "odd_citizen_participation", pool, used)):
        replace(i, participation_text=ODD_CITIZEN_PARTICIPATION[n % 2])
        ids.append(str(docs[i].document_id))
    odd.shapes["odd_citizen_participation"] = ids

    # Registreret empty or not yyyy-mm-dd HH:MM:SS: null, counted; the row is kept.
    ids = []
    for n, i in enumerate(_pick(rng, "odd_registered", everything, used)):
        odd.registered_text[key(i)] = ODD_REGISTERED[n % len(ODD_REGISTERED)]
        ids.append(str(docs[i].document_id))
    odd.shapes["odd_registered"] = ids

    # Dokumentdato with a two-digit year: rejected (the date is needed by every figure).
    ids = []
    for i in _pick(rng, "two_digit_year_document", everything, used):
        d = date.fromordinal(docs[i].document_date)
        replace(i, date_text=f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}")
        odd.doc_rejects[key(i)] = ("invalid_date", "dokumentdato")
        ids.append(str(docs[i].document_id))
    odd.shapes["two_digit_year_document"] = ids

    # Dokumentdato a few days after the delivery date (a letter dated for Monday): kept.
    def just_before_a_delivery(d: DocumentVersion) -> bool:
        day = d.registered // 1440
        j = bisect.bisect_left(written, day)
        return j < len(written) and written[j] - day <= 3

    pool = [i for i, d in enumerate(docs) if just_before_a_delivery(d)]
    ids = []
    for i in _pick(rng, "document_after_delivery", pool, used):
        day = docs[i].registered // 1440
        delivery = written[bisect.bisect_left(written, day)]
        replace(i, date_text=date.fromordinal(delivery + rng.randint(1, 5)).isoformat())
        ids.append(str(docs[i].document_id))
    odd.shapes["document_after_delivery"] = ids

    # Kind titles with a non-breaking space, or oe/aa/ae for ø/å/æ: same kind.
    pool = [i for i, d in enumerate(docs) if d.variant is not None and " " in d.title.strip()]
    ids = []
    for i in _pick(rng, "nbsp_title", pool, used):
        title = docs[i].title
        at = title.index(" ", len(title) - len(title.lstrip()))
        replace(i, title=title[:at] + NBSP + title[at + 1 :])
        ids.append(str(docs[i].document_id))
    odd.shapes["nbsp_title"] = ids
    pool = [
        i
        for i, d in enumerate(docs)
        if d.variant is not None and d.title != d.title.translate(_ASCII)
    ]
    ids = []
    for i in _pick(rng, "ascii_danish_title", pool, used):
        replace(i, title=docs[i].title.translate(_ASCII))
        ids.append(str(docs[i].document_id))
    odd.shapes["ascii_danish_title"] = ids

    # One stray quote in a quoted title: that record is rejected, the delivery goes on.
    pool = [
        i
        for i, d in enumerate(docs)
        if d.variant is None and "\n" not in d.title and '"' not in d.title
    ]
    ids = []
    for i in _pick(rng, "stray_quote", pool, used):
        replace(i, title=STRAY_QUOTE_TITLE)
        odd.stray_quote.add(key(i))
        odd.doc_rejects[key(i)] = ("stray_quote", "")
        ids.append(str(docs[i].document_id))
    odd.shapes["stray_quote"] = ids
