"""``publish``: the marts of a complete build, as one release for Power BI and Metabase.

Refuses (exit 2, one line) unless ``build_record.json`` beside the warehouse says the
last build completed and its sha256 is the warehouse file's. Then writes a release
(``sagskvalitet.publishing.release``): a read-only DuckDB copy with the marts as tables
in schemas ``committee`` and ``internal``, a Parquet file per mart in ``committee/`` or
``internal/`` (by the mart's ``meta.audience`` in the dbt docs, never mixed),
spreadsheets (``.xlsx``) of the committee tables marked for it, ``index.json`` (every
table and column described from the docs, every file with its sha256) and the build
record; and swaps ``$PUBLISH_DIR`` to it atomically.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import duckdb

from sagskvalitet.cli_paths import add_env_path, add_warehouse
from sagskvalitet.publishing.docs import read_marts
from sagskvalitet.publishing.record import RecordError, check_record
from sagskvalitet.publishing.release import publish_release

DEFAULT_OUT = "data/publish"


def default_manifest() -> str:
    return str(Path(os.environ.get("DBT_TARGET_PATH", "target")) / "manifest.json")


def publish(
    duckdb_path: str | Path, out_dir: str | Path, manifest: str | Path
) -> tuple[Path, dict[str, Any]]:
    """Publish the warehouse's marts; returns the release folder and the record."""
    warehouse = Path(duckdb_path)
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse not found: {warehouse}")
    record = check_record(warehouse)
    marts = read_marts(manifest)
    if not marts:
        raise RuntimeError(f"the dbt manifest {manifest} lists no marts")
    release, _ = publish_release(warehouse, Path(out_dir), record, marts)
    return release, record


def run(args: argparse.Namespace) -> int:
    try:
        release, record = publish(args.duckdb, args.out, args.manifest)
    except RecordError as exc:
        print(f"publish refused: {exc}")
        return 2
    except (FileNotFoundError, RuntimeError, duckdb.Error) as exc:
        print(f"publish failed: {str(exc).splitlines()[0]}")
        return 1
    print(
        f"published build {record['build_id']} (as of {record['as_of_date']}): "
        f"{args.out} -> {release.name}"
    )
    return 0


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "publish",
        help="publish the marts of a complete build for BI (DuckDB, Parquet, xlsx, index.json)",
        description=__doc__,
    )
    add_warehouse(parser)
    add_env_path(parser, "--out", "PUBLISH_DIR", DEFAULT_OUT, "the published link")
    parser.add_argument(
        "--manifest",
        default=default_manifest(),
        help="dbt manifest.json for audiences and descriptions (default: %(default)s)",
    )
    parser.set_defaults(func=run)
    return parser
