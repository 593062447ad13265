"""Due dates from the deadline catalogue on ordinals, cached: the simulation and the truth
ask for the same (subject, key, received) many times."""

from __future__ import annotations

from datetime import date

from sagskvalitet.params import Params
from sagskvalitet.workcal import WorkCalendar


class DueDates:
    """Due date of a record by (subject, key, received ordinal); None when the catalogue
    holds no deadline for it."""

    def __init__(self, params: Params, cal: WorkCalendar):
        self.params = params
        self.cal = cal
        self._cache: dict[tuple[str, str, int], int | None] = {}

    def lookup(self, subject: str, key: str, received: int) -> int | None:
        cache_key = (subject, key, received)
        if cache_key in self._cache:
            return self._cache[cache_key]
        day = date.fromordinal(received)
        rule = self.params.deadline(subject, key, day)
        due = None if rule is None else self.cal.due_date(day, rule.value, rule.unit).toordinal()
        self._cache[cache_key] = due
        return due
