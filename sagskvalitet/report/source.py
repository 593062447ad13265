"""Which DuckDB file a reader (report, BI check) opens, always read-only.

The published copy (``$PUBLISH_DIR/sagskvalitet.duckdb``) holds the marts of the last
complete build, so a report made from it matches what BI shows; without a published
copy the warehouse itself is read (read-only, so the report never changes it).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

DEFAULT_PUBLISH_DIR = "data/publish"
DEFAULT_WAREHOUSE = "warehouse/sagskvalitet.duckdb"
PUBLISHED_FILE = "sagskvalitet.duckdb"


def default_source() -> Path:
    """The published DuckDB file when there is one, else the warehouse file."""
    published = Path(os.environ.get("PUBLISH_DIR", DEFAULT_PUBLISH_DIR)) / PUBLISHED_FILE
    if published.exists():
        return published
    return Path(os.environ.get("SAGSKVALITET_DUCKDB", DEFAULT_WAREHOUSE))


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open ``path`` read-only; a missing file is a clear error, never a new empty file."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse or published copy at {path}: run make build")
    return duckdb.connect(str(path), read_only=True)
