"""The generator's id counters, shared by every shard, and system A's bounded id space.

Each shard (``generator.shards``) takes its ids from the counters here, so ids stay
dense and disjoint across shards: document, complaint, access-request and inquiry
numbers continue where the previous shard stopped. A shard simulated in a worker process
(``generator.parallel``) numbers from the start and is renumbered (``shift_ids``).

System A's ``SagsID`` is ``A`` + 7 digits (exports.md), so there are 9,999,999 ids.
Real cases count up from ``A0000001``; the unreadable rows ``--bad-rows`` injects take
ids counting down from ``A9999999``, so neither kind wastes the other's room, and the
two meet only when the space is full: then generation stops with a one-line error.
Before simulating, ``check_scale`` compares the expected number of system A cases of
the run (from the story's volumes and the months system A is in use) with the space,
so a scale past the limit fails at once, naming the scale and the largest that fits.
"""

from __future__ import annotations

import gc
import math
import re
from dataclasses import dataclass, field
from datetime import date

from sagskvalitet.generator.simulate.records import Simulation
from sagskvalitet.generator.simulate.story import (
    A_LAST,
    A_ONLY_SHARE_IN_OVERLAP,
    CASES_PER_MONTH,
    DOUBLE_FROM,
    DOUBLE_REGISTERED_SHARE,
)
from sagskvalitet.generator.simulate.timeline import month_end, months

A_ID_DIGITS = 7
A_ID_CAPACITY = 10**A_ID_DIGITS - 1  # A0000001..A9999999
# Headroom for the Poisson noise of the monthly volumes and the bad rows: the expected
# count must stay under this share of the space.
A_ID_SAFETY = 0.98


class IdSpaceExhausted(ValueError):
    """System A's ``A`` + 7 digits ids ran out (the message is one line)."""


@dataclass
class SystemAIds:
    """Dense ids ``A`` + 7 digits: cases from the bottom, injected bad rows from the top."""

    capacity: int = A_ID_CAPACITY
    scale: float = 0.0  # for the error message only
    cases: int = 0  # ids given to cases: A0000001..
    bad_rows: int = 0  # ids given to bad rows: ..A9999999

    def _check(self) -> None:
        if self.cases + self.bad_rows > self.capacity:
            raise IdSpaceExhausted(
                f"system A ids exhausted at scale {self.scale:g}: {self.cases:,} cases and "
                f"{self.bad_rows:,} bad rows need more than the {self.capacity:,} ids of "
                f"'A' + {A_ID_DIGITS} digits (exports.md); use a smaller --scale or fewer "
                "months of system A"
            )

    def next_case(self) -> str:
        self.cases += 1
        self._check()
        return f"A{self.cases:0{A_ID_DIGITS}d}"

    def next_bad_row(self) -> str:
        self.bad_rows += 1
        self._check()
        return f"A{self.capacity + 1 - self.bad_rows:0{A_ID_DIGITS}d}"


@dataclass
class IdCounters:
    """The next free number of every id kind, carried from shard to shard."""

    a: SystemAIds = field(default_factory=SystemAIds)
    document: int = 100_001
    complaint: int = 1  # K + 7 digits
    access_request: int = 500_001
    inquiry: int = 1_000_001


def expected_a_cases_per_scale(first_month: tuple[int, int], last_month: tuple[int, int]) -> float:
    """System A cases expected at scale 1: every case received while system A is the only
    system, and the share of the overlap quarter registered in system A."""
    total = 0.0
    for y, m in months(first_month, last_month):
        first = date(y, m, 1).toordinal()
        if first > A_LAST:
            break
        season = 1.0 + 0.04 * math.sin(2 * math.pi * (m - 3) / 12)
        volume = CASES_PER_MONTH * season
        if month_end(y, m) < DOUBLE_FROM:
            total += volume
        else:
            total += volume * (DOUBLE_REGISTERED_SHARE + A_ONLY_SHARE_IN_OVERLAP)
    return total


def max_scale(
    first_month: tuple[int, int], last_month: tuple[int, int], capacity: int = A_ID_CAPACITY
) -> float:
    """The largest scale whose expected system A cases fit the id space (with headroom),
    rounded down to a tenth; infinite when system A holds no case in these months."""
    per_scale = expected_a_cases_per_scale(first_month, last_month)
    if per_scale == 0:
        return math.inf
    return math.floor(10 * A_ID_SAFETY * capacity / per_scale) / 10


def check_scale(
    scale: float,
    first_month: tuple[int, int],
    last_month: tuple[int, int],
    capacity: int = A_ID_CAPACITY,
) -> None:
    """Raise ``IdSpaceExhausted`` (one line) when ``scale`` is past the id space's limit."""
    limit = max_scale(first_month, last_month, capacity)
    if scale > limit:
        need = expected_a_cases_per_scale(first_month, last_month) * scale
        raise IdSpaceExhausted(
            f"scale {scale:g} needs about {need:,.0f} system A ids but 'A' + {A_ID_DIGITS} "
            f"digits holds {capacity:,}: the largest scale for months "
            f"{first_month[0]:04d}-{first_month[1]:02d}..{last_month[0]:04d}-"
            f"{last_month[1]:02d} is {limit:g}"
        )


# -- shards simulated apart (``generator.parallel``) ---------------------------------------
# A shard simulated in a worker process numbers from the first ids (``IdCounters()``), as
# if it were the first shard; once the shards before it are counted, ``shift_ids`` moves
# every id it holds past theirs. The simulation never reads an id's value (only its
# text, copied into quirked references, and its order, which a shift keeps), so the
# shifted shard is the one a sequential run simulates from the shared counters.

# System A ids as written anywhere: the id itself, and the quirked copies in system B's
# legacy_ref and the ESDH's Sagsnummer (``quirks``): lower-cased, padded, "A 0000123".
_A_TEXT = re.compile(r"(\s*[Aa] ?)(\d{7})(\s*)")


def counter_values(ids: IdCounters) -> tuple[int, int, int, int, int]:
    """The counters as numbers: system A cases given, then the next document, complaint,
    access-request and inquiry number."""
    return (ids.a.cases, ids.document, ids.complaint, ids.access_request, ids.inquiry)


FIRST_IDS = counter_values(IdCounters())


def _shift_a(text: str, by: int, strict: bool) -> str:
    m = _A_TEXT.fullmatch(text)
    if m is None:
        if strict:
            raise ValueError(f"not a system A id: {text!r}")
        return text  # a system B case_id, a journal number or empty
    return f"{m[1]}{int(m[2]) + by:0{A_ID_DIGITS}d}{m[3]}"


def shift_ids(sim: Simulation, start: tuple[int, int, int, int, int]) -> None:
    """Renumber a shard simulated from ``IdCounters()`` as if its counters had started at
    ``start`` (``counter_values`` of the shared counters), in place."""
    by = [s - f for s, f in zip(start, FIRST_IDS, strict=True)]
    if not any(by):
        return
    # The new records hold no cycles: collections while making them would only scan the
    # shard's millions of objects again and again (half the time of this renumbering).
    enabled = gc.isenabled()
    gc.disable()
    try:
        _shift(sim, *by)
    finally:
        if enabled:
            gc.enable()


def _shift(sim: Simulation, a: int, doc: int, complaint: int, access: int, inquiry: int) -> None:
    sim.a_records = [r._replace(case_id=_shift_a(r.case_id, a, True)) for r in sim.a_records]
    sim.b_records = [
        r if r.legacy_ref is None else r._replace(legacy_ref=_shift_a(r.legacy_ref, a, True))
        for r in sim.b_records
    ]
    sim.intended_links = {b: _shift_a(v, a, True) for b, v in sim.intended_links.items()}
    sim.documents = [
        d._replace(document_id=d.document_id + doc, case_ref=_shift_a(d.case_ref, a, False))
        for d in sim.documents
    ]
    sim.complaints = [
        c._replace(
            complaint_id=f"K{int(c.complaint_id[1:]) + complaint:07d}",
            case_ref=_shift_a(c.case_ref, a, False),
        )
        for c in sim.complaints
    ]
    sim.access_requests = [
        r._replace(request_id=str(int(r.request_id) + access)) for r in sim.access_requests
    ]
    sim.inquiries = [q._replace(inquiry_id=str(int(q.inquiry_id) + inquiry)) for q in sim.inquiries]
