"""Simulate six years of case work and the records each system holds about it.

The simulation is compact: every record is a tuple and every date an ordinal (``int``,
``date.toordinal``), so scale 1 (about 775,000 cases) fits in a few hundred MB and runs in
seconds. Records hold their *final* state with the date of every change; the writers show
the state as of each delivery date, and ``build_world`` applies the contract's own rules
(linking, unit aliases, latest version) to the state as of the last delivery.

Streams: each concern draws from its own ``random.Random`` seeded with ``"<seed>/<name>"``
(string seeds hash with SHA-512, so runs are reproducible across processes).
"""

from __future__ import annotations

import bisect
import functools
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sagskvalitet import contract as C
from sagskvalitet.generator import quirks as Q
from sagskvalitet.generator.latest_valid import (
    override_valid,
    standing_day,
    valid_document_versions,
)
from sagskvalitet.generator.model import (
    TruthAccessRequest,
    TruthCase,
    TruthComplaint,
    TruthDocument,
    TruthInquiry,
    World,
)
from sagskvalitet.generator.rulings import cpr10, standing_decision
from sagskvalitet.params import Params, load_params

if TYPE_CHECKING:
    from sagskvalitet.generator.odd_values import OddValues

# --- The story's fixed dates (exports.md) -------------------------------------------------
DOUBLE_FROM = date(2010, 4, 1).toordinal()  # system B in use
A_LAST = date(2010, 6, 30).toordinal()  # system A's last day
MIGRATION = date(2010, 7, 1).toordinal()  # open legacy cases migrated to system B
PROFILE_LAST = date(2012, 12, 31).toordinal()  # resource profile replaced 2013-01-01
DIGITAL_POST_FROM = date(2014, 1, 1).toordinal()
EXTRA_KEY_FROM = date(2012, 1, 1).toordinal()  # unknown JSON keys in later deliveries

# --- Volumes at scale 1 ---------------------------------------------------------------------
CASES_PER_MONTH = 10_500  # about 10,300 decisions a month (May 2009: 10,326)
ACCESS_REQUESTS_PER_MONTH = 200
INQUIRIES_PER_MONTH = 3_000
COMPLAINT_RATE = 0.015  # of decisions
CITIZENS_PER_CASE = 0.45  # pool size per case: citizens come back

# --- Case mix and behaviour -----------------------------------------------------------------
AREA_MIX = (
    # A few hundred work-capacity decisions a month out of ~10,000 (the brief).
    ("sickness_benefit", 0.31),
    ("cash_benefit", 0.47),
    ("unemployment_allowance", 0.184),
    ("rehabilitation", 0.012),
    ("flex_job", 0.014),
    ("disability_pension", 0.010),
)
GRANTED_SHARE = {
    "sickness_benefit": 0.85,
    "cash_benefit": 0.7,
    "unemployment_allowance": 0.8,
    "rehabilitation": 0.6,
    "flex_job": 0.55,
    "disability_pension": 0.45,
}
JOBCENTERS = ("U-101", "U-102", "U-103", "U-104", "U-105")
JOBCENTER_WEIGHTS = (0.22, 0.22, 0.18, 0.20, 0.18)
# Unit habits: share decided after the due date, share of late cases with a timely
# notice, share of profile work done right, citizen involvement, feedback in time.
LATE_SHARE = {
    "U-101": 0.056,
    "U-102": 0.061,
    "U-103": 0.061,
    "U-104": 0.049,
    "U-105": 0.11,
    "U-106": 0.052,
}
NOTICE_SHARE = {
    "U-101": 0.6,
    "U-102": 0.55,
    "U-103": 0.6,
    "U-104": 0.65,
    "U-105": 0.12,
    "U-106": 0.5,
}
PROFILE_OK = {
    "U-101": 0.96,
    "U-102": 0.95,
    "U-103": 0.95,
    "U-104": 0.97,
    "U-105": 0.9,
    "U-106": 0.95,
}
CITIZEN_INVOLVED = {
    "U-101": 0.96,
    "U-102": 0.95,
    "U-103": 0.7,
    "U-104": 0.97,
    "U-105": 0.93,
    "U-106": 0.95,
}
IN_TIME = {"U-101": 0.95, "U-102": 0.94, "U-103": 0.95, "U-104": 0.96, "U-105": 0.86, "U-106": 0.94}
WITHDRAWN_SHARE = 0.03
STUCK_SHARE = 0.006  # long-forgotten cases: the open backlog
DOUBLE_REGISTERED_SHARE = 0.30  # of cases received 2010-04-01..06-30
A_ONLY_SHARE_IN_OVERLAP = 0.15
DOUBLE_WITHOUT_REF = 0.02
DOUBLE_CONFLICT = 0.04
DOUBLE_B_LEFT_OPEN = 0.05
MIGRATED_RECEIVED_AT_MIGRATION = 0.2
CORRECTION_RATE = 0.015  # documents re-sent with another Dokumentdato
EXTRA_KEY_RATE = 0.005

# Each unit's favourite title variant per kind (a habit), used 75 % of the time.
UNIT_TITLE_HABIT = {
    uid: {
        kind: variants[(i + j) % len(variants)]
        for j, (kind, variants) in enumerate(C.VARIANTS_BY_KIND.items())
    }
    for i, uid in enumerate(C.UNIT_IDS)
}
FINAL_PROFILES = tuple(
    v for v in C.VARIANTS_BY_KIND["resource_profile"] if v not in C.DRAFT_PROFILE_VARIANTS
)
DRAFT_PROFILE = "Ressourceprofil - udkast"
COMBINED_PROFILE = "Ressourceprofil inkl. vurdering af arbejdsevne"
INITIALS = "ABCDEFGHIJKLMNOPRSTUVW"
ON_TIME_STRETCH = 0.8  # on-time cases take a uniform share of this part of the span
_JOBCENTER_CW = [
    sum(JOBCENTER_WEIGHTS[: i + 1]) / sum(JOBCENTER_WEIGHTS)
    for i in range(len(JOBCENTER_WEIGHTS) - 1)
]


def uuid4_text(bits: int) -> str:
    """Same text as ``str(uuid.UUID(int=bits, version=4))``, without the object."""
    bits &= ~(0xC000 << 48)
    bits |= 0x8000 << 48
    bits &= ~(0xF000 << 64)
    bits |= 4 << 76
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class SimParams:
    seed: int = 20100301
    scale: float = 1.0
    first_month: tuple[int, int] = (2008, 10)
    last_month: tuple[int, int] = (2014, 12)

    @property
    def start(self) -> int:
        return date(*self.first_month, 1).toordinal()

    @property
    def as_of(self) -> int:
        y, m = self.last_month
        return month_end(y, m)


def month_end(y: int, m: int) -> int:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return nxt.toordinal() - 1


def month_ends(first: tuple[int, int], last: tuple[int, int]) -> list[int]:
    out = []
    y, m = first
    while (y, m) <= last:
        out.append(month_end(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class Simulation:
    params: SimParams
    # (SagsID, CPR text, Sagsomraade, Enhed, received, decided|None, Afgoerelse, initials)
    a_records: list[tuple] = field(default_factory=list)
    # (case_id, cpr, area code, unit_id, received, decided|None, decision|None,
    #  legacy_ref text|None, created, created minute, decided minute, extra key)
    b_records: list[tuple] = field(default_factory=list)
    # document versions sorted by registration: (registered minute, DokumentID,
    #  Sagsnummer, CPR text, Dokumentdato text, Titel, Dokumenttype, BorgerMedvirken,
    #  document date, citizen participated, variant|None (None = unrelated))
    documents: list[tuple] = field(default_factory=list)
    # (KlageNr, Sagsnummer, Enhed, received, Klagetype, Genvurderet, UnderretningSendt,
    #  Videresendt, EksterntAfgjort, EksterntUdfald)
    complaints: list[tuple] = field(default_factory=list)
    # (AnmodningID, Enhed, received, Lovgrundlag, Besvaret, UnderretningSendt)
    access_requests: list[tuple] = field(default_factory=list)
    # (HenvendelseID, Enhed, Kanal, received minute, first answer minute|None)
    inquiries: list[tuple] = field(default_factory=list)
    intended_links: dict[str, str] = field(default_factory=dict)  # b case_id -> SagsID
    stats: dict = field(default_factory=dict)
    # Set by odd_values.apply_odd_values: the written deliveries and the odd values.
    written: list[int] = field(default_factory=list)
    odd: OddValues | None = None


class FastRandom(random.Random):
    """``random.Random`` with cheap integer draws built on ``random()`` (deterministic)."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            return int(self.random() * start)
        return start + step * int(self.random() * ((stop - start + step - 1) // step))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


_WD_BASE = date(2000, 1, 1).toordinal()
_WD_LAST = date(2035, 12, 31).toordinal()


_DATES = [date.fromordinal(o) for o in range(_WD_BASE, _WD_LAST + 1)]


class _Clock:
    """Working days and due dates on ordinals, cached."""

    def __init__(self, params: Params):
        self.params = params
        self.cal = params.calendar()
        self._due: dict[tuple[str, str, int], int] = {}
        self.wd = [
            self.cal.is_working_day(date.fromordinal(o)) for o in range(_WD_BASE, _WD_LAST + 1)
        ]

    def is_wd(self, o: int) -> bool:
        return self.wd[o - _WD_BASE]

    def next_wd(self, o: int) -> int:
        wd = self.wd
        while not wd[o - _WD_BASE]:
            o += 1
        return o

    def due(self, subject: str, key: str, received: int) -> int:
        k = (subject, key, received)
        v = self._due.get(k)
        if v is None:
            d = date.fromordinal(received)
            rule = self.params.deadline(subject, key, d)
            if rule is None:
                raise ValueError(f"no deadline for {subject}/{key} on {d}")
            v = self._due[k] = self.cal.due_date(d, rule.value, rule.unit).toordinal()
        return v

    def add_wd(self, o: int, n: int) -> int:
        while n > 0:
            o += 1
            if self.is_wd(o):
                n -= 1
        return o


def _days_weighted(clock: _Clock, first: int, last: int, weekend: float) -> tuple[list, list]:
    days = list(range(first, last + 1))
    cw, acc = [], 0.0
    for o in days:
        acc += 1.0 if clock.is_wd(o) else weekend
        cw.append(acc)
    return days, cw


def _poisson_like(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


class _Simulator:
    def __init__(self, p: SimParams, params: Params, progress: Callable[[str], None]):
        self.p = p
        self.clock = _Clock(params)
        self.progress = progress
        s = p.seed
        self.rng = FastRandom(f"{s}/cases")
        self.rng_ids = FastRandom(f"{s}/ids")
        self.rng_q = FastRandom(f"{s}/quirks")
        self.rng_doc = FastRandom(f"{s}/documents")
        self.rng_cit = FastRandom(f"{s}/citizens")
        self.sim = Simulation(params=p)
        self.as_of = p.as_of
        self._cpr_seen: set[str] = set()
        n_cit = max(200, int(CASES_PER_MONTH * p.scale * 75 * CITIZENS_PER_CASE))
        self.citizens = [self._new_cpr() for _ in range(n_cit)]
        self._a_seq = 0
        self._doc_seq = 0
        self.docs: list[list] = []  # [reg minute, seq, sagsnummer, cpr, date, title, ...]
        self.corrections: list[tuple] = []  # (reg minute, seq of original, new date)
        self.case_refs: list[tuple] = []  # decided cases for complaints
        self.initials = {
            u: [f"{a}{b}" for a, b in zip(INITIALS[i::3], INITIALS[::-1][i::2], strict=False)]
            for i, u in enumerate(C.UNIT_IDS)
        }

    # -- helpers ----------------------------------------------------------------------------
    def _new_cpr(self) -> str:
        rng = self.rng_cit
        while True:
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(45 * 365))
            cpr = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(10000):04d}"
            if cpr not in self._cpr_seen:
                self._cpr_seen.add(cpr)
                return cpr

    def _next_a_id(self) -> str:
        self._a_seq += 1
        return f"A{self._a_seq + 10000:07d}"

    def _uuid(self) -> str:
        return uuid4_text(self.rng_ids.getrandbits(128))

    def _minute(self) -> int:
        return self.rng.randint(7 * 60 + 30, 16 * 60 + 30)

    def _doc(
        self,
        case: tuple,
        doc_date: int,
        variant: str | None,
        title: str,
        participated: bool | None = None,
        doctype: str | None = None,
    ) -> None:
        """Register one document of ``case`` (a_id, b_id, b_created, cpr, year)."""
        rng = self.rng_doc
        lag = (
            0
            if rng.random() < 0.6
            else (rng.randint(1, 3) if rng.random() < 0.88 else rng.randint(4, 30))
        )
        reg_day = doc_date + lag
        if reg_day > self.as_of:
            return
        reg = reg_day * 1440 + rng.randint(7 * 60, 17 * 60)
        a_id, b_id, b_created, cpr, _ = case
        if rng.random() < Q.JOURNAL_NUMBER_RATE:
            ref = Q.journal_number(rng, date.fromordinal(doc_date).year)
        elif b_id is not None and doc_date >= b_created and (a_id is None or rng.random() < 0.6):
            ref = b_id
        else:
            ref = Q.sagsnummer_a_text(rng, a_id) if a_id is not None else b_id
        if doctype is None:
            doctype = rng.choice(C.DOCUMENT_TYPES)
        self._doc_seq += 1
        self.docs.append(
            [
                reg,
                self._doc_seq,
                ref,
                Q.cpr_text(rng, cpr),
                doc_date,
                title,
                doctype,
                Q.citizen_participated_text(rng, participated),
                participated,
                variant,
                cpr,
            ]
        )
        if rng.random() < CORRECTION_RATE:
            new_date = doc_date + rng.choice((-7, -3, -1, 1, 2, 5, 10))
            new_reg = reg + rng.randint(1, 45) * 1440
            if new_reg // 1440 <= self.as_of:
                self.corrections.append((new_reg, self._doc_seq, new_date))

    def _kind_doc(
        self,
        case: tuple,
        unit: str,
        kind: str,
        doc_date: int,
        participated: bool | None = None,
        variant: str | None = None,
        doctype: str | None = None,
    ) -> None:
        rng = self.rng_doc
        if variant is None:
            variant = (
                UNIT_TITLE_HABIT[unit][kind]
                if rng.random() < 0.75
                else rng.choice(C.VARIANTS_BY_KIND[kind])
            )
        self._doc(case, doc_date, variant, Q.title_text(rng, variant), participated, doctype)

    def _unrelated_doc(self, case: tuple, doc_date: int) -> None:
        rng = self.rng_doc
        base = rng.choice(C.UNRELATED_TITLES)
        self._doc(case, doc_date, None, Q.unrelated_title(rng, base))

    # -- cases ------------------------------------------------------------------------------
    def run_cases(self) -> None:
        rng, clock, p = self.rng, self.clock, self.p
        areas = [a for a, _ in AREA_MIX]
        area_cw = []
        acc = 0.0
        for _, w in AREA_MIX:
            acc += w
            area_cw.append(acc)
        y, m = p.first_month
        while (y, m) <= p.last_month:
            first, last = date(y, m, 1).toordinal(), month_end(y, m)
            days, cw = _days_weighted(clock, first, last, 0.05)
            season = 1.0 + 0.04 * math.sin(2 * math.pi * (m - 3) / 12)
            n = _poisson_like(rng, CASES_PER_MONTH * p.scale * season)
            received = sorted(rng.choices(days, cum_weights=cw, k=n))
            chosen = rng.choices(areas, cum_weights=area_cw, k=n)
            for r, area in zip(received, chosen, strict=True):
                self._case(r, area)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)

    def _case(self, r: int, area: str) -> None:
        rng, clock = self.rng, self.clock
        if area == "sickness_benefit":
            unit = "U-106" if rng.random() < 0.85 else rng.choice(JOBCENTERS)
        else:
            unit = JOBCENTERS[bisect.bisect(_JOBCENTER_CW, rng.random())]
        due = clock.due("case", area, r)
        span = due - r
        stuck = False
        u = rng.random()
        if u < WITHDRAWN_SHARE:
            decision = "withdrawn"
            dec = clock.next_wd(r + 1 + int(rng.random() * span))
        else:
            if area == "disability_pension":
                decision = "recommended" if rng.random() < GRANTED_SHARE[area] else "refused"
            else:
                decision = "granted" if rng.random() < GRANTED_SHARE[area] else "refused"
            v = rng.random()
            late_share = LATE_SHARE[unit] * (1.3 if area == "flex_job" else 1.0)
            if v < STUCK_SHARE:
                stuck = True
                dec = clock.next_wd(due + 30 + int(rng.expovariate(1 / 100)))
            elif v < STUCK_SHARE + late_share:
                dec = clock.next_wd(due + 1 + int(rng.expovariate(1 / (2 + 0.12 * span))))
            else:
                # uniform over the stretched span: calibrated to the May 2009 mean
                x = rng.random() * ON_TIME_STRETCH
                dec = clock.next_wd(r + 1 + int(x * (span - 1)))
                if dec > due:
                    dec = due
        late = dec > due

        # Which systems hold the case.
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
        cpr = self._new_cpr() if fresh else self.citizens[rng.randrange(len(self.citizens))]

        if in_a:
            a_id = self._next_a_id()
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
                    a_code = {
                        "BEV": "AFS",
                        "AFS": "BEV" if area != "disability_pension" else "IND",
                        "IND": "AFS",
                    }[a_code]
            self.sim.a_records.append(
                (
                    a_id,
                    Q.cpr_text(self.rng_q, cpr),
                    C.A_CODE_BY_AREA[area],
                    Q.unit_text(self.rng_q, unit),
                    a_recv,
                    a_dec,
                    a_code,
                    rng.choice(self.initials[unit]),
                )
            )
        if in_b or migrated:
            b_id = self._uuid()
            b_recv, b_dec, b_decision, ref = r, dec, decision, None
            b_created = r
            if migrated:
                b_created = MIGRATION
                if rng.random() < MIGRATED_RECEIVED_AT_MIGRATION:
                    b_recv = MIGRATION
                ref = Q.legacy_ref_text(self.rng_q, a_id)
            elif dr:
                if not dr_no_ref:
                    ref = Q.legacy_ref_text(self.rng_q, a_id)
                if dec <= A_LAST and rng.random() < DOUBLE_B_LEFT_OPEN:
                    b_dec, b_decision = None, None
            if b_created <= self.as_of:
                if a_id is not None:
                    self.sim.intended_links[b_id] = a_id
                self.sim.b_records.append(
                    (
                        b_id,
                        cpr,
                        C.B_CODE_BY_AREA[area],
                        unit,
                        b_recv,
                        b_dec,
                        b_decision,
                        ref,
                        b_created,
                        self._minute(),
                        self._minute(),
                        self.rng_q.random() < EXTRA_KEY_RATE,
                    )
                )
            else:
                b_id = None

        case = (a_id, b_id, b_created, cpr, 0)
        self._documents(case, unit, area, r, due, dec, decision, late, stuck)
        if decision != "withdrawn" and rng.random() < COMPLAINT_RATE:
            self.case_refs.append((a_id, b_id, b_created, unit, dec))

    def _documents(
        self,
        case: tuple,
        unit: str,
        area: str,
        r: int,
        due: int,
        dec: int,
        decision: str,
        late: bool,
        stuck: bool,
    ) -> None:
        rng = self.rng_doc
        # Delay notices (underretning om forsinkelse): habits differ by unit.
        if late:
            if rng.random() < NOTICE_SHARE[unit]:
                self._kind_doc(case, unit, "delay_notice", max(r, due - rng.randint(0, 8)))
            elif rng.random() < 0.25:
                self._kind_doc(case, unit, "delay_notice", due + 1 + rng.randrange(dec - due))
        elif rng.random() < 0.015:
            self._kind_doc(case, unit, "delay_notice", r + rng.randint(0, max(0, dec - r)))
        wc = area in C.WORK_CAPACITY_AREAS
        if wc:
            self._work_capacity_documents(case, unit, area, r, dec, decision)
        n_other = (1 if rng.random() < 0.7 else 2) if wc else (1 if rng.random() < 0.12 else 0)
        for _ in range(n_other):
            self._unrelated_doc(case, r + rng.randint(0, max(0, dec - r)))

    def _work_capacity_documents(
        self, case: tuple, unit: str, area: str, r: int, dec: int, decision: str
    ) -> None:
        rng = self.rng_doc
        before = max(0, dec - r)

        def on_or_before() -> int:
            return r + rng.randint(0, before)

        if decision == "withdrawn":
            if rng.random() < 0.3:
                self._kind_doc(
                    case, unit, "resource_profile", on_or_before(), variant=DRAFT_PROFILE
                )
            return
        profile_era = dec <= PROFILE_LAST
        if profile_era or rng.random() < 0.2:
            ok = rng.random() < PROFILE_OK[unit]
            involved = rng.random() < CITIZEN_INVOLVED[unit]
            meeting = involved and rng.random() < 0.4
            mark = involved and not meeting
            if rng.random() < 0.3 or not ok:
                self._kind_doc(
                    case,
                    unit,
                    "resource_profile",
                    on_or_before(),
                    participated=mark if rng.random() < 0.8 else None,
                    variant=DRAFT_PROFILE,
                )
                mark = False
            if ok:
                p_date = on_or_before()
                if rng.random() < 0.25:
                    self._kind_doc(
                        case,
                        unit,
                        "resource_profile",
                        p_date,
                        participated=mark,
                        variant=COMBINED_PROFILE,
                    )
                else:
                    variant = rng.choice(FINAL_PROFILES)
                    self._kind_doc(
                        case, unit, "resource_profile", p_date, participated=mark, variant=variant
                    )
                    self._kind_doc(
                        case,
                        unit,
                        "work_capacity_assessment",
                        p_date + rng.randint(0, max(0, dec - p_date)),
                    )
            else:
                failure = rng.randrange(3)
                if failure == 1:  # final profile, no assessment
                    self._kind_doc(
                        case,
                        unit,
                        "resource_profile",
                        on_or_before(),
                        participated=mark,
                        variant=rng.choice(FINAL_PROFILES),
                    )
                elif failure == 2:  # dated after the decision
                    self._kind_doc(
                        case,
                        unit,
                        "resource_profile",
                        dec + rng.randint(1, 20),
                        participated=mark,
                        variant=COMBINED_PROFILE,
                    )
            if meeting:
                self._kind_doc(case, unit, "citizen_meeting", on_or_before())
            elif not involved and rng.random() < 0.2:
                self._kind_doc(case, unit, "citizen_meeting", dec + rng.randint(1, 10))
        if area == "flex_job":
            if rng.random() < 0.5:
                self._kind_doc(case, unit, "flexjob_guidance", on_or_before())
            elif rng.random() < 0.15:
                self._kind_doc(case, unit, "flexjob_guidance", dec + rng.randint(1, 30))
        if decision == "refused" and rng.random() < 0.85:
            self._kind_doc(case, unit, "hearing", max(r, dec - rng.randint(3, 14)))

    def finish_documents(self) -> None:
        """Sort versions by registration, give ids in that order, merge corrections."""
        self.docs.sort(key=lambda d: (d[0], d[1]))
        id_of: dict[int, int] = {}
        rows = []
        rng = self.rng_doc
        for i, d in enumerate(self.docs):
            doc_id = 100_001 + i
            id_of[d[1]] = doc_id
            rows.append((d[0], doc_id, d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10]))
        by_id = {r[1]: r for r in rows}
        for reg, seq, new_date in self.corrections:
            orig = by_id[id_of[seq]]
            rows.append(
                (
                    reg,
                    orig[1],
                    orig[2],
                    orig[3],
                    new_date,
                    orig[5],
                    orig[6],
                    orig[7],
                    orig[8],
                    orig[9],
                    orig[10],
                )
            )
        rows.sort(key=lambda d: (d[0], d[1]))
        out = []
        for reg, doc_id, ref, cpr_t, ddate, title, dtype, borger, part, variant, cpr in rows:
            iso = date.fromordinal(ddate).isoformat()
            out.append(
                (
                    reg,
                    doc_id,
                    ref,
                    cpr_t,
                    Q.esdh_date_text(rng, iso),
                    title,
                    dtype,
                    borger,
                    ddate,
                    part,
                    variant,
                    cpr,
                )
            )
        self.sim.documents = out
        self.docs = []

    # -- complaints, access requests, inquiries -------------------------------------------
    def run_complaints(self) -> None:
        rng = random.Random(f"{self.p.seed}/complaints")
        clock = self.clock
        rows = []
        for a_id, b_id, b_created, unit, dec in self.case_refs:
            recv = clock.next_wd(dec + 2 + int(rng.expovariate(1 / 20)))
            if recv > self.as_of:
                continue
            t = rng.random()
            ctype = "Formalitet" if t < 0.25 else ("Afgørelse" if t < 0.8 else "Begge")
            if b_id is not None and recv >= b_created and (a_id is None or rng.random() < 0.7):
                ref = b_id
            else:
                ref = a_id
            if ctype == "Formalitet" and rng.random() < 0.3:
                ref = ""
            c_unit = unit if rng.random() < 0.95 else rng.choice(C.UNIT_IDS)
            rows.append(self._complaint(rng, recv, ctype, ref, c_unit))
        rows.sort(key=lambda c: c[0])
        self.sim.complaints = [(f"K{i + 1:07d}", *c[1:]) for i, c in enumerate(rows)]

    def _complaint(self, rng: random.Random, recv: int, ctype: str, ref: str, unit: str) -> tuple:
        due = self.clock.due("complaint", "reassessment", recv)
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
                outcome = rng.choices(
                    ("Stadfæstet", "Hjemvist", "Ændret", "Afvist"), weights=(65, 15, 10, 10)
                )[0]
        return (
            recv,
            ref,
            Q.unit_text(self.rng_q, unit),
            recv,
            ctype,
            genv,
            notice,
            fwd,
            ext,
            outcome,
        )

    def run_access_requests(self) -> None:
        rng = random.Random(f"{self.p.seed}/access_requests")
        clock, p = self.clock, self.p
        rows = []
        y, m = p.first_month
        units = (*JOBCENTERS, "U-106")
        while (y, m) <= p.last_month:
            days, cw = _days_weighted(clock, date(y, m, 1).toordinal(), month_end(y, m), 0.1)
            n = _poisson_like(rng, ACCESS_REQUESTS_PER_MONTH * p.scale)
            for recv in sorted(rng.choices(days, cum_weights=cw, k=n)):
                unit = rng.choice(units)
                basis = rng.choices(C.LEGAL_BASES, weights=(30, 50, 20))[0]
                due = clock.due("access_request", basis, recv)
                notice = None
                if rng.random() < IN_TIME[unit] + 0.02:
                    answered = recv + rng.randint(1, max(1, due - recv))
                else:
                    if rng.random() < 0.5:
                        notice = recv + rng.randint(1, max(1, due - recv))
                    answered = due + 1 + int(rng.expovariate(1 / 10))
                rows.append((recv, Q.unit_text(self.rng_q, unit), recv, basis, answered, notice))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        self.sim.access_requests = [(str(500_001 + i), *r[1:]) for i, r in enumerate(rows)]

    def run_inquiries(self) -> None:
        rng = random.Random(f"{self.p.seed}/inquiries")
        clock, p = self.clock, self.p
        rows = []
        y, m = p.first_month
        units = (*JOBCENTERS, "U-106")
        while (y, m) <= p.last_month:
            days, cw = _days_weighted(clock, date(y, m, 1).toordinal(), month_end(y, m), 0.2)
            n = _poisson_like(rng, INQUIRIES_PER_MONTH * p.scale)
            new_rows = []
            for day in rng.choices(days, cum_weights=cw, k=n):
                unit = rng.choice(units)
                if day >= DIGITAL_POST_FROM:
                    kanal = rng.choices(
                        ("Brev", "Mail", "Digital post", "Telefon"), weights=(5, 30, 30, 35)
                    )[0]
                else:
                    kanal = rng.choices(
                        ("Brev", "Mail", "Digital post", "Telefon"), weights=(20, 43, 2, 35)
                    )[0]
                if kanal == "Telefon":
                    minute = rng.randint(8 * 60, 15 * 60 + 59)
                else:
                    minute = rng.randint(0, 1439)
                recv = day * 1440 + minute
                if kanal == "Telefon" and rng.random() < 0.8:
                    answer = recv + rng.randint(0, 30)
                else:
                    due = clock.add_wd(day, 10)
                    a = rng.random()
                    if a < IN_TIME[unit]:
                        answer_day = clock.next_wd(day + rng.randint(0, max(0, due - day)))
                        answer_day = min(answer_day, due)
                    elif a < 0.995:
                        answer_day = clock.next_wd(due + 1 + int(rng.expovariate(1 / 6)))
                    else:
                        answer_day = None  # never answered
                    answer = None
                    if answer_day is not None:
                        answer = answer_day * 1440 + rng.randint(8 * 60, 16 * 60)
                        answer = max(answer, recv + 1)
                new_rows.append((recv, Q.unit_text(self.rng_q, unit), kanal, recv, answer))
            new_rows.sort(key=lambda r: r[0])
            rows.extend(new_rows)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        self.sim.inquiries = [(str(1_000_001 + i), *r[1:]) for i, r in enumerate(rows)]


def simulate(
    p: SimParams, params: Params | None = None, progress: Callable[[str], None] = lambda s: None
) -> Simulation:
    """Run the whole story; returns the records of every system."""
    params = params or load_params()
    s = _Simulator(p, params, progress)
    s.run_cases()
    progress(f"cases: {len(s.sim.a_records)} system A, {len(s.sim.b_records)} system B records")
    s.finish_documents()
    progress(f"documents: {len(s.sim.documents)} versions")
    s.run_complaints()
    s.run_access_requests()
    s.run_inquiries()
    progress(
        f"complaints {len(s.sim.complaints)}, access requests "
        f"{len(s.sim.access_requests)}, inquiries {len(s.sim.inquiries)}"
    )
    return s.sim


# --- The world as the warehouse must see it -------------------------------------------------
def _norm_cpr(text: str) -> str:
    return text.replace("-", "").replace(" ", "")


def _shown(o: int | None, as_of: int) -> date | None:
    return _DATES[o - _WD_BASE] if o is not None and o <= as_of else None


def _deliveries_upto(sim: Simulation, as_of: int) -> list[int]:
    """The written deliveries on or before as-of (every month end when none were set)."""
    written = sim.written or month_ends(sim.params.first_month, sim.params.last_month)
    return [d for d in written if d <= as_of] or [as_of]


def _a_shown_from(a: tuple, column: int) -> int | None:
    return a[4] if column == 4 else a[5]


def link_cases(sim: Simulation, as_of: int, horizon: int = 90) -> list[TruthCase]:
    """The contract's linking rules ("The same case in two systems") on the state as of,
    with the rulings of targets.md "Real exports": the latest valid version of each
    record, cases without a valid CPR kept (no citizen), a unit id no seed knows is
    UNKNOWN, and a decision beats a withdrawal."""
    deliveries = _deliveries_upto(sim, as_of)
    a_text = sim.odd.a_text if sim.odd else {}
    b_text = sim.odd.b_text if sim.odd else {}
    a_by_id = {}
    a_day: dict[str, int] = {}  # the day whose state of the record stands
    for a in sim.a_records:
        if a[4] > as_of:
            continue
        day: int | None = as_of
        override = a_text.get(a[0])
        if override is not None:
            valid_at = override_valid(override, _a_shown_from(a, override[1]), "dmy", horizon)
            day = standing_day(deliveries, as_of, a[4], valid_at)
        if day is not None:
            a_by_id[a[0]] = a
            a_day[a[0]] = day
    linked_a: dict[str, tuple] = {}  # SagsID -> B record
    method: dict[str, str] = {}  # b case_id -> method
    without_ref = []
    b_visible = []
    b_day: dict[str, int] = {}
    for b in sim.b_records:
        if b[8] > as_of:
            continue
        day = as_of
        override = b_text.get(b[0])
        if override is not None:
            valid_at = override_valid(override, b[5], "iso", horizon)
            day = standing_day(deliveries, as_of, b[8], valid_at)
        if day is not None:
            b_visible.append(b)
            b_day[b[0]] = day
    for b in b_visible:
        ref = b[7]
        if ref is not None:
            key = "".join(ref.split()).upper()
            if key in a_by_id and key not in linked_a:
                linked_a[key] = b
                method[b[0]] = "legacy_ref"
                continue
        without_ref.append(b)
    # Double registrations: one at a time by received date, then case_id. A case
    # without a valid CPR has no citizen to match on.
    candidates: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for a in a_by_id.values():
        citizen = cpr10(a[1])
        if DOUBLE_FROM <= a[4] <= A_LAST and a[0] not in linked_a and citizen is not None:
            candidates[(citizen, C.AREA_BY_A_CODE[a[2]])].append(a)
    for b in sorted(without_ref, key=lambda b: (b[4], b[0])):
        if b[7] is not None:
            continue  # a legacy_ref that names no (free) case: not matched by the 7-day rule
        cands = candidates.get((cpr10(b[1]) or "", C.AREA_BY_B_CODE[b[2]]))
        if not cands:
            continue
        best = None
        for a in cands:
            if a[0] in linked_a or abs(a[4] - b[4]) > 7:
                continue
            k = (abs(a[4] - b[4]), a[0])
            if best is None or k < best[0]:
                best = (k, a)
        if best is not None:
            linked_a[best[1][0]] = b
            method[b[0]] = "double_registration"
    a_of_b = {b[0]: a_id for a_id, b in linked_a.items()}

    def a_decision(a: tuple | None) -> tuple[date, str] | None:
        if a is None or not a[6]:
            return None
        decided = _shown(a[5], a_day[a[0]])
        return None if decided is None else (decided, C.A_DECISIONS[a[6]])

    cases = []
    for b in b_visible:
        a_id = a_of_b.get(b[0])
        a = a_by_id.get(a_id) if a_id else None
        received = b[4] if a is None else min(a[4], b[4])
        b_dec = _shown(b[5], b_day[b[0]])
        b_pair = (b_dec, b[6]) if b_dec is not None and b[6] is not None else None
        standing = standing_decision(a_decision(a), b_pair)
        decided, decision = standing if standing else (None, None)
        cases.append(
            TruthCase(
                member_id=b[0],
                legacy_case_id=a_id,
                b_case_id=b[0],
                link_method=method.get(b[0], "system_b_only"),
                citizen=cpr10(b[1]),
                area=C.AREA_BY_B_CODE[b[2]],
                unit_id=b[3] if b[3] in C.UNIT_IDS else C.UNKNOWN_UNIT,
                received=_DATES[received - _WD_BASE],
                decided=decided,
                decision=decision,
            )
        )
    for a_id, a in a_by_id.items():
        if a_id in linked_a:
            continue
        standing = a_decision(a)
        cases.append(
            TruthCase(
                member_id=a_id,
                legacy_case_id=a_id,
                b_case_id=None,
                link_method="system_a_only",
                citizen=cpr10(a[1]),
                area=C.AREA_BY_A_CODE[a[2]],
                unit_id=_unit_of(a[3]),
                received=_DATES[a[4] - _WD_BASE],
                decided=standing[0] if standing else None,
                decision=standing[1] if standing else None,
            )
        )
    return cases


_unit_of = functools.lru_cache(maxsize=None)(C.unit_of)
_KINDS: dict[str | None, frozenset[str]] = {v: frozenset(k) for v, k in C.TITLE_VARIANTS.items()}
_KINDS[None] = frozenset({"other"})


def link_documents(
    sim: Simulation, cases: list[TruthCase], as_of: int, horizon: int = 90
) -> list[TruthDocument]:
    """Latest valid version of every document, linked by Sagsnummer or the open WC case.

    A case without a citizen (no valid CPR) is found by its ids only, never by the
    citizen fallback; an odd ``BorgerMedvirken`` means not taking part (null).
    """
    latest = valid_document_versions(
        sim.documents,
        sim.written or month_ends(sim.params.first_month, sim.params.last_month),
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
        _, _, ref, cpr_t, _, _, _, borger, _, _, variant, _, doc_date = latest[doc_id]
        ref_t = ref.strip()
        case_id = by_id.get(ref_t) or by_id.get(ref_t.upper())
        if case_id is None:
            best = None
            for c in wc_by_citizen.get(cpr10(cpr_t) or "", ()):
                if c.received <= doc_date and (c.decided is None or c.decided >= doc_date):
                    k = (-c.received.toordinal(), c.member_id)
                    if best is None or k < best[0]:
                        best = (k, c.member_id)
            case_id = best[1] if best else None
        kinds = _KINDS[variant]
        docs.append(
            TruthDocument(
                document_id=doc_id,
                case_id=case_id,
                document_date=doc_date,
                kinds=kinds,
                is_draft_profile=variant in C.DRAFT_PROFILE_VARIANTS,
                citizen_participated=C.CITIZEN_PARTICIPATED.get(borger),
            )
        )
    return docs


def build_world(sim: Simulation, as_of: int, horizon: int | None = None) -> World:
    """The world as the warehouse must see it as of ``as_of`` (rulings applied).

    ``horizon``: var ``future_date_horizon_days`` (default: from dbt_project.yml, else 90).
    """
    if horizon is None:
        horizon = int(load_params().vars.get("future_date_horizon_days", 90))
    cases = link_cases(sim, as_of, horizon)
    documents = link_documents(sim, cases, as_of, horizon)
    complaints = [
        TruthComplaint(
            complaint_id=c[0],
            case_reference=c[1].strip() or None,
            unit_id=_unit_of(c[2]),
            received=_DATES[c[3] - _WD_BASE],
            complaint_type=C.COMPLAINT_TYPES[c[4]],
            reassessed=_shown(c[5], as_of),
            delay_notice=_shown(c[6], as_of),
            forwarded=_shown(c[7], as_of),
            external_decided=_shown(c[8], as_of),
            external_outcome=(C.EXTERNAL_OUTCOMES[c[9]] if c[9] and _shown(c[8], as_of) else None),
        )
        for c in sim.complaints
        if c[3] <= as_of
    ]
    access = [
        TruthAccessRequest(
            access_request_id=a[0],
            unit_id=_unit_of(a[1]),
            received=_DATES[a[2] - _WD_BASE],
            legal_basis=a[3],
            answered=_shown(a[4], as_of),
            delay_notice=_shown(a[5], as_of),
        )
        for a in sim.access_requests
        if a[2] <= as_of
    ]
    limit = (as_of + 1) * 1440
    inquiries = [
        TruthInquiry(
            inquiry_id=q[0],
            unit_id=_unit_of(q[1]),
            channel=C.CHANNELS[q[2]],
            received=_DATES[q[3] // 1440 - _WD_BASE],
            first_response=(
                _DATES[q[4] // 1440 - _WD_BASE] if q[4] is not None and q[4] < limit else None
            ),
        )
        for q in sim.inquiries
        if q[3] < limit
    ]
    return World(
        as_of=_DATES[as_of - _WD_BASE],
        cases=cases,
        documents=documents,
        complaints=complaints,
        access_requests=access,
        inquiries=inquiries,
    )


def minute_text(m: int, seconds: bool = False) -> str:
    d = _DATES[m // 1440 - _WD_BASE]
    hm = m % 1440
    base = f"{d.isoformat()} {hm // 60:02d}:{hm % 60:02d}"
    return base + ":00" if seconds else base


__all__ = ["SimParams", "Simulation", "build_world", "month_ends", "simulate"]
