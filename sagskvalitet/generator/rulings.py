"""The rulings for real exports, as the ground truth reads raw text (targets.md "Real exports").

The truth decides from the text a system wrote, as the warehouse must: whether a date can
be read (a four-digit year, not before 1990, not more than ``future_date_horizon_days``
after its delivery), whether a CPR is valid, and which of two systems' decisions stands.
Written from the spec, never from the models, so the end-to-end check is independent.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

EARLIEST_DATE = date(1990, 1, 1)
DEFAULT_HORIZON_DAYS = 90
DECISIONS = frozenset({"granted", "refused", "recommended"})  # withdrawn is no decision

_DMY = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DOTTED = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
# Per file layout (exports.md): system A and the complaint register dd-mm-yyyy, system B
# ISO, the ESDH ISO or (about 5 %) dd.mm.yyyy.
_FORMATS: dict[str, tuple[tuple[re.Pattern[str], tuple[int, int, int]], ...]] = {
    "dmy": ((_DMY, (2, 1, 0)),),
    "iso": ((_ISO, (0, 1, 2)),),
    "esdh": ((_ISO, (0, 1, 2)), (_DOTTED, (2, 1, 0))),
}


def read_date(
    text: str, layout: str, delivery: date, horizon_days: int = DEFAULT_HORIZON_DAYS
) -> tuple[date | None, str | None]:
    """(date, None) when ``text`` is a valid date of the layout, else (None, reason).

    Reasons: ``invalid_date`` (no four-digit year, not a calendar date, any other text),
    ``date_before_1990``, ``date_beyond_horizon`` (more than ``horizon_days`` after the
    delivery's date). The caller decides what an empty text means (usually: no date).
    """
    stripped = text.strip()
    for pattern, (iy, im, iday) in _FORMATS[layout]:
        m = pattern.fullmatch(stripped)
        if m is None:
            continue
        parts = m.groups()
        try:
            value = date(int(parts[iy]), int(parts[im]), int(parts[iday]))
        except ValueError:
            return None, "invalid_date"
        if value < EARLIEST_DATE:
            return None, "date_before_1990"
        if value > delivery + timedelta(days=horizon_days):
            return None, "date_beyond_horizon"
        return value, None
    return None, "invalid_date"


def cpr10(text: str | None) -> str | None:
    """The 10-digit CPR of any contract form (``ddmmyy-nnnn``, ``ddmmyynnnn``, with a
    space), or None for a missing or invalid one (``""``, ``12345``): such a case is kept,
    without a citizen."""
    if text is None:
        return None
    digits = text.strip().replace("-", "").replace(" ", "")
    if len(digits) == 10 and digits.isascii() and digits.isdigit():
        return digits
    return None


def standing_decision(
    a: tuple[date, str] | None, b: tuple[date, str] | None
) -> tuple[date, str] | None:
    """The (decision date, decision) of a case held by system A and/or system B.

    A decision (granted, refused, recommended) beats a withdrawal in the other system;
    between two decisions the later decision date; between equal dates, system B's.
    Between two withdrawals, system B's (exports.md: B's when B has one).
    """
    if a is None or b is None:
        return b if a is None else a
    a_is, b_is = a[1] in DECISIONS, b[1] in DECISIONS
    if a_is and not b_is:
        return a
    if b_is and not a_is:
        return b
    if a_is and b_is and a[0] > b[0]:
        return a
    return b
