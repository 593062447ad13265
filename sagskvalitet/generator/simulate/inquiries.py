"""Citizen inquiries (henvendelser) by channel, and when each was first answered.

Most phone calls are answered at once; letters, mails and digital post within ten
working days by each unit's habit, a few later and a very few never. Digital post takes
over from 2014. Times are minutes, as ``henvendelser.csv`` writes them.
"""

from __future__ import annotations

import random
from datetime import date

from sagskvalitet.generator import quirks as Q
from sagskvalitet.generator.simulate.randomness import poisson_like
from sagskvalitet.generator.simulate.records import Inquiry
from sagskvalitet.generator.simulate.state import SimState
from sagskvalitet.generator.simulate.story import (
    ALL_UNITS,
    DIGITAL_POST_FROM,
    IN_TIME,
    INQUIRIES_PER_MONTH,
)
from sagskvalitet.generator.simulate.timeline import Clock, days_weighted, month_end, months

CHANNELS = ("Brev", "Mail", "Digital post", "Telefon")
CHANNEL_WEIGHTS = (20, 43, 2, 35)
CHANNEL_WEIGHTS_DIGITAL_POST = (5, 30, 30, 35)


def run_inquiries(st: SimState) -> None:
    """Every inquiry of the simulated months, numbered from 1000001 in received order
    (the numbers go on over shards)."""
    rng = random.Random(st.p.stream("inquiries"))
    clock, p = st.clock, st.p
    rows: list[Inquiry] = []
    for y, m in months(p.first_month, p.last_month):
        days, cw = days_weighted(clock, date(y, m, 1).toordinal(), month_end(y, m), 0.2)
        n = poisson_like(rng, INQUIRIES_PER_MONTH * p.scale)
        new_rows = []
        for day in rng.choices(days, cum_weights=cw, k=n):
            unit = rng.choice(ALL_UNITS)
            weights = CHANNEL_WEIGHTS_DIGITAL_POST if day >= DIGITAL_POST_FROM else CHANNEL_WEIGHTS
            kanal = rng.choices(CHANNELS, weights=weights)[0]
            if kanal == "Telefon":
                minute = rng.randint(8 * 60, 15 * 60 + 59)
            else:
                minute = rng.randint(0, 1439)
            recv = day * 1440 + minute
            answer = _first_answer(rng, clock, unit, kanal, day, recv)
            new_rows.append(Inquiry("", Q.unit_text(st.rng_q, unit), kanal, recv, answer))
        new_rows.sort(key=lambda r: r.received)
        rows.extend(new_rows)
    first = st.ids.inquiry
    st.sim.inquiries = [q._replace(inquiry_id=str(first + i)) for i, q in enumerate(rows)]
    st.ids.inquiry += len(rows)


def _first_answer(
    rng: random.Random, clock: Clock, unit: str, kanal: str, day: int, recv: int
) -> int | None:
    """The minute of the first answer, or None when never answered."""
    if kanal == "Telefon" and rng.random() < 0.8:
        return recv + rng.randint(0, 30)
    due = clock.add_wd(day, 10)
    a = rng.random()
    if a < IN_TIME[unit]:
        answer_day = min(clock.next_wd(day + rng.randint(0, max(0, due - day))), due)
    elif a < 0.995:
        answer_day = clock.next_wd(due + 1 + int(rng.expovariate(1 / 6)))
    else:
        return None  # never answered
    return max(answer_day * 1440 + rng.randint(8 * 60, 16 * 60), recv + 1)
