"""What the simulators share while they run: random streams, the clock, citizens, ids.

Cases, their documents and their complaints are drawn in one pass (a case's documents right
after the case), so they share the streams and counters held here. Each concern draws from
its own stream (``randomness``); the order of the draws is the data set, so a change in it
changes every file after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from sagskvalitet import contract as C
from sagskvalitet.generator.simulate.ids import IdCounters
from sagskvalitet.generator.simulate.randomness import FastRandom, uuid4_text
from sagskvalitet.generator.simulate.records import SimParams, Simulation
from sagskvalitet.generator.simulate.story import CASES_PER_MONTH, CITIZENS_PER_CASE, INITIALS
from sagskvalitet.generator.simulate.timeline import Clock
from sagskvalitet.params import Params


class CaseRef(NamedTuple):
    """Where a case's documents point: its ids in each system and its citizen."""

    a_id: str | None
    b_id: str | None
    b_created: int
    cpr: str


class DecidedCase(NamedTuple):
    """A decided case a complaint may be filed against."""

    a_id: str | None
    b_id: str | None
    b_created: int
    unit: str
    decided: int


class PendingDocument(NamedTuple):
    """A document before ids are given in registration order (``seq``: drawing order)."""

    registered: int  # minute
    seq: int
    case_ref: str
    cpr_text: str
    document_date: int
    title: str
    doctype: str
    participation_text: str
    participated: bool | None
    variant: str | None
    cpr: str


class Correction(NamedTuple):
    """A document re-sent with another ``Dokumentdato``."""

    registered: int  # minute
    seq: int  # of the original
    document_date: int


@dataclass
class SimState:
    """The streams, clock and counters of one run."""

    p: SimParams
    clock: Clock
    progress: Callable[[str], None]
    sim: Simulation
    rng: FastRandom  # cases
    rng_ids: FastRandom
    rng_q: FastRandom  # how records are written (quirks)
    rng_doc: FastRandom
    rng_cit: FastRandom
    rng_late: FastRandom  # late registrations (``late``)
    as_of: int = 0  # the last day simulated (p.as_of, read once: it is asked for often)
    citizens: list[str] = field(default_factory=list)
    cpr_seen: set[str] = field(default_factory=set)
    ids: IdCounters = field(default_factory=IdCounters)  # shared by the shards
    doc_seq: int = 0
    docs: list[PendingDocument] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    case_refs: list[DecidedCase] = field(default_factory=list)
    initials: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        p: SimParams,
        params: Params,
        progress: Callable[[str], None],
        ids: IdCounters | None = None,
    ) -> SimState:
        s = p.stream
        st = cls(
            p=p,
            clock=Clock(params),
            progress=progress,
            sim=Simulation(params=p),
            rng=FastRandom(s("cases")),
            rng_ids=FastRandom(s("ids")),
            rng_q=FastRandom(s("quirks")),
            rng_doc=FastRandom(s("documents")),
            rng_cit=FastRandom(s("citizens")),
            rng_late=FastRandom(s("late_registrations")),
            as_of=p.as_of,
            ids=ids or IdCounters(),
        )
        n_cit = max(200, int(CASES_PER_MONTH * p.scale * 75 * CITIZENS_PER_CASE))
        st.citizens = [st.new_cpr() for _ in range(n_cit)]
        st.initials = {
            u: [f"{a}{b}" for a, b in zip(INITIALS[i::3], INITIALS[::-1][i::2], strict=False)]
            for i, u in enumerate(C.UNIT_IDS)
        }
        return st

    def new_cpr(self) -> str:
        rng = self.rng_cit
        while True:
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(45 * 365))
            # Shard k of n writes the serials k, k + n, ...: no citizen is in two shards.
            serial = rng.randrange(10000 // self.p.shards) * self.p.shards + self.p.shard
            cpr = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
            if cpr not in self.cpr_seen:
                self.cpr_seen.add(cpr)
                return cpr

    def next_a_id(self) -> str:
        return self.ids.a.next_case()

    def uuid(self) -> str:
        return uuid4_text(self.rng_ids.getrandbits(128))

    def minute(self) -> int:
        return self.rng.randint(7 * 60 + 30, 16 * 60 + 30)
