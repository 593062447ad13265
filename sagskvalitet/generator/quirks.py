"""The quirks of real exports (exports.md), as small pure functions of a random stream.

Every function takes a ``random.Random`` and returns the text as a caseworker or a
legacy system would have written it. Rates are module constants so tests can check them.
"""

from __future__ import annotations

import random

from sagskvalitet.contract import UNITS

CPR_QUIRK_RATE = 0.03  # ddmmyynnnn or a space instead of the dash (system A, esdh)
LEGACY_REF_QUIRK_RATE = 0.10  # lower-case or stray spaces
ESDH_DOTTED_DATE_RATE = 0.05  # dd.mm.yyyy instead of yyyy-mm-dd
JOURNAL_NUMBER_RATE = 0.05  # Sagsnummer that matches no case
UNIT_MISSPELT_RATE = 0.01  # free-text unit that matches no unit (UNKNOWN)
TITLE_QUIRK_RATE = 0.25  # title written in another case/spacing/ae-oe-aa
SAGSNUMMER_A_QUIRK_RATE = 0.03  # system A id lower-cased or padded with spaces

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})

# Misspellings beyond folding: each must fold to no unit's name or short form.
MISSPELT_UNITS: dict[str, tuple[str, ...]] = {
    "U-101": ("Jobcentre Amager", "Jobcenter Amagr", "JC Amagerr"),
    "U-102": ("Jobcentre Nørrebro", "Jobcenter Nørebro", "JC Norrebro"),
    "U-103": ("Jobcentre Vesterbro", "Jobcenter Vesterbo", "JC Vestebro"),
    "U-104": ("Jobcentre Nord", "Jobcenter Nordd", "JC Nort"),
    "U-105": ("Jobcentre Valby", "Jobcenter Valbi", "JC Valbyy"),
    "U-106": ("Sygedagpengecenter", "Sygedagpengecentre", "SDC."),
}
_UNIT_FORMS = {uid: (name, short) for uid, name, short in UNITS}


def cpr_text(rng: random.Random, cpr: str) -> str:
    """``ddmmyy-nnnn``; about 3 % ``ddmmyynnnn`` or ``ddmmyy nnnn``."""
    if rng.random() < CPR_QUIRK_RATE:
        return cpr if rng.random() < 0.5 else f"{cpr[:6]} {cpr[6:]}"
    return f"{cpr[:6]}-{cpr[6:]}"


def legacy_ref_text(rng: random.Random, sags_id: str) -> str:
    """The system A id as typed into system B; about 10 % lower-case or with spaces."""
    if rng.random() >= LEGACY_REF_QUIRK_RATE:
        return sags_id
    form = rng.randrange(4)
    if form == 0:
        return sags_id.lower()
    if form == 1:
        return " " + sags_id.lower()
    if form == 2:
        return f"{sags_id[0]} {sags_id[1:]}"
    return sags_id + " "


def sagsnummer_a_text(rng: random.Random, sags_id: str) -> str:
    """A system A id in the esdh: sometimes lower-cased or padded (trimmed by the rule)."""
    if rng.random() >= SAGSNUMMER_A_QUIRK_RATE:
        return sags_id
    return rng.choice((sags_id.lower(), f" {sags_id}", f"{sags_id} ", sags_id.lower() + " "))


def journal_number(rng: random.Random, year: int) -> str:
    """A KL journal number like ``27.12.10-P20-1-10``: never a case id."""
    group = rng.choice(("27.12.10", "27.24.00", "32.18.00", "15.00.00", "27.69.44"))
    return f"{group}-{rng.choice('PGKA')}{rng.randint(10, 29)}-{rng.randint(1, 9)}-{year % 100:02d}"


def _respell(rng: random.Random, text: str) -> str:
    """A spelling that folds to the same text: case, stray/doubled spaces, ae/oe/aa."""
    form = rng.randrange(6)
    if form == 0:
        text = text.lower()
    elif form == 1:
        text = text.upper()
    elif form == 2:
        text = text.translate(_ASCII)
    elif form == 3:
        text = text.replace(" ", "  ", 1) if " " in text else " " + text
    elif form == 4:
        text = f" {text.lower()} "
    else:
        text = text.translate(_ASCII).lower() + " "
    return text


def unit_text(rng: random.Random, unit_id: str) -> str:
    """A free-text ``Enhed`` for unit_id; about 1 % misspelt beyond folding."""
    if rng.random() < UNIT_MISSPELT_RATE:
        return rng.choice(MISSPELT_UNITS[unit_id])
    name, short = _UNIT_FORMS[unit_id]
    text = name if rng.random() < 0.5 else short
    if rng.random() < 0.4:
        text = _respell(rng, text)
    return text


def title_text(rng: random.Random, variant: str) -> str:
    """A kind variant as written: folds to exactly the folded variant."""
    if rng.random() >= TITLE_QUIRK_RATE:
        return variant
    return _respell(rng, variant)


def unrelated_title(rng: random.Random, base: str) -> str:
    """An unrelated title in any spelling; may hold commas, quotes and line breaks."""
    r = rng.random()
    if r < 0.08:
        return f"{base}, side {rng.randint(1, 4)}"
    if r < 0.13:
        return f'{base} "kopi"'
    if r < 0.17:
        return f"{base}\nmodtaget pr. post"
    if r < 0.30:
        return _respell(rng, base)
    return base


def esdh_date_text(rng: random.Random, iso: str) -> str:
    """``yyyy-mm-dd``; about 5 % ``dd.mm.yyyy``."""
    if rng.random() < ESDH_DOTTED_DATE_RATE:
        return f"{iso[8:10]}.{iso[5:7]}.{iso[0:4]}"
    return iso


def citizen_participated_text(rng: random.Random, value: bool | None) -> str:
    if value is None:
        return ""
    if value:
        return rng.choice(("Ja", "Ja", "ja", "J"))
    return rng.choice(("Nej", "Nej", "N"))
