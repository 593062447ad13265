"""Danish number and label formats for the report (layout only, no arithmetic)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

STATUS = {True: "Nået", False: "Ikke nået", None: "Kan ikke opgøres"}
STATUS_CLASS = {True: "met", False: "not-met", None: "not-measurable"}
SUPPRESSION_REASON = {  # fct_published_target_results.suppression_reason (issue 10)
    "primary": (
        "Diskretioneret: færre personer/sager i opgørelsen end mindstegrænsen for "
        "offentliggørelse (dbt var suppression_min_count)."
    ),
    "grain": (
        "Diskretioneret, fordi et andet af enhedens tal i samme halvår (kvartalerne og "
        "halvåret) er det, så tallet ikke kan udledes af halvåret minus det andet kvartal."
    ),
    "complement": (
        "Sekundær diskretionering: skjult, så et diskretioneret tal ikke kan udledes af "
        "totalen minus de øvrige enheder."
    ),
}
MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip


def integer(value: Any) -> str:
    """1234567 -> '1.234.567'; None -> '–'."""
    if value is None:
        return "–"
    return f"{int(value):,}".replace(",", ".")


def percent(value: Any) -> str:
    """Percent as the mart holds it (one decimal) with a decimal comma: '95,3 %'."""
    if value is None:
        return "–"
    return f"{Decimal(str(value)):.1f}".replace(".", ",") + " %"


def share_as_percent(value: Any) -> str:
    """A threshold held as a share (0.95) shown as '95 %' (moving the decimal point)."""
    if value is None:
        return "–"
    shifted = Decimal(str(value)).scaleb(2).normalize()
    text = f"{shifted:f}".replace(".", ",")
    return f"{text} %"


def signed(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    d = Decimal(str(value))
    sign = "+" if d > 0 else ""
    return f"{sign}{d:.1f}".replace(".", ",").replace("-", "−") + unit


def date_da(iso: str) -> str:
    """'2010-06-30' -> '30. juni 2010'."""
    y, m, d = (int(p) for p in str(iso)[:10].split("-"))
    return f"{d}. {MONTHS[m - 1]} {y}"


def period_da(period: str) -> str:
    """'2010Q2' -> '2. kvartal 2010'; '2010H1' -> '1. halvår 2010'."""
    kind = "kvartal" if period[4] == "Q" else "halvår"
    return f"{period[5]}. {kind} {period[:4]}"
