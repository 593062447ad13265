"""Cases: how many arrive each month, in which area and unit, and when each is decided.

A case's decision comes from its unit's habits: most on time (uniform over a stretched
share of the span to the due date), a unit's share late, a few withdrawn, a few stuck for
months (the open backlog). Each case is then written into the systems that hold it
(``systems``), gets its documents (``documents``) and, when decided, may be complained
about (``complaints``).
"""

from __future__ import annotations

import bisect
import math
from datetime import date

from sagskvalitet.generator.simulate.documents import case_documents
from sagskvalitet.generator.simulate.randomness import poisson_like
from sagskvalitet.generator.simulate.state import DecidedCase, SimState
from sagskvalitet.generator.simulate.story import (
    AREA_MIX,
    CASES_PER_MONTH,
    COMPLAINT_RATE,
    GRANTED_SHARE,
    JOBCENTER_CW,
    JOBCENTERS,
    LATE_SHARE,
    ON_TIME_STRETCH,
    STUCK_SHARE,
    WITHDRAWN_SHARE,
)
from sagskvalitet.generator.simulate.systems import register_case
from sagskvalitet.generator.simulate.timeline import days_weighted, month_end, months


def run_cases(st: SimState) -> None:
    """Every case received in the simulated months, in received order."""
    rng, clock, p = st.rng, st.clock, st.p
    areas = [a for a, _ in AREA_MIX]
    area_cw = []
    acc = 0.0
    for _, w in AREA_MIX:
        acc += w
        area_cw.append(acc)
    for y, m in months(p.first_month, p.last_month):
        first, last = date(y, m, 1).toordinal(), month_end(y, m)
        days, cw = days_weighted(clock, first, last, 0.05)
        season = 1.0 + 0.04 * math.sin(2 * math.pi * (m - 3) / 12)
        n = poisson_like(rng, CASES_PER_MONTH * p.scale * season)
        received = sorted(rng.choices(days, cum_weights=cw, k=n))
        chosen = rng.choices(areas, cum_weights=area_cw, k=n)
        for r, area in zip(received, chosen, strict=True):
            simulate_case(st, r, area)


def decide(st: SimState, r: int, area: str, unit: str, due: int) -> tuple[int, str]:
    """The decision day and decision of a case received ``r`` and due ``due``."""
    rng, clock = st.rng, st.clock
    span = due - r
    if rng.random() < WITHDRAWN_SHARE:
        return clock.next_wd(r + 1 + int(rng.random() * span)), "withdrawn"
    if area == "disability_pension":
        decision = "recommended" if rng.random() < GRANTED_SHARE[area] else "refused"
    else:
        decision = "granted" if rng.random() < GRANTED_SHARE[area] else "refused"
    v = rng.random()
    late_share = LATE_SHARE[unit] * (1.3 if area == "flex_job" else 1.0)
    if v < STUCK_SHARE:
        dec = clock.next_wd(due + 30 + int(rng.expovariate(1 / 100)))
    elif v < STUCK_SHARE + late_share:
        dec = clock.next_wd(due + 1 + int(rng.expovariate(1 / (2 + 0.12 * span))))
    else:
        # uniform over the stretched span: calibrated to the May 2009 mean
        x = rng.random() * ON_TIME_STRETCH
        dec = min(clock.next_wd(r + 1 + int(x * (span - 1))), due)
    return dec, decision


def simulate_case(st: SimState, r: int, area: str) -> None:
    """One case received ``r``: its unit, decision, records, documents, complaint ref."""
    rng = st.rng
    if area == "sickness_benefit":
        unit = "U-106" if rng.random() < 0.85 else rng.choice(JOBCENTERS)
    else:
        unit = JOBCENTERS[bisect.bisect(JOBCENTER_CW, rng.random())]
    due = st.clock.due("case", area, r)
    dec, decision = decide(st, r, area, unit, due)
    case = register_case(st, r, area, unit, dec, decision)
    case_documents(st, case, unit, area, r, due, dec, decision, dec > due)
    if decision != "withdrawn" and rng.random() < COMPLAINT_RATE:
        st.case_refs.append(DecidedCase(case.a_id, case.b_id, case.b_created, unit, dec))
