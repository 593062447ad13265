"""Access requests (aktindsigt): received each month, answered in time by each unit's habit.

A request late past its deadline gets a delay notice half the time; the deadline depends
on the legal basis (``params``).
"""

from __future__ import annotations

import random
from datetime import date

from sagskvalitet import contract as C
from sagskvalitet.generator import quirks as Q
from sagskvalitet.generator.simulate.randomness import poisson_like
from sagskvalitet.generator.simulate.records import AccessRequest
from sagskvalitet.generator.simulate.state import SimState
from sagskvalitet.generator.simulate.story import ACCESS_REQUESTS_PER_MONTH, ALL_UNITS, IN_TIME
from sagskvalitet.generator.simulate.timeline import days_weighted, month_end, months


def run_access_requests(st: SimState) -> None:
    """Every access request of the simulated months, numbered from 500001 (over shards)."""
    rng = random.Random(st.p.stream("access_requests"))
    clock, p = st.clock, st.p
    rows = []
    for y, m in months(p.first_month, p.last_month):
        days, cw = days_weighted(clock, date(y, m, 1).toordinal(), month_end(y, m), 0.1)
        n = poisson_like(rng, ACCESS_REQUESTS_PER_MONTH * p.scale)
        for recv in sorted(rng.choices(days, cum_weights=cw, k=n)):
            unit = rng.choice(ALL_UNITS)
            basis = rng.choices(C.LEGAL_BASES, weights=(30, 50, 20))[0]
            due = clock.due("access_request", basis, recv)
            notice = None
            if rng.random() < IN_TIME[unit] + 0.02:
                answered = recv + rng.randint(1, max(1, due - recv))
            else:
                if rng.random() < 0.5:
                    notice = recv + rng.randint(1, max(1, due - recv))
                answered = due + 1 + int(rng.expovariate(1 / 10))
            rows.append(
                AccessRequest(
                    request_id=str(st.ids.access_request + len(rows)),
                    unit_text=Q.unit_text(st.rng_q, unit),
                    received=recv,
                    legal_basis=basis,
                    answered=answered,
                    delay_notice=notice,
                )
            )
    st.sim.access_requests = rows
    st.ids.access_request += len(rows)
