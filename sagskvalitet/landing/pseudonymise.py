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
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from sagskvalitet.landing import LandingError
from sagskvalitet.landing.readers import ParsedFile

KEY_ENV = "SAGSKVALITET_CPR_KEY"
INVALID_MARK = "<invalid-cpr>"
CPR_COLUMNS = ("CPR", "cpr")
# A CPR-shaped value, in every written form met in free text and id fields (documented in
# docs/PERSONAL_DATA.md): ddmmyyxxxx, ddmmyy-xxxx, ddmmyy xxxx, dd.mm.yy-xxxx (also
# dd.mm.yy xxxx, dd.mm.yyxxxx and dd-mm-yy-xxxx). Day 01-31 and month 01-12 are required,
# the modulus-11 check is not (CPR numbers issued since 2007 need not satisfy it). Digits
# may not touch it on either side, so longer numbers, dates (dd-mm-yyyy, dd.mm.yyyy,
# yyyy-mm-dd HH:MM:SS) and journal numbers (27.12.10-P20-1-10) are left alone.
_CPR_BODY = (
    r"(?<!\d)(?P<dd>0[1-9]|[12]\d|3[01])(?P<sep>[.-]?)(?P<mm>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<yy>\d{2})[- ]?(?P<xxxx>\d{4})(?!\d)"
)
CPR_SHAPED = re.compile(_CPR_BODY)
# Values that look like digits but are not CPR numbers and are never masked: a system B
# case id (UUID, whose hex groups may hold ten digits) and a citizen_key already written.
_KEEP = (
    r"(?P<keep>(?<![0-9A-Za-z])(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|P[0-9a-f]{32})(?![0-9A-Za-z]))"
)
_MASK = re.compile(f"{_KEEP}|{_CPR_BODY}")
# Kept for callers of the former name: the CPR shape with a plausible day and month.
CPR_LIKE_DATE = CPR_SHAPED
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


# Bounded memory (issue 14): at national scale there are millions of citizens, so the
# cache is emptied when it reaches this many CPR numbers (about 150 MB); a citizen met
# again after that costs one more HMAC, never a different key.
CACHE_MAX = 1 << 20


class Pseudonymiser:
    """HMAC-SHA256 keyed hash with a bounded cache per distinct CPR (one HMAC per citizen
    while the cache holds it)."""

    def __init__(self, key: bytes, cache_max: int = CACHE_MAX):
        self._key = key
        # keyed once; each CPR copies it (the same HMAC, about a fifth less CPU than
        # keying anew per CPR: issue 14)
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)
        self._cache: dict[str, str] = {}
        self._cache_max = cache_max

    def citizen_key(self, cpr10: str) -> str:
        ck = self._cache.get(cpr10)
        if ck is None:
            if len(self._cache) >= self._cache_max:
                self._cache.clear()
            mac = self._keyed.copy()
            mac.update(cpr10.encode("ascii"))
            ck = self._cache[cpr10] = "P" + mac.hexdigest()[:32]
        return ck

    def key_id(self) -> str:
        """A short id of the key (an HMAC of a fixed text, never the key): what tells one
        landing of a file from another with a different key (``land.landing_id``)."""
        return hmac.new(self._key, b"sagskvalitet landing id", hashlib.sha256).hexdigest()[:16]

    def key_of(self, value: str | None) -> tuple[str | None, str]:
        """(citizen_key or None, cpr_status) of a raw CPR field."""
        cpr10, status = normalise_cpr(value)
        return (self.citizen_key(cpr10) if cpr10 else None), status

    def scrub(self, text: str) -> str:
        """Replace every CPR-shaped value in text by its citizen_key."""
        return self.scrub_count(text)[0]

    def scrub_count(self, text: str) -> tuple[str, int]:
        """(text with every CPR-shaped value replaced by its citizen_key, values replaced)."""
        if not CPR_SHAPED.search(text):
            return text, 0
        hits = 0

        def repl(m: re.Match[str]) -> str:
            nonlocal hits
            if m.group("keep"):
                return m.group(0)
            hits += 1
            return self.citizen_key(m["dd"] + m["mm"] + m["yy"] + m["xxxx"])

        return _MASK.sub(repl, text), hits


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
    longer hold any CPR. The common forms are handled column-wise in Arrow (issue 14:
    this was a third of landing's time); every other row goes through the per-row
    functions above, which stay the definition (``pseudonymise_by_row`` is the oracle
    the tests compare with).
    """
    cpr_col = next((c for c in CPR_COLUMNS if c in parsed.values), None)
    n = parsed.n_rows
    if cpr_col is None:  # no CPR column, but a CPR may still be typed into any field
        parsed.cpr_masked = mask_cpr_values(parsed, ps)
        return [None] * n, ["missing"] * n
    values = parsed.values.pop(cpr_col)
    keys, statuses = _keys_and_statuses(values, parsed.errors, ps)
    _replace_cpr_in_raw(parsed, cpr_col, keys, statuses, values)
    parsed.cpr_masked = mask_cpr_values(parsed, ps)
    return keys, statuses


def pseudonymise_by_row(
    parsed: ParsedFile, ps: Pseudonymiser
) -> tuple[list[str | None], list[str]]:
    """``pseudonymise`` one row at a time: the reference the column-wise one must equal."""
    spec = parsed.spec
    cpr_col = next((c for c in CPR_COLUMNS if c in parsed.values), None)
    n = parsed.n_rows
    if cpr_col is None:
        parsed.cpr_masked = mask_cpr_values_by_row(parsed, ps)
        return [None] * n, ["missing"] * n
    values = parsed.values.pop(cpr_col)
    raw, errors = parsed.raw_records, parsed.errors
    keys: list[str | None] = [None] * n
    statuses: list[str] = ["missing"] * n
    cpr_index = _cpr_index(parsed, cpr_col)
    delim = spec.delimiter or ","
    for i in range(n):
        if errors[i] is not None:
            continue  # not split into fields: mask_cpr_values scrubs the whole text
        ck, status = ps.key_of(values[i])
        keys[i], statuses[i] = ck, status
        if status == "missing":
            continue
        replacement = ck if ck is not None else INVALID_MARK
        if spec.fmt == "csv":
            raw[i] = _replace_csv_field(raw[i], delim, cpr_index, replacement)
        else:
            raw[i] = _replace_json_cpr(raw[i], replacement)
    parsed.cpr_masked = mask_cpr_values_by_row(parsed, ps)
    return keys, statuses


def _cpr_index(parsed: ParsedFile, cpr_col: str) -> int:
    if parsed.spec.fmt != "csv":
        return -1
    return (parsed.header or list(parsed.spec.columns)).index(cpr_col)


# Arrow's regular expressions are RE2: no look-around, no back-reference. Each pattern
# below accepts only rows the per-row rule treats the same way; the rest fall back to it.
_PLAIN_CPR = r"^[0-9]{6}-?[0-9]{4}$"  # ddmmyyxxxx or ddmmyy-xxxx, nothing around it


def _keys_and_statuses(
    values: list[str | None], errors: list[str | None], ps: Pseudonymiser
) -> tuple[list[str | None], list[str]]:
    """``Pseudonymiser.key_of`` of every split row; one HMAC per distinct CPR."""
    arr = pa.array(values, pa.string())
    split = pc.is_null(pa.array(errors, pa.string()))  # rows with fields (not rejected)
    plain = pc.and_(split, pc.fill_null(pc.match_substring_regex(arr, _PLAIN_CPR), False))
    digits = pc.replace_substring(pc.if_else(plain, arr, pa.scalar(None, pa.string())), "-", "")
    encoded = digits.dictionary_encode()
    dict_keys = pa.array([ps.citizen_key(d) for d in encoded.dictionary.to_pylist()], pa.string())
    keys: list[str | None] = pc.take(dict_keys, encoded.indices).to_pylist()
    statuses: list[str] = pc.if_else(plain, "ok", "missing").to_pylist()
    # Any other written form (spaces, another separator, not ten digits): per row.
    other = pc.and_(split, pc.and_(pc.invert(plain), pc.is_valid(arr)))
    for i in pc.indices_nonzero(other).to_pylist():
        keys[i], statuses[i] = ps.key_of(values[i])
    return keys, statuses


def _replace_plain_json_cpr(
    raw: list[str], values: list[str | None], reps: list[str], rows: list[int]
) -> list[int]:
    """The common JSON form first: the record's first ``"cpr"`` is ``"cpr":"<value>"``
    with the value as parsed, nothing escaped in it. There ``_JSON_CPR`` matches exactly
    that text, so its replacement is a splice (issue 14: the RE2 pass below was a
    quarter of landing system B). Returns the rows left for the general path."""
    rest = []
    for i in rows:
        record, value = raw[i], values[i]
        at = record.find('"cpr"')
        if at >= 0 and value is not None and '"' not in value and "\\" not in value:
            literal = f'"cpr":"{value}"'
            if record.startswith(literal, at):
                raw[i] = f'{record[:at]}"cpr":"{reps[i]}"{record[at + len(literal) :]}'
                continue
        rest.append(i)
    return rest


def _replace_cpr_in_raw(
    parsed: ParsedFile,
    cpr_col: str,
    keys: list[str | None],
    statuses: list[str],
    values: list[str | None],
) -> None:
    """Write each split row's citizen_key (or the invalid mark) over its CPR in raw_record."""
    raw = parsed.raw_records
    reps = [INVALID_MARK if k is None else k for k in keys]  # the per-row rules quote by themselves
    rows = [i for i, status in enumerate(statuses) if status != "missing"]
    if parsed.spec.fmt == "csv":
        _replace_csv_cpr_in_arrow(parsed, cpr_col, rows, reps)
    else:
        _replace_json_cpr_in_arrow(raw, _replace_plain_json_cpr(raw, values, reps, rows), reps)


def _splice(
    raw: list[str],
    rows: list[int],
    parts: pa.Array,
    quoted: pa.Array,
    reps: list[str],
    fallback: Any,
) -> None:
    """Rows ``rows`` of ``raw``, split by RE2 into ``parts`` (pre, cpr, post): the ones it
    split get ``quoted`` between pre and post; the others go through ``fallback``."""
    joined = pc.binary_join_element_wise(parts.field("pre"), quoted, parts.field("post"), "")
    matched = pc.fill_null(pc.is_valid(parts), False)
    new = joined.to_pylist()
    for j in pc.indices_nonzero(matched).to_pylist():
        raw[rows[j]] = new[j]
    for j in pc.indices_nonzero(pc.invert(matched)).to_pylist():
        i = rows[j]
        raw[i] = fallback(raw[i], reps[i])


def _replace_csv_cpr_in_arrow(
    parsed: ParsedFile, cpr_col: str, rows: list[int], reps: list[str]
) -> None:
    """``_replace_csv_field`` on the rows ``rows``, column-wise in RE2 for well-formed
    records, per row for the others."""
    if not rows:
        return
    raw, delim = parsed.raw_records, parsed.spec.delimiter or ","
    d = re.escape(delim)
    idx = _cpr_index(parsed, cpr_col)
    # A well-formed record (every field unquoted without a quote, or quoted with its
    # quotes doubled) splits the same in RE2 as in _csv_field_span; others: per row.
    f = rf'(?:"(?:[^"]|"")*"|[^"{d}]*)'
    pattern = rf"^(?P<pre>(?:{f}{d}){{{idx}}})(?P<cpr>{f})(?P<post>(?:{d}{f})*)$"
    parts = pc.extract_regex(pa.array([raw[i] for i in rows], pa.string()), pattern)
    replacement = pa.array([reps[i] for i in rows], pa.string())
    quoted = pc.if_else(
        pc.starts_with(parts.field("cpr"), '"'),
        pc.binary_join_element_wise('"', replacement, '"', ""),
        replacement,
    )
    _splice(
        raw, rows, parts, quoted, reps, lambda rec, rep: _replace_csv_field(rec, delim, idx, rep)
    )


def _replace_json_cpr_in_arrow(raw: list[str], rows: list[int], reps: list[str]) -> None:
    """``_replace_json_cpr`` on the rows ``rows``, column-wise in RE2 where it agrees with
    Python's rule, per row where it may not."""
    if not rows:
        return
    arr = pa.array([raw[i] for i in rows], pa.string())
    # Python's \s also matches Unicode spaces and separators RE2's does not: a record
    # with one of them anywhere takes the per-row path.
    odd_space = pc.fill_null(pc.match_substring_regex(arr, _ODD_SPACE), True)
    ws = r"[\t\n\f\r ]*"
    pattern = (
        rf'^(?P<pre>(?s:.*?)"cpr"{ws}:{ws})'
        rf'(?P<cpr>"(?:[^"\\]|\\.)*"|[^,}}\t\n\f\r ]+)(?P<post>(?s:.*))$'
    )
    parts = pc.extract_regex(pc.if_else(odd_space, pa.scalar(None, pa.string()), arr), pattern)
    replacement = pa.array([reps[i] for i in rows], pa.string())
    quoted = pc.binary_join_element_wise('"', replacement, '"', "")
    _splice(raw, rows, parts, quoted, reps, _replace_json_cpr)


# Characters Python's \s matches and RE2's \s does not.
_ODD_SPACE = (
    r"[\x0b\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
# A superset of _CPR_BODY in RE2: a value it does not match holds no CPR-shaped value.
# Python's \d matches every Unicode decimal digit, hence \p{Nd}.
_CPR_CANDIDATE = (
    r"(?:^|\P{Nd})(?:0[1-9]|[12]\p{Nd}|3[01])[.-]?(?:0[1-9]|1[0-2])[.-]?"
    r"\p{Nd}{2}[- ]?\p{Nd}{4}(?:$|\P{Nd})"
)


def _candidate_rows(values: list[str | None]) -> list[int]:
    """Rows that may hold a CPR-shaped value (one RE2 pass over the column)."""
    if not values:
        return []
    hit = pc.match_substring_regex(pa.array(values, pa.string()), _CPR_CANDIDATE)
    return pc.indices_nonzero(pc.fill_null(hit, False)).to_pylist()


def mask_cpr_values(parsed: ParsedFile, ps: Pseudonymiser) -> dict[str, int]:
    """Mask CPR-shaped values in every field and in every raw record, in place.

    Returns the number of values masked per landed column (lower-case contract name);
    ``raw_record`` counts rows that could not be split into fields. The CPR column itself
    is handled by ``pseudonymise`` and is gone from ``values`` by then. Only the rows the
    RE2 pre-filter finds are scrubbed by the per-row rule (``Pseudonymiser.scrub_count``).
    """
    return _mask(parsed, ps, _candidate_rows)


def mask_cpr_values_by_row(parsed: ParsedFile, ps: Pseudonymiser) -> dict[str, int]:
    """``mask_cpr_values`` scrubbing every row: the reference for the tests."""
    return _mask(parsed, ps, lambda values: range(len(values)))


def _mask(parsed: ParsedFile, ps: Pseudonymiser, rows_of: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for col, values in parsed.values.items():
        n = 0
        for i in rows_of(values):
            v = values[i]
            if v:
                new, hits = ps.scrub_count(v)
                if hits:
                    values[i] = new
                    n += hits
        if n:
            counts[col.lower()] = n
    raw, errors = parsed.raw_records, parsed.errors
    n_unsplit = 0
    for i in rows_of(raw):
        new, hits = ps.scrub_count(raw[i])
        if hits:
            raw[i] = new
            if errors[i] is not None:
                n_unsplit += hits
    if n_unsplit:
        counts["raw_record"] = n_unsplit
    return counts
