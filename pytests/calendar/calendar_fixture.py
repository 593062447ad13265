"""The calendar fixture of the dbt unit tests, made from sagskvalitet.workcal.

Unit tests on the due-date and result models take int_calendar_days as given rows from
tests/fixtures/calendar/calendar_days_fixture.sql, so the SQL due-date macros are checked
against the Python calendar. Regenerate with ``python pytests/calendar/calendar_fixture.py``;
test_holiday_seed.py holds the file against this module.
"""

from __future__ import annotations

import calendar
import io
from datetime import date, timedelta
from pathlib import Path

from sagskvalitet.workcal import WorkCalendar, holiday_rows

FIXTURE_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "calendar"
FIXTURE_PATH = FIXTURE_DIR / "calendar_days_fixture.sql"
FIRST_DAY = date(2009, 1, 1)
LAST_DAY = date(2025, 12, 31)

# Every column of int_calendar_days, in order, with its SQL type.
COLUMNS = (
    ("date_day", "date"),
    ("year_number", "integer"),
    ("quarter_number", "integer"),
    ("month_number", "integer"),
    ("iso_day_of_week", "integer"),
    ("is_weekend", "boolean"),
    ("holiday_name", "varchar"),
    ("holiday_kind", "varchar"),
    ("is_public_holiday", "boolean"),
    ("is_closing_day", "boolean"),
    ("is_working_day", "boolean"),
    ("working_day_seq", "integer"),
    ("next_working_day", "date"),
    ("quarter_label", "varchar"),
    ("half_year_label", "varchar"),
    ("year_label", "varchar"),
    ("quarter_start_date", "date"),
    ("quarter_end_date", "date"),
    ("half_year_start_date", "date"),
    ("half_year_end_date", "date"),
    ("year_start_date", "date"),
    ("year_end_date", "date"),
    ("is_quarter_end", "boolean"),
    ("is_half_year_end", "boolean"),
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fixture_rows(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[tuple]:
    """One tuple per day, in the order of COLUMNS, from workcal (closing days non-working)."""
    cal = WorkCalendar(closing_days_are_non_working=True)
    holidays = {r.holiday_date: r for r in holiday_rows()}
    rows = []
    seq = 0
    for i in range((last - first).days + 1):
        d = first + timedelta(days=i)
        working = cal.is_working_day(d)
        seq += working
        quarter = (d.month - 1) // 3 + 1
        half = 1 if d.month <= 6 else 2
        holiday = holidays.get(d)
        quarter_end = _month_end(d.year, 3 * quarter)
        half_end = _month_end(d.year, 6 * half)
        rows.append(
            (
                d,
                d.year,
                quarter,
                d.month,
                d.isoweekday(),
                d.isoweekday() >= 6,
                holiday.holiday_name if holiday else None,
                holiday.holiday_kind if holiday else None,
                bool(holiday and holiday.holiday_kind == "public_holiday"),
                bool(holiday and holiday.holiday_kind == "closing_day"),
                working,
                seq,
                cal.roll_forward(d),
                f"{d.year}Q{quarter}",
                f"{d.year}H{half}",
                f"{d.year}",
                date(d.year, 3 * quarter - 2, 1),
                quarter_end,
                date(d.year, 6 * half - 5, 1),
                half_end,
                date(d.year, 1, 1),
                date(d.year, 12, 31),
                d == quarter_end,
                d == half_end,
            )
        )
    return rows


def _literal(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text.replace("'", "''") + "'"


# The fixture is two VALUES lists: the days with only what varies by day, and the
# quarters with the period columns; the rest is derived in the select. One VALUES list
# of all 24 columns (149,000 literals) took DuckDB 2 s to bind in each of the eight unit
# tests that use it; this shape takes about a fifth of that.
DAY_COLUMNS = (
    "date_day",
    "iso_day_of_week",
    "holiday_name",
    "holiday_kind",
    "is_working_day",
    "working_day_seq",
    "next_working_day",
)
QUARTER_COLUMNS = (
    "year_number",
    "quarter_number",
    "quarter_label",
    "half_year_label",
    "year_label",
    "quarter_start_date",
    "quarter_end_date",
    "half_year_start_date",
    "half_year_end_date",
    "year_start_date",
    "year_end_date",
)
# How each column of COLUMNS is made from the two lists (days, quarters).
DERIVED = {
    "month_number": "extract(month from cast(days.date_day as date))",
    "is_weekend": "days.iso_day_of_week >= 6",
    "is_public_holiday": "coalesce(days.holiday_kind = 'public_holiday', false)",
    "is_closing_day": "coalesce(days.holiday_kind = 'closing_day', false)",
    "is_quarter_end": "cast(days.date_day as date) = cast(quarters.quarter_end_date as date)",
    "is_half_year_end": "cast(days.date_day as date) = cast(quarters.half_year_end_date as date)",
}


def _source(column: str) -> str:
    if column in DERIVED:
        return DERIVED[column]
    return ("days." if column in DAY_COLUMNS else "quarters.") + column


def _values(rows: list[tuple], names: tuple[str, ...]) -> str:
    index = [c for c, _ in COLUMNS]
    picked = [index.index(name) for name in names]
    return ",\n".join("    (" + ", ".join(_literal(row[i]) for i in picked) + ")" for row in rows)


def fixture_text(first: date = FIRST_DAY, last: date = LAST_DAY) -> str:
    """A SQL fixture (a csv one of this size takes minutes per unit test to render)."""
    rows = fixture_rows(first, last)
    index = [c for c, _ in COLUMNS]
    quarter_start = index.index("quarter_start_date")
    quarters = list({row[quarter_start]: row for row in rows}.values())
    out = io.StringIO()
    out.write("-- generated by pytests/calendar/calendar_fixture.py from sagskvalitet.workcal\n")
    out.write("select\n")
    out.write(",\n".join(f"    cast({_source(c)} as {t}) as {c}" for c, t in COLUMNS))
    out.write("\nfrom (values\n")
    out.write(_values(rows, DAY_COLUMNS))
    out.write("\n) as days (" + ", ".join(DAY_COLUMNS) + ")\n")
    out.write("inner join (values\n")
    out.write(_values(quarters, QUARTER_COLUMNS))
    out.write("\n) as quarters (" + ", ".join(QUARTER_COLUMNS) + ")\n")
    out.write(
        "    on cast(days.date_day as date) between cast(quarters.quarter_start_date as date)"
        " and cast(quarters.quarter_end_date as date)\n"
    )
    return out.getvalue()


if __name__ == "__main__":
    FIXTURE_PATH.write_text(fixture_text(), encoding="utf-8")
    print(f"wrote {FIXTURE_PATH}")
