"""A re-delivery of an earlier month, made from a generated delivery folder.

The generator writes every delivery once; a supplier may send a month again with changed
content (a corrected record, a row withdrawn). This rewrites one delivery's incremental
files in place - one ESDH document's title changed, the last inquiry dropped - and its
MANIFEST.json (rows, sha256), so landing re-lands it (a changed manifest re-lands a
delivery, sagskvalitet.landing.land).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

DOCUMENTS = "esdh/dokumenter.csv"
INQUIRIES = "henvendelser/henvendelser.csv"


def _change_one_title(data: bytes) -> bytes:
    """The first data line's title replaced by another document kind's."""
    lines = data.split(b"\n")
    fields = lines[1].split(b'","')
    fields[4] = b"Ressourceprofil" if fields[4] != b"Ressourceprofil" else b"Notat"
    lines[1] = b'","'.join(fields)
    return b"\n".join(lines)


def _drop_last_row(data: bytes) -> bytes:
    """The last data line removed (the inquiries file has no quoted line breaks)."""
    lines = data.rstrip(b"\r\n").split(b"\n")
    eol = b"\r\n" if data.endswith(b"\r\n") else b"\n"
    return b"\n".join(lines[:-1]).rstrip(b"\r") + eol


def redeliver(delivery: Path) -> None:
    """Rewrite ``delivery``'s incremental files and manifest as a changed re-delivery."""
    manifest_path = delivery / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for rel, change, row_delta in (
        (DOCUMENTS, _change_one_title, 0),
        (INQUIRIES, _drop_last_row, -1),
    ):
        path = delivery / rel
        data = change(path.read_bytes())
        path.write_bytes(data)
        entry = manifest["files"][rel]
        entry["rows"] = int(entry["rows"]) + row_delta
        entry["sha256"] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
