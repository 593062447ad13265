"""A release: a complete folder per build, then an atomic swap of the published link.

``$PUBLISH_DIR`` (default ``data/publish``) is a relative symlink to
``<PUBLISH_DIR>.releases/<build_id>/``. A release is written under a temporary name and
renamed into place only when every file is there; the link is then replaced with
``os.replace`` (a new link under a temporary name renamed over the old one), so a reader
opening ``$PUBLISH_DIR/...`` sees all of one build or all of the one before. The newest
two releases are kept; a reader holding a file of an older one open keeps its inode.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from sagskvalitet.publishing import export
from sagskvalitet.publishing.docs import COMMITTEE, MartDoc
from sagskvalitet.publishing.record import RECORD_NAME

KEEP_RELEASES = 2
FILE_MODE = 0o640
DIR_MODE = 0o750


def releases_dir(publish_dir: Path) -> Path:
    return publish_dir.parent / f"{publish_dir.name}.releases"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _safe_name(build_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in build_id)


def write_release(
    warehouse: Path,
    folder: Path,
    record: dict[str, Any],
    marts: dict[str, MartDoc],
) -> dict[str, Any]:
    """Write every file of a release into ``folder``; return its index."""
    folder.mkdir(parents=True)
    database = folder / export.PUBLISHED_DB
    tables = export.build_database(warehouse, database, marts, record)
    entries = []
    for name, columns in tables.items():
        doc = marts[name]
        (folder / doc.audience).mkdir(exist_ok=True)
        parquet = folder / doc.audience / f"{name}.parquet"
        rows = export.write_parquet(database, doc.audience, name, parquet)
        entry: dict[str, Any] = {
            "table": name,
            "audience": doc.audience,
            "duckdb_table": f"{doc.audience}.{name}",
            "description": doc.description,
            "owner": doc.owner,
            "rows": rows,
            "parquet": parquet.relative_to(folder).as_posix(),
            "columns": [
                {**col, "description": doc.columns.get(col["name"], "")} for col in columns
            ],
        }
        if doc.spreadsheet and doc.audience == COMMITTEE:
            (folder / "spreadsheets").mkdir(exist_ok=True)
            xlsx = folder / "spreadsheets" / f"{name}.xlsx"
            export.write_xlsx(database, doc.audience, name, doc, xlsx)
            entry["xlsx"] = xlsx.relative_to(folder).as_posix()
        entries.append(entry)
    (folder / RECORD_NAME).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    files = [
        {"path": p.relative_to(folder).as_posix(), "bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    index = {
        "build_id": record["build_id"],
        "as_of_date": record.get("as_of_date"),
        "latest_delivery": record.get("latest_delivery"),
        "duckdb": export.PUBLISHED_DB,
        "audiences": {
            "committee": "aggregated figures after small-number suppression (diskretionering): "
            "safe to share with the committees",
            "internal": "case-level members and operational tables for the staff who follow up; "
            "not for publication",
        },
        "release_table": {
            "duckdb_table": f"committee.{export.RELEASE_TABLE}",
            "description": "One row: the build_id, as-of date and latest delivery of this release.",
            "columns": ["build_id", "as_of_date", "latest_delivery"],
        },
        "tables": entries,
        "files": files,
    }
    (folder / "index.json").write_text(
        json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for path in folder.rglob("*"):
        os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)
    os.chmod(folder, DIR_MODE)
    return index


def swap_link(publish_dir: Path, release: Path) -> None:
    """Point ``publish_dir`` at ``release`` atomically (relative link, os.replace)."""
    if publish_dir.exists() and not publish_dir.is_symlink():
        # A folder of the earlier layout (files written in place): moved aside once.
        shutil.rmtree(publish_dir)
    tmp = publish_dir.with_name(f".{publish_dir.name}.link{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(os.path.relpath(release, publish_dir.parent), tmp)
    os.replace(tmp, publish_dir)


def prune(publish_dir: Path, keep: int = KEEP_RELEASES) -> list[Path]:
    """Delete releases beyond the newest ``keep`` (never the current one) and leftovers."""
    root = releases_dir(publish_dir)
    current = publish_dir.resolve() if publish_dir.is_symlink() else None
    removed = []
    for tmp in root.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
        removed.append(tmp)
    releases = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    kept = [p for p in releases if p.resolve() == current]
    for release in releases:
        if release.resolve() == current:
            continue
        if len(kept) < keep:
            kept.append(release)
            continue
        shutil.rmtree(release, ignore_errors=True)
        removed.append(release)
    return removed


def publish_release(
    warehouse: Path, publish_dir: Path, record: dict[str, Any], marts: dict[str, MartDoc]
) -> tuple[Path, dict[str, Any] | None]:
    """Write the release of ``record`` (unless it is there) and make it the published one."""
    root = releases_dir(publish_dir)
    root.mkdir(parents=True, exist_ok=True)
    final = root / _safe_name(str(record["build_id"]))
    index = None
    if not (final / "index.json").exists():
        tmp = root / f".tmp-{final.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        index = write_release(warehouse, tmp, record, marts)
        if final.exists():
            shutil.rmtree(final)  # an incomplete folder of an earlier, killed publish
        os.replace(tmp, final)
    swap_link(publish_dir, final)
    prune(publish_dir)
    return final, index
