"""The holiday seed and the dbt calendar fixture against sagskvalitet.workcal."""

from __future__ import annotations

import csv
import importlib.util
from datetime import date
from pathlib import Path

import pytest

from sagskvalitet import workcal

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "reference" / "danish_holidays.csv"


def _seed_rows() -> list[tuple[str, str, str]]:
    with SEED.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["holiday_date", "holiday_name", "holiday_kind"]
        return [(r["holiday_date"], r["holiday_name"], r["holiday_kind"]) for r in reader]


def test_seed_equals_workcal_for_every_year() -> None:
    expected = [
        (r.holiday_date.isoformat(), r.holiday_name, r.holiday_kind) for r in workcal.holiday_rows()
    ]
    actual = _seed_rows()
    assert actual == expected
    years = {int(d[:4]) for d, _, _ in actual}
    assert years == set(range(workcal.FIRST_YEAR, workcal.LAST_YEAR + 1))


def test_seed_has_three_closing_days_or_a_holiday_on_them_each_year() -> None:
    by_date = {d: kind for d, _, kind in _seed_rows()}
    for year in range(workcal.FIRST_YEAR, workcal.LAST_YEAR + 1):
        for month, day, _ in workcal.CLOSING_DAYS:
            assert date(year, month, day).isoformat() in by_date


def test_store_bededag_holiday_until_2023_not_from_2024() -> None:
    rows = {d: name for d, name, _ in _seed_rows()}
    assert "2023-05-05" in rows  # Store Bededag 2023 (4th Friday after Easter)
    assert "2024-04-26" not in rows  # abolished by Act 214 of 6 March 2023
    cal = workcal.WorkCalendar()
    assert not cal.is_working_day(date(2023, 5, 5))
    assert cal.is_working_day(date(2024, 4, 26))


def test_first_of_may_is_a_working_day() -> None:
    assert workcal.WorkCalendar().is_working_day(date(2024, 5, 1))  # a Wednesday


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2010, 4, 1), False),  # Maundy Thursday 2010
        (date(2010, 4, 2), False),  # Good Friday
        (date(2010, 4, 5), False),  # Easter Monday
        (date(2010, 4, 6), True),
        (date(2024, 3, 28), False),  # Maundy Thursday 2024
        (date(2024, 4, 1), False),  # Easter Monday 2024
        (date(2024, 4, 2), True),
        (date(2023, 6, 5), False),  # Grundlovsdag, closing day
        (date(2010, 12, 24), False),  # closing day
        (date(2024, 12, 31), False),  # closing day
    ],
)
def test_working_days(day: date, working: bool) -> None:
    assert workcal.WorkCalendar().is_working_day(day) is working


def test_closing_days_var_false_makes_them_working_days() -> None:
    cal = workcal.WorkCalendar(closing_days_are_non_working=False)
    assert cal.is_working_day(date(2010, 12, 24))
    assert cal.is_working_day(date(2023, 6, 5))
    assert not cal.is_working_day(date(2010, 12, 27 - 2))  # Christmas Day stays a holiday


@pytest.mark.parametrize(
    ("received", "n", "unit", "due"),
    [
        (date(2023, 1, 31), 1, "months", date(2023, 2, 28)),
        (date(2024, 1, 31), 1, "months", date(2024, 2, 29)),
        (date(2023, 3, 1), 10, "days", date(2023, 3, 13)),  # Saturday rolls to Monday
        (date(2010, 3, 25), 10, "days", date(2010, 4, 6)),  # Easter Sunday + Monday 2010
        (date(2023, 4, 25), 10, "days", date(2023, 5, 8)),  # Store Bededag 2023
        (date(2024, 4, 16), 10, "days", date(2024, 4, 26)),  # no Store Bededag 2024
        (date(2024, 12, 21), 10, "days", date(2025, 1, 2)),  # 31 Dec + New Year
        (date(2024, 3, 1), 60, "working_days", date(2024, 5, 31)),
        (date(2023, 12, 22), 1, "working_days", date(2023, 12, 27)),  # the day never counts
    ],
)
def test_due_dates(received: date, n: int, unit: str, due: date) -> None:
    assert workcal.WorkCalendar().due_date(received, n, unit) == due


def test_no_roll_when_disabled() -> None:
    cal = workcal.WorkCalendar(roll_to_working_day=False)
    assert cal.due_date(date(2023, 3, 1), 10, "days") == date(2023, 3, 11)


def test_dbt_calendar_fixture_matches_workcal() -> None:
    # loaded by path: the folder name "calendar" must not shadow the standard library
    spec = importlib.util.spec_from_file_location(
        "calendar_fixture", Path(__file__).with_name("calendar_fixture.py")
    )
    calendar_fixture = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(calendar_fixture)
    assert (
        calendar_fixture.FIXTURE_PATH.read_text(encoding="utf-8") == calendar_fixture.fixture_text()
    )


# The package names holidays in the language of the process's locale unless told, so
# the seed is held against the package under the locales a user's machine may have.
LOCALE_ENVIRONMENTS = (
    {},  # no LANG at all, as `env -i` gives
    {"LANG": "C.UTF-8"},
    {"LANG": "da_DK.UTF-8"},
    {"LANG": "en_US.UTF-8", "LANGUAGE": "en"},
    {"LC_ALL": "C", "LANGUAGE": "uk"},
)


@pytest.mark.parametrize("locale_env", LOCALE_ENVIRONMENTS, ids=lambda e: repr(e) or "none")
def test_seed_equals_package_under_every_locale(locale_env: dict[str, str]) -> None:
    import json
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "TZ"}
    }
    env.update(locale_env)
    env["PYTHONPATH"] = str(ROOT)
    script = (
        "import json; from sagskvalitet import workcal; "
        "print(json.dumps([(r.holiday_date.isoformat(), r.holiday_name, r.holiday_kind)"
        " for r in workcal.holiday_rows()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    rows = [tuple(r) for r in json.loads(out)]
    assert rows == _seed_rows()
    assert ("2010-12-25", "Juledag", "public_holiday") in rows
