"""The build record (``build_record.json`` beside the warehouse): read, check, and a fallback
writer.

The record is the interface pinned between the build (issue 11's build wrapper writes it)
and publishing: publish refuses a warehouse whose last build did not complete, or whose
file is not the one the record describes. Until the build wrapper is on this branch,
``python -m sagskvalitet record-build`` writes the record from dbt's
``run_results.json`` after ``dbt build`` (the Makefile's ``dbt`` target calls it), in
the same shape.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import duckdb

RECORD_NAME = "build_record.json"
OK_STATUSES = {"success", "pass"}


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


def _warehouse_dates(warehouse: Path) -> tuple[str | None, str | None]:
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None, None
    try:
        as_of = con.execute("select max(as_of_date) from marts.dim_cases").fetchone()[0]
        delivery = con.execute(
            "select max(delivery_date) from marts.fct_file_reconciliation where is_in_scope"
        ).fetchone()[0]
    except duckdb.Error:
        return None, None
    finally:
        con.close()
    return (str(as_of) if as_of else None, str(delivery) if delivery else None)


def record_from_run_results(warehouse: str | Path, run_results: str | Path) -> dict[str, Any]:
    """A build record in the pinned shape from dbt's run_results.json of ``dbt build``."""
    warehouse = Path(warehouse)
    try:
        results = json.loads(Path(run_results).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        results = {"results": [], "metadata": {}, "_error": str(exc)}
    counts = {"success": 0, "error": 0, "fail": 0, "warn": 0, "skipped": 0}
    tests_passed = 0
    for result in results.get("results", []):
        status = str(result.get("status"))
        key = {"pass": "success", "runtime error": "error"}.get(status, status)
        counts[key] = counts.get(key, 0) + 1
        if status == "pass":
            tests_passed += 1
    invocation = results.get("metadata", {}).get("invocation_id", "unknown")
    as_of, delivery = _warehouse_dates(warehouse)
    complete = (
        bool(results.get("results"))
        and counts["error"] == 0
        and counts["fail"] == 0
        and counts["skipped"] == 0
        and as_of is not None
        and warehouse.exists()
    )
    record: dict[str, Any] = {
        "status": "complete" if complete else "failed",
        "build_id": f"{as_of}_{invocation}",
        "as_of_date": as_of,
        "latest_delivery": delivery,
        "newest_landing_failed": None,
        "dbt_invocation_id": invocation,
        "nodes": counts,
        "tests_passed": tests_passed,
        "message": "dbt build passed" if complete else "dbt build did not pass every node",
    }
    if complete:
        record["warehouse_sha256"] = sha256_file(warehouse)
    return record


def run(args: argparse.Namespace) -> int:
    record = record_from_run_results(args.duckdb, args.run_results)
    path = write_record(args.duckdb, record)
    print(f"build record: {record['status']} ({record['build_id']}) -> {path.name}")
    return 0 if record["status"] == "complete" else 1


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "record-build",
        help="write build_record.json from dbt's run_results.json (fallback build record)",
        description=__doc__,
    )
    parser.add_argument(
        "--duckdb", default=os.environ.get("SAGSKVALITET_DUCKDB", "warehouse/sagskvalitet.duckdb")
    )
    parser.add_argument(
        "--run-results",
        default=str(Path(os.environ.get("DBT_TARGET_PATH", "target")) / "run_results.json"),
        help="dbt's run_results.json of the build (default: %(default)s)",
    )
    parser.set_defaults(func=run)
    return parser
