"""Read an export file in bounded memory: blocks of bytes, then chunks of landed rows.

Why: a national-scale delivery does not fit in memory as Python objects (issue 14). A
file is read twice, in blocks of ``BLOCK_BYTES`` cut at a line end (``\\n`` never lies
inside a character of the contract's encodings, nor inside a record's first line):

1. ``scan_file``: sha256, size and the file-level encoding faults, found in the same
   order and with the same one-line messages as ``readers.decode`` on the whole file;
2. ``iter_chunks``: the records (``readers.iter_csv_records``, the same rules as
   ``split_csv_records``) parsed into ``ParsedFile`` chunks of at most ``chunk_rows``
   rows, each with the row number of its first record.

``readers.read_export`` (the whole file at once) runs on the same code, so every reader
test checks the streaming path too.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sagskvalitet.contract import ExportFile
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.readers import (
    _MOJIBAKE,
    UTF8_BOM,
    ParsedFile,
    iter_csv_records,
    parse_csv_records,
    parse_jsonl_lines,
)

BLOCK_BYTES = 16 * 2**20
# Rows per chunk (env SAGSKVALITET_LANDING_CHUNK_ROWS): memory of landing grows with this,
# not with the file. 200 000 rows of system B's JSON lines are about 0.5 GB as objects.
DEFAULT_CHUNK_ROWS = 200_000


def whole_number_from_env(name: str, default: int) -> int:
    """A landing setting from the environment (``default`` when unset), never below 0;
    anything else than a whole number stops landing with one line naming the variable."""
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return max(int(value), 0)
    except ValueError:
        raise LandingError(f"{name}={value!r} is not a whole number") from None


def chunk_rows_from_env() -> int:
    return max(whole_number_from_env("SAGSKVALITET_LANDING_CHUNK_ROWS", DEFAULT_CHUNK_ROWS), 1)


def iter_blocks(fh: BinaryIO, block_bytes: int = BLOCK_BYTES) -> Iterator[bytes]:
    """Blocks of the file, each ending at a line end (the last one maybe not)."""
    rest = b""
    while True:
        data = fh.read(block_bytes)
        if not data:
            if rest:
                yield rest
            return
        data = rest + data if rest else data
        cut = data.rfind(b"\n")
        if cut < 0:
            rest = data
            continue
        yield data[: cut + 1]
        rest = data[cut + 1 :]


@dataclass
class FileScan:
    """What the first pass over a file found."""

    sha256: str
    size: int
    error: LandingError | None  # the file-level encoding fault, raised by the caller
    has_text: bool  # something else than white space once decoded


class _EncodingCheck:
    """``readers.decode``'s checks, block by block, with the same precedence."""

    def __init__(self, spec: ExportFile):
        self.spec = spec
        self.first = True
        self.offset = 0
        self.bom_error: str | None = None
        self.all_ascii = True
        self.utf8_ok = True
        self.decode_error: str | None = None
        self.mojibake: str | None = None
        self.has_text = False

    def _decode(self, block: bytes, codec: str, name: str) -> str | None:
        """The block decoded with ``codec``; on failure ``None``, the fault kept
        in ``decode_error`` (``name`` is the encoding as the message says it)."""
        try:
            return block.decode(codec)
        except UnicodeDecodeError as exc:
            self.decode_error = (
                f"wrong encoding: not {name} ({exc.reason} at byte {self.offset + exc.start})"
            )
            return None

    def feed(self, block: bytes) -> None:
        spec, first = self.spec, self.first
        self.first = False
        if spec.encoding == "cp1252":
            if first and block.startswith(UTF8_BOM):
                self.bom_error = "wrong encoding: UTF-8 BOM found, expected Windows-1252"
            if not block.isascii():
                self.all_ascii = False
                if self.utf8_ok:
                    try:
                        block.decode("utf-8")
                    except UnicodeDecodeError:
                        self.utf8_ok = False
            if self.decode_error is None:
                text = self._decode(block, "cp1252", "Windows-1252")
                if text is not None:
                    if self.mojibake is None:
                        m = _MOJIBAKE.search(text)
                        if m:
                            self.mojibake = (
                                f"wrong encoding: UTF-8 sequence {m.group()!r} in a "
                                "Windows-1252 file"
                            )
                    self.has_text = self.has_text or bool(text.strip())
        else:
            if first and spec.encoding == "utf-8-sig" and not block.startswith(UTF8_BOM):
                self.bom_error = "wrong encoding: UTF-8 byte order mark (BOM) is missing"
            if self.decode_error is None:
                text = self._decode(block, "utf-8", "UTF-8")
                if text is not None:
                    if first and text.startswith("\ufeff"):
                        text = text[1:]
                    self.has_text = self.has_text or bool(text.strip())
        self.offset += len(block)

    def error(self) -> LandingError | None:
        if self.first:  # an empty file: no block at all
            self.feed(b"")
        if self.bom_error:
            reason = self.bom_error
        elif self.spec.encoding == "cp1252" and not self.all_ascii and self.utf8_ok:
            reason = "wrong encoding: the file is UTF-8, expected Windows-1252"
        else:
            reason = self.decode_error or self.mojibake
        return LandingError(reason, file=self.spec.path) if reason else None


def scan_file(fh: BinaryIO, spec: ExportFile, block_bytes: int = BLOCK_BYTES) -> FileScan:
    """sha256, size and encoding faults of a file, in one pass of bounded memory."""
    digest = hashlib.sha256()
    check = _EncodingCheck(spec)
    size = 0
    for block in iter_blocks(fh, block_bytes):
        digest.update(block)
        size += len(block)
        check.feed(block)
    return FileScan(digest.hexdigest(), size, check.error(), check.has_text)


def iter_lines(fh: BinaryIO, spec: ExportFile, block_bytes: int = BLOCK_BYTES) -> Iterator[str]:
    """Decoded lines without their ``\\n`` (a file already checked by ``scan_file``).

    As ``text.split("\\n")`` with the last piece dropped when it is empty or a lone CR.
    """
    encoding = "cp1252" if spec.encoding == "cp1252" else "utf-8"
    first = True
    tail = ""
    for block in iter_blocks(fh, block_bytes):
        text = block.decode(encoding)
        if first:
            first = False
            if encoding == "utf-8" and text.startswith("\ufeff"):
                text = text[1:]
        pieces = text.split("\n")
        tail = pieces.pop()  # after the block's last \n: "" except in the file's last block
        yield from pieces
    if tail not in ("", "\r"):
        yield tail


def iter_parsed(
    lines: Iterable[str], spec: ExportFile, source_file: str, chunk_rows: int
) -> Iterator[ParsedFile]:
    """The file's records parsed, ``chunk_rows`` at a time (at least one chunk)."""
    if spec.fmt == "jsonl":
        yield from parse_jsonl_lines(lines, spec, source_file, chunk_rows)
    else:
        yield from parse_csv_records(
            iter_csv_records(lines, delimiter=spec.delimiter or ","), spec, source_file, chunk_rows
        )


def iter_chunks(
    fh: BinaryIO,
    spec: ExportFile,
    source_file: str,
    scan: FileScan,
    chunk_rows: int,
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[ParsedFile]:
    """Chunks of a scanned file; raises its encoding fault first, as ``read_export``."""
    if scan.error is not None:
        raise scan.error
    if spec.fmt == "csv" and not scan.has_text:
        raise LandingError("the file is empty (no header row)", file=spec.path)
    yield from iter_parsed(iter_lines(fh, spec, block_bytes), spec, source_file, chunk_rows)


def read_chunks(
    data: bytes, spec: ExportFile, source_file: str, chunk_rows: int, block_bytes: int
) -> list[ParsedFile]:
    """Every chunk of in-memory bytes (tests compare chunked with whole-file reading)."""
    scan = scan_file(io.BytesIO(data), spec, block_bytes)
    return list(iter_chunks(io.BytesIO(data), spec, source_file, scan, chunk_rows, block_bytes))
