"""Time in the simulation: month ends, working days and due dates on ordinals.

Every date in the simulation is an ordinal (``date.toordinal``) so records stay small and
comparisons cheap; this module turns months into ordinals, knows which days are working
days (the committee's calendar, ``params``) and caches due dates, which every case,
complaint and access request asks for.
"""

from __future__ import annotations

from datetime import date

from sagskvalitet.generator.due_dates import DueDates
from sagskvalitet.params import Params

WD_BASE = date(2000, 1, 1).toordinal()
WD_LAST = date(2035, 12, 31).toordinal()
DATES = [date.fromordinal(o) for o in range(WD_BASE, WD_LAST + 1)]


def month_end(y: int, m: int) -> int:
    """The ordinal of the last day of month ``m`` of year ``y``."""
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return nxt.toordinal() - 1


def month_ends(first: tuple[int, int], last: tuple[int, int]) -> list[int]:
    """The last day of every month from ``first`` to ``last`` (both included)."""
    out = []
    y, m = first
    while (y, m) <= last:
        out.append(month_end(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from ``first`` to ``last`` (both included)."""
    out = []
    y, m = first
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def day(o: int) -> date:
    """The date of ordinal ``o`` (cached for the simulated years)."""
    return DATES[o - WD_BASE]


class Clock:
    """Working days and due dates on ordinals, cached."""

    def __init__(self, params: Params):
        self.cal = params.calendar()
        self._due = DueDates(params, self.cal)
        self.wd = [
            self.cal.is_working_day(date.fromordinal(o)) for o in range(WD_BASE, WD_LAST + 1)
        ]

    def is_wd(self, o: int) -> bool:
        return self.wd[o - WD_BASE]

    def next_wd(self, o: int) -> int:
        wd = self.wd
        while not wd[o - WD_BASE]:
            o += 1
        return o

    def due(self, subject: str, key: str, received: int) -> int:
        v = self._due.lookup(subject, key, received)
        if v is None:
            raise ValueError(f"no deadline for {subject}/{key} on {date.fromordinal(received)}")
        return v

    def add_wd(self, o: int, n: int) -> int:
        while n > 0:
            o += 1
            if self.is_wd(o):
                n -= 1
        return o


def days_weighted(clock: Clock, first: int, last: int, weekend: float) -> tuple[list, list]:
    """The days ``first..last`` and their cumulative weights (1 a working day, else
    ``weekend``), for drawing received dates with ``random.choices``."""
    days = list(range(first, last + 1))
    cw, acc = [], 0.0
    for o in days:
        acc += 1.0 if clock.is_wd(o) else weekend
        cw.append(acc)
    return days, cw
