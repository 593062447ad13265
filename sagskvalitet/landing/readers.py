"""Contract-true readers of the six export files (``shared/spec/exports.md``).

Every record of a file becomes one row: its raw text, its fields (by the contract's
column names) or, when it cannot be split, a ``landing_error`` and no fields. File-level
faults (wrong encoding, missing header, a required column missing) raise ``LandingError``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from sagskvalitet.contract import ExportFile
from sagskvalitet.landing import LandingError

UTF8_BOM = b"\xef\xbb\xbf"
# UTF-8 multi-byte sequences of Danish letters seen through cp1252 ('Ã˜' for 'Ø'...).
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


@dataclass
class ParsedFile:
    """One export file as landed rows (column lists, one entry per record)."""

    spec: ExportFile
    source_file: str
    raw_records: list[str] = field(default_factory=list)
    errors: list[str | None] = field(default_factory=list)
    values: dict[str, list[str | None]] = field(default_factory=dict)  # contract names
    extra_keys: list[str | None] | None = None  # jsonl only
    header: list[str] | None = None  # csv only: the header's column names in file order
    cpr_masked: dict[str, int] = field(default_factory=dict)  # column -> CPR values masked
    first_row: int = 1  # row number (1-based, header not counted) of the first record

    @property
    def n_rows(self) -> int:
        return len(self.raw_records)

    @property
    def n_errors(self) -> int:
        return sum(e is not None for e in self.errors)


def _empty_chunk(
    spec: ExportFile,
    source_file: str,
    first_row: int,
    *,
    header: list[str] | None = None,
    extra_keys: list[str | None] | None = None,
) -> ParsedFile:
    """A chunk with no record yet: an empty value list for every contract column."""
    return ParsedFile(
        spec=spec,
        source_file=source_file,
        values={c: [] for c in spec.columns},
        extra_keys=extra_keys,
        header=header,
        first_row=first_row,
    )


def decode(data: bytes, spec: ExportFile) -> str:
    """Decode by the contract's encoding; a file in another encoding is fatal."""
    if spec.encoding == "cp1252":
        if data.startswith(UTF8_BOM):
            raise LandingError(
                "wrong encoding: UTF-8 BOM found, expected Windows-1252", file=spec.path
            )
        if not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                raise LandingError(
                    "wrong encoding: the file is UTF-8, expected Windows-1252", file=spec.path
                )
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise LandingError(
                f"wrong encoding: not Windows-1252 ({exc.reason} at byte {exc.start})",
                file=spec.path,
            ) from None
        m = _MOJIBAKE.search(text)
        if m:
            raise LandingError(
                f"wrong encoding: UTF-8 sequence {m.group()!r} in a Windows-1252 file",
                file=spec.path,
            )
        return text
    if spec.encoding == "utf-8-sig" and not data.startswith(UTF8_BOM):
        raise LandingError("wrong encoding: UTF-8 byte order mark (BOM) is missing", file=spec.path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LandingError(
            f"wrong encoding: not UTF-8 ({exc.reason} at byte {exc.start})", file=spec.path
        ) from None
    # A BOM is required for esdh and harmless for the other UTF-8 files.
    return text[1:] if text.startswith("\ufeff") else text


def _unquoted_field(delimiter: str) -> str:
    return '[^"' + re.escape(delimiter) + "]*"


_QUOTED_FIELD = '"(?:[^"]|"")*"'
_WELL_FORMED: dict[str, re.Pattern[str]] = {}


def _well_formed(delimiter: str) -> re.Pattern[str]:
    """A complete one-line record: every field unquoted (no quote) or fully quoted."""
    pat = _WELL_FORMED.get(delimiter)
    if pat is None:
        field_re = f"(?:{_QUOTED_FIELD}|{_unquoted_field(delimiter)})"
        pat = _WELL_FORMED[delimiter] = re.compile(
            f"{field_re}(?:{re.escape(delimiter)}{field_re})*"
        )
    return pat


# States of the slow scanner of a physical line.
_FIELD_START, _UNQUOTED, _QUOTED, _QUOTE_IN_QUOTED = range(4)


def _scan_line(line: str, delimiter: str, state: int) -> tuple[int, int | None]:
    """(state at the line's end, position of a stray quote or None).

    A quote inside a quoted field must be doubled or close the field (followed by the
    delimiter or the line end); any other quote there is a stray quote.
    """
    for pos, ch in enumerate(line):
        if state == _QUOTED:
            if ch == '"':
                state = _QUOTE_IN_QUOTED
        elif state == _QUOTE_IN_QUOTED:
            if ch == '"':
                state = _QUOTED
            elif ch == delimiter:
                state = _FIELD_START
            else:
                return state, pos - 1
        elif state == _FIELD_START:
            if ch == '"':
                state = _QUOTED
            elif ch != delimiter:
                state = _UNQUOTED
        elif ch == delimiter:  # _UNQUOTED: a quote here is a literal character
            state = _FIELD_START
    return state, None


def _record_id(record: str, delimiter: str) -> str:
    """The record's first field (its id in every export), for naming it in a reject."""
    first = record.split(delimiter, 1)[0].strip().strip('"')
    return first[:40]


def split_csv_records(
    text: str, multiline: bool = True, delimiter: str = ","
) -> tuple[list[str], dict[int, str]]:
    """Split CSV text into records without line terminators, and name stray quotes.

    A record continues on the next physical line only while a quoted field is open (a
    title with a line break). A quote inside a quoted field that is neither doubled nor
    closes the field is a stray quote (targets.md "One bad quote loses one record"):
    the record ends at its physical line end and is returned in the second value
    (record index -> ``stray_quote: ...`` reason), so it is rejected, never merged with
    its neighbours.
    """
    lines = text.split("\n")
    if lines and lines[-1] in ("", "\r"):
        lines.pop()  # the terminator of the last record
    records: list[str] = []
    stray: dict[int, str] = {}
    for record, reason in iter_csv_records(lines, multiline, delimiter):
        if reason is not None:
            stray[len(records)] = reason
        records.append(record)
    return records, stray


def iter_csv_records(
    lines: Iterable[str], multiline: bool = True, delimiter: str = ","
) -> Iterator[tuple[str, str | None]]:
    """(record, stray-quote reason or None) of CSV lines (without their ``\n``), lazily.

    The rules of ``split_csv_records``; only the lines of an open quoted field are held
    (they are read again as records of their own when the quote proves stray).
    """
    source = iter(lines)
    again: list[str] = []  # lines to read again, last first
    well_formed = _well_formed(delimiter).fullmatch
    pending: list[str] | None = None
    state = _FIELD_START
    while True:
        if again:
            line: str | None = again.pop()
        else:
            line = next(source, None)
        if line is None:
            if pending is None:
                return
            # A quoted field opened and never closed: that one physical line is the bad
            # record; the lines after it are read again as records of their own.
            yield _unclosed(pending, delimiter)
            again.extend(reversed(pending[1:]))
            pending = None
            continue
        body = line[:-1] if line.endswith("\r") else line
        if pending is None:
            if '"' not in body or not multiline or well_formed(body):
                yield body, None
                continue
            state, bad = _scan_line(body, delimiter, _FIELD_START)
            if bad is None and state != _QUOTED:
                yield body, None  # e.g. a literal quote in an unquoted field
                continue
            pending = [line]
        else:
            pending.append(line)
            state, bad = _scan_line(body, delimiter, state)
            if bad is None and state != _QUOTED:
                rec = "\n".join(pending)
                yield (rec[:-1] if rec.endswith("\r") else rec), None
                pending = None
                continue
        if bad == 0 and len(pending) > 1:
            # The continuation line starts like a record of its own ("5","x"): the
            # quote left open on the first line was the stray one.
            yield _unclosed(pending, delimiter)
            again.extend(reversed(pending[1:]))
            pending = None
        elif bad is not None:
            rec = "\n".join(pending)
            rec = rec[:-1] if rec.endswith("\r") else rec
            offset = len(rec) - len(body) + bad
            yield (
                rec,
                (
                    f"stray_quote: unescaped quote at character {offset + 1} of the record "
                    f"starting {_record_id(rec, delimiter)!r}; the record ends at its line end"
                ),
            )
            pending = None


def _unclosed(pending: list[str], delimiter: str) -> tuple[str, str]:
    first = pending[0][:-1] if pending[0].endswith("\r") else pending[0]
    return first, (
        f"stray_quote: a quoted field is not closed at its line end, "
        f"record starting {_record_id(first, delimiter)!r}; it ends at its line end"
    )


def split_fields(record: str, delimiter: str) -> list[str] | None:
    """Fields of one CSV record; None when its quoting is broken."""
    if '"' not in record:
        return record.split(delimiter)
    try:
        rows = list(csv.reader([record], delimiter=delimiter, quotechar='"', strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def parse_csv_records(
    records: Iterable[tuple[str, str | None]],
    spec: ExportFile,
    source_file: str,
    chunk_rows: int = sys.maxsize,
) -> Iterator[ParsedFile]:
    """Parse CSV records (from ``iter_csv_records``) into chunks of at most ``chunk_rows``
    rows; the first record is the header. File-level faults raise ``LandingError``."""
    source = iter(records)
    first = next(source, None)
    if first is None:
        raise LandingError("the file is empty (no header row)", file=spec.path)
    if first[1] is not None:
        raise LandingError("the header row cannot be read (unbalanced quotes)", file=spec.path)
    delim = spec.delimiter or ","
    header = split_fields(first[0], delim)
    if header is None:
        raise LandingError("the header row cannot be read", file=spec.path)
    positions = {name: i for i, name in enumerate(header)}
    for col in spec.columns:
        if col not in positions:
            raise LandingError(f"required column {col!r} is missing", file=spec.path)
    idx = [positions[c] for c in spec.columns]
    n_fields = len(header)
    number = 0
    while True:
        out = _empty_chunk(spec, source_file, number + 1, header=header)
        cols = [out.values[c] for c in spec.columns]
        raw, errors = out.raw_records, out.errors
        for rec, stray in source:
            number += 1
            raw.append(rec)
            fields = None if stray is not None else split_fields(rec, delim)
            if stray is not None:
                errors.append(stray)
            elif fields is None:
                errors.append("field_count: unbalanced quotes")
            elif len(fields) != n_fields:
                errors.append(f"field_count: {len(fields)} fields, expected {n_fields}")
            else:
                errors.append(None)
                for lst, i in zip(cols, idx, strict=True):
                    lst.append(fields[i])
                if len(raw) >= chunk_rows:
                    break
                continue
            for lst in cols:
                lst.append(None)
            if len(raw) >= chunk_rows:
                break
        else:
            yield out  # the last chunk (maybe empty: a file with its header only)
            return
        yield out


def read_csv(data: bytes, spec: ExportFile, source_file: str) -> ParsedFile:
    """The whole CSV file as one ``ParsedFile`` (``read_export``)."""
    return read_export(data, spec, source_file)


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def load_record(line: str) -> Any:
    """The JSON value of one line exactly as Python's ``json.loads`` gives it, or its error.

    orjson reads first (issue 14: in about a third of the time), and is used only where it
    cannot differ from Python's reader. On any error Python's reader decides: orjson
    refuses NaN, Infinity, numbers past a double and lone surrogates, which Python's
    reader accepts, and its message is the one the rejects table gives. A value that is
    not an object, or an object with any value but text or null, is read again by
    Python's reader too: orjson reads an integer past 64 bits as a float. So the result
    is Python's in every case, and the tests compare the two readers on fuzzed lines.
    """
    try:
        obj = _fast_loads(line)
    except ValueError:
        return json.loads(line)
    if type(obj) is not dict:
        return json.loads(line)
    for value in obj.values():
        if value is not None and type(value) is not str:
            return json.loads(line)
    return obj


_fast_loads = orjson.loads


def parse_jsonl_lines(
    lines: Iterable[str], spec: ExportFile, source_file: str, chunk_rows: int = sys.maxsize
) -> Iterator[ParsedFile]:
    """Parse JSON Lines into chunks of at most ``chunk_rows`` rows. A key of the
    contract missing from every record is fatal (raised after the last chunk)."""
    known = set(spec.columns)
    seen: set[str] = set()
    parsed_any = False
    loads = load_record
    source = iter(lines)
    number = 0
    while True:
        out = _empty_chunk(spec, source_file, number + 1, extra_keys=[])
        cols = [(c, out.values[c]) for c in spec.columns]
        raw, errors, extra = out.raw_records, out.errors, out.extra_keys
        exhausted = True
        for line in source:
            number += 1
            if line.endswith("\r"):
                line = line[:-1]
            raw.append(line)
            try:
                obj = loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"invalid_json: {exc.msg} at column {exc.colno}")
                obj = None
            except ValueError as exc:  # a number longer than Python turns into an int
                errors.append(f"invalid_json: {str(exc).split(';')[0]}")
                obj = None
            except RecursionError:  # arrays or objects nested deeper than Python follows
                errors.append("invalid_json: nested deeper than the reader follows")
                obj = None
            else:
                if not isinstance(obj, dict):
                    errors.append(f"invalid_json: not a JSON object ({type(obj).__name__})")
                    obj = None
            if obj is None:
                extra.append(None)
                for _, lst in cols:
                    lst.append(None)
            else:
                parsed_any = True
                errors.append(None)
                get = obj.get
                for c, lst in cols:
                    v = get(c)
                    lst.append(v if v is None or type(v) is str else _json_text(v))
                if len(obj) > len(known) or not known.issuperset(obj):
                    unknown = [k for k in obj if k not in known]
                    extra.append(",".join(unknown) if unknown else None)
                else:
                    extra.append(None)
                if len(seen) < len(known):
                    seen.update(k for k in obj if k in known)
            if len(raw) >= chunk_rows:
                exhausted = False
                break
        if exhausted:
            if parsed_any:
                for c in spec.columns:
                    if c not in seen:
                        raise LandingError(
                            f"required key {c!r} is missing in every record", file=spec.path
                        )
            yield out
            return
        yield out


def read_jsonl(data: bytes, spec: ExportFile, source_file: str) -> ParsedFile:
    """The whole JSON Lines file as one ``ParsedFile`` (``read_export``)."""
    return read_export(data, spec, source_file)


def read_export(data: bytes, spec: ExportFile, source_file: str) -> ParsedFile:
    """Parse one export file's bytes by its contract, all at once.

    The same code as landing's chunked reading (``sagskvalitet.landing.stream``), with
    one chunk: ``decode``'s checks, then the records.
    """
    from sagskvalitet.landing.stream import BLOCK_BYTES, read_chunks

    (parsed,) = read_chunks(data, spec, source_file, sys.maxsize, BLOCK_BYTES)
    return parsed
