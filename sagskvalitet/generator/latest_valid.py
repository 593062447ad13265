"""The latest valid version of a record, as the truth must see it (targets.md "Real
exports", "The latest valid version").

A full extract repeats every record in each delivery; when the version in the last
delivery on or before as-of is rejected, the newest earlier delivery with a valid version
stands, with the record's state as that delivery showed it. An incremental extract (the
ESDH) holds each version once; the newest valid version registered on or before as-of
stands. Dates are ordinals here, as in the simulation.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sagskvalitet.generator.rulings import EARLIEST_DATE, read_date

if TYPE_CHECKING:
    from sagskvalitet.generator.simulate.records import DocumentVersion


def standing_day(
    deliveries: list[int], as_of: int, present_from: int, valid_at: Callable[[int], bool]
) -> int | None:
    """The day whose state of a full-extract record stands: as-of when the version in the
    last delivery (``deliveries`` ends on or before as-of) is valid, else the newest
    earlier delivery with a valid version; None when no delivery holds a valid one."""
    for i in range(len(deliveries) - 1, -1, -1):
        d = deliveries[i]
        if d < present_from:
            return None
        if valid_at(d):
            return as_of if i == len(deliveries) - 1 else d
    return None


def override_valid(
    override: tuple, shown_from: int | None, layout: str, horizon: int
) -> Callable[[int], bool]:
    """valid_at(delivery) of a record whose date column is written as ``override``'s text
    from a delivery on (``odd_values.OddValues.a_text``/``b_text``), where the column is
    shown from ``shown_from`` (a decision date: empty before it)."""
    from_day, _, text, _ = override

    def valid_at(d: int) -> bool:
        if d < from_day or shown_from is None or shown_from > d:
            return True  # the odd text is not in this delivery's version
        return read_date(text, layout, date.fromordinal(d), horizon)[1] is None

    return valid_at


def valid_document_versions(
    documents: list[DocumentVersion],
    deliveries: list[int],
    stray_quote: set[tuple[int, int]],
    as_of: int,
    horizon: int,
) -> dict[int, tuple[DocumentVersion, date]]:
    """DokumentID -> its newest valid version registered on or before as-of, with the
    read ``Dokumentdato``. ``documents`` are the simulation's versions in registration
    order. A version is rejected when its case reference is empty, its ``Dokumentdato``
    cannot be read (two-digit year, before 1990, more than ``horizon`` days after the
    delivery that carries it) or its record holds a stray quote."""
    earliest = EARLIEST_DATE.toordinal()
    latest: dict[int, tuple[DocumentVersion, date]] = {}
    for d in documents:
        reg_day = d.registered // 1440
        if reg_day > as_of:
            break
        if not d.case_ref.strip() or (d.registered, d.document_id) in stray_quote:
            continue
        j = bisect.bisect_left(deliveries, reg_day)
        delivery = deliveries[j] if j < len(deliveries) else as_of
        text = d.date_text
        dated = None
        if len(text) == 10 and text[4] == "-":  # the common case, read fast
            try:
                dated = date.fromisoformat(text)
            except ValueError:
                dated = None
        if dated is None or not earliest <= dated.toordinal() <= delivery + horizon:
            dated, reason = read_date(text, "esdh", date.fromordinal(delivery), horizon)
            if reason is not None:
                continue
        latest[d.document_id] = (d, dated)
    return latest
