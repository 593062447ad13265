"""Delivery sanity: checks of a whole delivery against the contract and earlier ones.

Rows are judged in dbt; these checks judge a delivery as a whole, before it is landed:
a file the contract does not name (reported, not landed), a delivery whose every file
equals an earlier delivery's (a re-send under a new date: fatal, it would move as-of
forward with old data), a full extract that shrank by more than a share against the
delivery before it (reported with the figures), and a landing folder that already holds
another raw folder's deliveries (fatal: two sources must not mix in one warehouse).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sagskvalitet import contract
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.landing_log import Event

SOURCE_FILE = "_source.json"
SHRINK_ENV = "SAGSKVALITET_SHRINK_MAX_SHARE"
DEFAULT_SHRINK_MAX_SHARE = 0.10


def shrink_max_share() -> float:
    """The share a full extract may shrink by against the previous delivery unflagged."""
    raw = os.environ.get(SHRINK_ENV, "")
    try:
        return float(raw) if raw else DEFAULT_SHRINK_MAX_SHARE
    except ValueError:
        raise LandingError(f"{SHRINK_ENV}={raw!r} is not a number") from None


def unknown_files(delivery_path: Path, manifest: dict[str, Any]) -> list[Event]:
    """Every file in the folder, or listed in the manifest, that the contract does not name."""
    known = {spec.path for spec in contract.FILES} | {contract.MANIFEST_NAME}
    events = []
    for path in sorted(p for p in delivery_path.rglob("*") if p.is_file()):
        rel = path.relative_to(delivery_path).as_posix()
        if rel not in known:
            size = path.stat().st_size
            events.append(
                Event(
                    "unknown_file",
                    "warn",
                    f"{size} bytes; the contract names no such file: not landed",
                    file=rel,
                    event_count=size,
                )
            )
    for rel in sorted(set(manifest.get("files", {})) - known):
        if not (delivery_path / rel).is_file():
            events.append(
                Event(
                    "unknown_file",
                    "warn",
                    "listed in the manifest, not in the contract and not in the folder",
                    file=rel,
                )
            )
    return events


def check_resend(name: str, hashes: dict[str, str], state: dict[str, Any]) -> None:
    """Fatal when every contract file equals the files of an earlier landed delivery."""
    for other, landed in sorted(state.get("deliveries", {}).items()):
        if other == name:
            continue
        theirs = landed.get("files") or {}
        if theirs and all(theirs.get(path) == digest for path, digest in hashes.items()):
            raise LandingError(
                f"re-sent delivery: every file's sha256 equals delivery {other}'s; not "
                f"landed (an old delivery under a new date would move as-of to {name}). "
                "Remove the folder, or ask the supplier for the real delivery",
                delivery=name,
            )


def shrunk_extracts(
    name: str, rows: dict[str, int], state: dict[str, Any], max_share: float
) -> list[Event]:
    """Full extracts with fewer rows than the last landed delivery before this one, by
    more than ``max_share`` of its rows."""
    earlier = sorted(d for d in state.get("deliveries", {}) if d < name)
    if not earlier:
        return []
    prev = earlier[-1]
    prev_rows = state["deliveries"][prev].get("rows") or {}
    events = []
    for spec in contract.FILES:
        if spec.incremental or spec.key not in rows or not prev_rows.get(spec.key):
            continue
        before, now = int(prev_rows[spec.key]), rows[spec.key]
        if now < before * (1 - max_share):
            share = (before - now) / before
            events.append(
                Event(
                    "shrunk_extract",
                    "warn",
                    f"full extract has {now} rows, delivery {prev} had {before} "
                    f"({share:.1%} fewer; the limit is {max_share:.0%}, "
                    f"{SHRINK_ENV})",
                    file=spec.path,
                    event_count=now,
                )
            )
    return events


def check_source(landing_dir: Path, raw_dir: Path) -> None:
    """A landing folder belongs to one raw folder: stamp it, or refuse another one."""
    stamp = landing_dir / SOURCE_FILE
    mine = str(Path(raw_dir).resolve())
    if stamp.is_file():
        try:
            theirs = json.loads(stamp.read_text(encoding="utf-8")).get("raw_dir")
        except (ValueError, AttributeError):
            theirs = None
        if theirs and theirs != mine:
            raise LandingError(
                f"landing folder {landing_dir} holds the deliveries of raw folder {theirs} "
                f"(see {stamp}); refusing to land raw folder {mine} into it, since the "
                "warehouse would build from both. Use another LANDING_DIR and "
                "SAGSKVALITET_DUCKDB for this source, or `make clean` to start over"
            )
        if theirs:
            return
    # No stamp yet: a new folder, or one landed before stamps existed (adopted).
    tmp = stamp.with_name(f".{SOURCE_FILE}.tmp")
    tmp.write_text(json.dumps({"raw_dir": mine}, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, stamp)
