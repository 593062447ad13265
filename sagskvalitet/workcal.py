"""The Danish working-day calendar of targets.md, in Python.

The dbt project holds the same rules (seed ``danish_holidays``, macros in
``macros/calendar``); the generator's ground truth uses this module, so both sides
are checked against each other by the end-to-end test.
"""

from __future__ import annotations

import calendar
import csv
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import holidays

# Municipal closing days (lukkedage): month, day, name. Named in targets.md.
CLOSING_DAYS = ((6, 5, "Grundlovsdag"), (12, 24, "Juleaftensdag"), (12, 31, "Nytårsaftensdag"))
# Holiday names in Danish, asked for explicitly: without it the package names them in the
# language of the process's locale (LANG), so the seed would change with the machine.
HOLIDAY_LANGUAGE = "da"
FIRST_YEAR = 1990
LAST_YEAR = 2035


@dataclass(frozen=True)
class HolidayRow:
    holiday_date: date
    holiday_name: str
    holiday_kind: str  # public_holiday | closing_day


def holiday_rows(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> list[HolidayRow]:
    """Public holidays from the pinned ``holidays`` package plus the closing days."""
    years = range(first_year, last_year + 1)
    public = holidays.country_holidays(
        "DK", years=years, categories=("public",), language=HOLIDAY_LANGUAGE
    )
    rows = {d: HolidayRow(d, name, "public_holiday") for d, name in public.items()}
    for year in years:
        for month, day, name in CLOSING_DAYS:
            d = date(year, month, day)
            rows.setdefault(d, HolidayRow(d, name, "closing_day"))
    return sorted(rows.values(), key=lambda r: r.holiday_date)


def write_holiday_seed(path: Path) -> int:
    rows = holiday_rows()
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["holiday_date", "holiday_name", "holiday_kind"])
        for r in rows:
            writer.writerow([r.holiday_date.isoformat(), r.holiday_name, r.holiday_kind])
    return len(rows)


class WorkCalendar:
    """Working days: Monday-Friday, not a public holiday, not a closing day (optional)."""

    def __init__(self, closing_days_are_non_working: bool = True, roll_to_working_day: bool = True):
        self.closing = closing_days_are_non_working
        self.roll = roll_to_working_day
        self._non_working = {
            r.holiday_date
            for r in holiday_rows()
            if r.holiday_kind == "public_holiday" or self.closing
        }

    @functools.cache  # noqa: B019 - calendars live for the whole run
    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self._non_working

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d; d itself never counts."""
        cur = d
        left = n
        while left > 0:
            cur += timedelta(days=1)
            if self.is_working_day(cur):
                left -= 1
        return cur

    def roll_forward(self, d: date) -> date:
        """d itself when it is a working day, else the next working day."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def due_date(self, received: date, n: int, unit: str) -> date:
        """received + deadline; calendar deadlines roll to a working day (var)."""
        if unit == "working_days":
            return self.add_working_days(received, n)
        due = add_calendar(received, n, unit)
        return self.roll_forward(due) if self.roll else due


def add_months(d: date, n: int) -> date:
    """d + n months, the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = d.month - 1 + n
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_calendar(d: date, n: int, unit: str) -> date:
    if unit == "days":
        return d + timedelta(days=n)
    if unit == "weeks":
        return d + timedelta(days=7 * n)
    if unit == "months":
        return add_months(d, n)
    raise ValueError(f"unknown deadline unit {unit!r}")


def quarter_label(d: date) -> str:
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def half_year_label(d: date) -> str:
    return f"{d.year}H{1 if d.month <= 6 else 2}"


def quarter_end(label: str) -> date:
    year, q = int(label[:4]), int(label[5])
    month = 3 * q
    return date(year, month, calendar.monthrange(year, month)[1])
