"""The build record (``build_record.json`` beside the warehouse), as publishing reads it.

The record is the interface pinned between the build and publishing: the build wrapper
(``sagskvalitet/build.py``, ``make dbt``) writes it after every build; publish refuses a
warehouse whose last build did not complete, or whose file is not the one the record
describes. ``write_record`` writes a record in the same shape (tests use it to stand in
for a build).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

RECORD_NAME = "build_record.json"


class RecordError(Exception):
    """The warehouse may not be published; the message is one line for the user."""


def record_path(warehouse: str | Path) -> Path:
    return Path(warehouse).resolve().parent / RECORD_NAME


def sha256_file(path: str | Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def read_record(warehouse: str | Path) -> dict[str, Any]:
    path = record_path(warehouse)
    if not path.exists():
        raise RecordError(
            f"no build record ({RECORD_NAME}) beside {warehouse}: the warehouse was not built "
            "by make dbt / make build, so it is not known to be complete; run make build"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RecordError(f"unreadable build record {path.name}: {exc}") from exc


def check_record(warehouse: str | Path) -> dict[str, Any]:
    """The record when it says complete and describes this very file, else RecordError."""
    record = read_record(warehouse)
    if record.get("status") != "complete":
        message = record.get("message") or "no message"
        raise RecordError(
            f"the last build did not complete (status {record.get('status')!r}: {message}); "
            "nothing is published until a build completes"
        )
    expected = record.get("warehouse_sha256")
    if not expected:
        raise RecordError("the build record has no warehouse_sha256: cannot tell the file is it")
    actual = sha256_file(warehouse)
    if actual != expected:
        raise RecordError(
            f"{Path(warehouse).name} is not the file the build record describes (sha256 differs): "
            "it changed after the last complete build; run make build"
        )
    for key in ("build_id", "as_of_date"):
        if not record.get(key):
            raise RecordError(f"the build record has no {key}")
    return record


def write_record(warehouse: str | Path, record: dict[str, Any]) -> Path:
    """Write ``record`` atomically (temp file + rename) beside the warehouse."""
    path = record_path(warehouse)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
