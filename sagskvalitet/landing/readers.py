"""Contract-true readers of the six export files (``shared/spec/exports.md``).

Every record of a file becomes one row: its raw text, its fields (by the contract's
column names) or, when it cannot be split, a ``landing_error`` and no fields. File-level
faults (wrong encoding, missing header, a required column missing) raise ``LandingError``.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field

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

    @property
    def n_rows(self) -> int:
        return len(self.raw_records)

    @property
    def n_errors(self) -> int:
        return sum(e is not None for e in self.errors)


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


def split_csv_records(text: str, multiline: bool = True) -> list[str]:
    """Split CSV text into records without line terminators.

    A quoted field may span lines: physical lines are joined while the count of quote
    characters is odd (doubled quotes inside a field keep the parity even).
    """
    lines = text.split("\n")
    if lines and lines[-1] in ("", "\r"):
        lines.pop()  # the terminator of the last record
    records: list[str] = []
    pending: list[str] | None = None
    quotes = 0
    for line in lines:
        if pending is None:
            q = line.count('"')
            if q % 2 == 0 or not multiline:
                records.append(line[:-1] if line.endswith("\r") else line)
                continue
            pending, quotes = [line], q
        else:
            pending.append(line)
            quotes += line.count('"')
            if quotes % 2 == 0:
                rec = "\n".join(pending)
                records.append(rec[:-1] if rec.endswith("\r") else rec)
                pending = None
    if pending is not None:  # unbalanced quote at the end: keep the text as one record
        rec = "\n".join(pending)
        records.append(rec[:-1] if rec.endswith("\r") else rec)
    return records


def split_fields(record: str, delimiter: str) -> list[str] | None:
    """Fields of one CSV record; None when its quoting is broken."""
    if '"' not in record:
        return record.split(delimiter)
    try:
        rows = list(csv.reader([record], delimiter=delimiter, quotechar='"', strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else None


def read_csv(data: bytes, spec: ExportFile, source_file: str) -> ParsedFile:
    text = decode(data, spec)
    if not text.strip():
        raise LandingError("the file is empty (no header row)", file=spec.path)
    records = split_csv_records(text)
    header = split_fields(records[0], spec.delimiter or ",")
    if header is None:
        raise LandingError("the header row cannot be read", file=spec.path)
    positions = {name: i for i, name in enumerate(header)}
    for col in spec.columns:
        if col not in positions:
            raise LandingError(f"required column {col!r} is missing", file=spec.path)
    idx = [positions[c] for c in spec.columns]
    n_fields = len(header)
    out = ParsedFile(
        spec=spec, source_file=source_file, values={c: [] for c in spec.columns}, header=header
    )
    cols = [out.values[c] for c in spec.columns]
    raw, errors = out.raw_records, out.errors
    delim = spec.delimiter or ","
    for rec in records[1:]:
        raw.append(rec)
        fields = split_fields(rec, delim)
        if fields is None:
            errors.append("field_count: unbalanced quotes")
        elif len(fields) != n_fields:
            errors.append(f"field_count: {len(fields)} fields, expected {n_fields}")
        else:
            errors.append(None)
            for lst, i in zip(cols, idx, strict=True):
                lst.append(fields[i])
            continue
        for lst in cols:
            lst.append(None)
    return out


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def read_jsonl(data: bytes, spec: ExportFile, source_file: str) -> ParsedFile:
    text = decode(data, spec)
    # 0 bytes is 0 records (allowed only when the manifest says 0 rows: land.py checks).
    lines = text.split("\n") if text else []
    if lines and lines[-1] in ("", "\r"):
        lines.pop()
    known = set(spec.columns)
    out = ParsedFile(
        spec=spec, source_file=source_file, values={c: [] for c in spec.columns}, extra_keys=[]
    )
    cols = [(c, out.values[c]) for c in spec.columns]
    raw, errors, extra = out.raw_records, out.errors, out.extra_keys
    seen: set[str] = set()
    loads = json.loads
    for line in lines:
        if line.endswith("\r"):
            line = line[:-1]
        raw.append(line)
        try:
            obj = loads(line)
        except ValueError as exc:
            errors.append(f"invalid_json: {exc.msg} at column {exc.colno}")
            obj = None
        else:
            if not isinstance(obj, dict):
                errors.append(f"invalid_json: not a JSON object ({type(obj).__name__})")
                obj = None
        if obj is None:
            extra.append(None)
            for _, lst in cols:
                lst.append(None)
            continue
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
    parsed_any = any(e is None for e in errors)
    if parsed_any:
        for c in spec.columns:
            if c not in seen:
                raise LandingError(f"required key {c!r} is missing in every record", file=spec.path)
    return out


def read_export(data: bytes, spec: ExportFile, source_file: str) -> ParsedFile:
    """Parse one export file's bytes by its contract."""
    if spec.fmt == "jsonl":
        return read_jsonl(data, spec, source_file)
    return read_csv(data, spec, source_file)
