"""CPR pseudonymisation: the CPR number never leaves landing.

``citizen_key`` = 'P' + the first 32 hex characters of HMAC-SHA256(key, CPR as 10 digits).
The key comes from the environment variable ``SAGSKVALITET_CPR_KEY``; the same key gives
the same citizen_key in every delivery, so citizens can be followed across systems.
The CPR column is dropped and the CPR text inside ``raw_record`` is replaced by the key
(or by ``<invalid-cpr>``), so no CPR reaches a landed file, a log or a Data Docs page.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

from sagskvalitet.landing import LandingError
from sagskvalitet.landing.readers import ParsedFile

KEY_ENV = "SAGSKVALITET_CPR_KEY"
INVALID_MARK = "<invalid-cpr>"
CPR_COLUMNS = ("CPR", "cpr")
# Free-text columns where a caseworker may have typed a CPR number.
FREE_TEXT_COLUMNS = ("Titel",)

# A CPR-shaped value: ddmmyy-nnnn, ddmmyynnnn or ddmmyy nnnn, bounded by non-digits.
CPR_SHAPED = re.compile(r"(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)")
# The same, with a plausible day and month (fewer false hits inside free text).
CPR_LIKE_DATE = re.compile(
    r"(?<!\d)((?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2})[- ]?(\d{4})"
    r"(?!\d)"
)
_JSON_CPR = re.compile(r'"cpr"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)')


def key_from_env() -> bytes:
    key = os.environ.get(KEY_ENV, "")
    if not key:
        raise LandingError(
            f"the CPR pseudonymisation key is missing: set the environment "
            f"variable {KEY_ENV} (a secret; the Makefile sets a demo key "
            "for synthetic data only)"
        )
    return key.encode("utf-8")


def normalise_cpr(value: str | None) -> tuple[str | None, str]:
    """(10-digit CPR or None, cpr_status) for any contract format of a CPR."""
    if value is None:
        return None, "missing"
    stripped = value.strip()
    if not stripped:
        return None, "missing"
    digits = stripped.replace("-", "").replace(" ", "")
    if len(digits) == 10 and digits.isascii() and digits.isdigit():
        return digits, "ok"
    return None, "invalid"


class Pseudonymiser:
    """HMAC-SHA256 keyed hash with a cache per distinct CPR (one HMAC per citizen)."""

    def __init__(self, key: bytes):
        self._key = key
        self._cache: dict[str, str] = {}

    def citizen_key(self, cpr10: str) -> str:
        ck = self._cache.get(cpr10)
        if ck is None:
            digest = hmac.new(self._key, cpr10.encode("ascii"), hashlib.sha256).hexdigest()
            ck = self._cache[cpr10] = "P" + digest[:32]
        return ck

    def key_of(self, value: str | None) -> tuple[str | None, str]:
        """(citizen_key or None, cpr_status) of a raw CPR field."""
        cpr10, status = normalise_cpr(value)
        return (self.citizen_key(cpr10) if cpr10 else None), status

    def scrub(self, text: str, pattern: re.Pattern[str] = CPR_SHAPED) -> str:
        """Replace every CPR-shaped value in free text by its citizen_key."""
        return pattern.sub(lambda m: self.citizen_key(m.group(1) + m.group(2)), text)


def _csv_field_span(record: str, delimiter: str, index: int) -> tuple[int, int] | None:
    """Start and end of field ``index`` of a CSV record (quotes included)."""
    if '"' not in record:
        start = 0
        for _ in range(index):
            start = record.find(delimiter, start)
            if start < 0:
                return None
            start += 1
        end = record.find(delimiter, start)
        return start, (len(record) if end < 0 else end)
    in_quotes = False
    field_no, start = 0, 0
    for i, ch in enumerate(record):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == delimiter and not in_quotes:
            if field_no == index:
                return start, i
            field_no += 1
            start = i + 1
    return (start, len(record)) if field_no == index else None


def _replace_csv_field(record: str, delimiter: str, index: int, replacement: str) -> str:
    span = _csv_field_span(record, delimiter, index)
    if span is None:
        return record
    start, end = span
    quoted = end - start >= 2 and record[start] == '"' and record[end - 1] == '"'
    new = f'"{replacement}"' if quoted else replacement
    return record[:start] + new + record[end:]


def _replace_json_cpr(record: str, replacement: str) -> str:
    m = _JSON_CPR.search(record)
    if m is None:
        return record
    return record[: m.start(1)] + f'"{replacement}"' + record[m.end(1) :]


def pseudonymise(parsed: ParsedFile, ps: Pseudonymiser) -> tuple[list[str | None], list[str]]:
    """Replace the CPR of every row; returns (citizen_key, cpr_status) columns.

    Mutates ``parsed``: the CPR column is removed from ``values`` and ``raw_records`` no
    longer hold any CPR.
    """
    spec = parsed.spec
    cpr_col = next((c for c in CPR_COLUMNS if c in parsed.values), None)
    n = parsed.n_rows
    if cpr_col is None:
        return [None] * n, ["missing"] * n
    values = parsed.values.pop(cpr_col)
    raw, errors = parsed.raw_records, parsed.errors
    keys: list[str | None] = [None] * n
    statuses: list[str] = ["missing"] * n
    cpr_index = (parsed.header or list(spec.columns)).index(cpr_col) if spec.fmt == "csv" else -1
    delim = spec.delimiter or ","
    for i in range(n):
        if errors[i] is not None:
            # Not split into fields: the CPR may be anywhere in the text.
            raw[i] = ps.scrub(raw[i])
            continue
        value = values[i]
        ck, status = ps.key_of(value)
        keys[i], statuses[i] = ck, status
        if status == "missing":
            continue
        replacement = ck if ck is not None else INVALID_MARK
        if spec.fmt == "csv":
            raw[i] = _replace_csv_field(raw[i], delim, cpr_index, replacement)
        else:
            raw[i] = _replace_json_cpr(raw[i], replacement)
    for col in FREE_TEXT_COLUMNS:
        texts = parsed.values.get(col)
        if texts is None:
            continue
        for i, t in enumerate(texts):
            if t and CPR_LIKE_DATE.search(t):
                for m in CPR_LIKE_DATE.finditer(t):
                    raw[i] = raw[i].replace(m.group(0), ps.citizen_key(m.group(1) + m.group(2)))
                texts[i] = ps.scrub(t, CPR_LIKE_DATE)
    return keys, statuses
