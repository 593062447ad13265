"""``python -m sagskvalitet build``: only complete builds reach readers.

``dbt build`` and ``dbt docs generate`` run against a new warehouse file,
``<warehouse dir>/.building/<same name>`` (DuckDB names its catalog after the file stem,
so the name must not change), seeded by a copy of the current warehouse so snapshots
keep their history. Only when every node and test passed is the new file renamed over
``$SAGSKVALITET_DUCKDB`` (atomic); a reader holding the old file open keeps reading the
old build and never blocks the build. ``build_record.json`` beside the warehouse says
whether the last build completed (docs/ARCHITECTURE.md, interfaces with ``publish``).

A build killed at any point leaves the previous warehouse and its record untouched; the
next build removes the leftovers and starts again. Before building it says which
delivery it builds from and whether the newest delivery failed to land.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from sagskvalitet import code_fingerprint
from sagskvalitet.cli_paths import add_env_path, add_warehouse

RECORD_NAME = "build_record.json"
BUILDING_DIR = ".building"
LOCK_NAME = ".build.lock"
STATE_FILE = "_state.json"  # written by landing (sagskvalitet.landing.land)
# Files of the warehouse and its record: readable by the owner only.
UMASK = 0o077
FILE_MODE = 0o600
# Unit tests check the models' logic on fixed inputs, not the data: they run in make test
# (the end-to-end builds), not in every production build (dbt Labs' advice; at scale 1
# they were about a sixth of the build's CPU time). make bench times the same command.
UNIT_TESTS_EXCLUDED = ["--exclude-resource-type", "unit_test"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="dbt build + docs into a new warehouse file, swapped in only when complete",
        description="Build the warehouse into a new file and replace the current one only "
        "when every node and test passed; write build_record.json beside it.",
    )
    add_warehouse(p)
    add_env_path(p, "--landing-dir", "LANDING_DIR", "data/landing", "landing folder, for its state")
    p.add_argument("--target-path", default=None, help="dbt --target-path")
    p.add_argument("--log-path", default=None, help="dbt --log-path")
    p.add_argument("--no-docs", action="store_true", help="skip dbt docs generate")
    p.add_argument(
        "--unit-tests",
        action="store_true",
        default=os.environ.get("SAGSKVALITET_UNIT_TESTS", "") not in ("", "0"),
        help="run dbt's unit tests too (env SAGSKVALITET_UNIT_TESTS=1); make test runs them",
    )
    p.add_argument("dbt_args", nargs=argparse.REMAINDER, help="more arguments for dbt build")
    p.set_defaults(func=run)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Write the build record atomically (temporary name, then rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, path)


def read_record(path: Path) -> dict[str, Any] | None:
    """The last build record, or None when there is none or it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _landing_state_file(landing_dir: Path) -> dict[str, Any]:
    """Landing's state file (``_state.json``), or an empty state when it is missing or
    unreadable."""
    try:
        return json.loads((Path(landing_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def landing_state(landing_dir: Path) -> tuple[str | None, dict[str, Any] | None]:
    """(latest landed delivery, the failed landing or None) from landing's state file."""
    state = _landing_state_file(landing_dir)
    landed = sorted(state.get("deliveries", {}))
    return (landed[-1] if landed else None), state.get("failed")


def landed_by_older_landing(landing_dir: Path) -> list[str]:
    """The deliveries an older landing format landed (no landing_id column, which the
    incremental base models compare): ``land`` lands them again before a build can read
    them."""
    from sagskvalitet.landing.land import LANDING_FORMAT, landed_format

    state = _landing_state_file(landing_dir)
    return sorted(
        name
        for name, entry in state.get("deliveries", {}).items()
        if landed_format(entry) < LANDING_FORMAT
    )


def landing_note(latest: str | None, failed: dict[str, Any] | None) -> str:
    """Which delivery the build builds from, and whether the newest landing failed."""
    if not failed:
        return f"building from the landed deliveries, the latest being {latest}"
    return (
        f"WARNING the newest landing failed ({failed.get('message')}); building from "
        f"the deliveries landed before it, the latest being {latest}"
    )


def node_counts(run_results: dict[str, Any]) -> tuple[dict[str, int], int]:
    """Node results by status (interface of build_record.json) and tests passed."""
    counts = {"success": 0, "error": 0, "fail": 0, "warn": 0, "skipped": 0, "no_op": 0}
    passed = 0
    for r in run_results.get("results", []):
        status = r.get("status")
        if status in ("success", "pass"):
            counts["success"] += 1
            passed += status == "pass"
        elif status == "no-op":  # exposures: nothing to run, nothing wrong
            counts["no_op"] += 1
        elif status in counts:
            counts[status] += 1
        else:
            counts["error"] += 1
    return counts, passed


def failure_messages(run_results: dict[str, Any], db: Path) -> list[str]:
    """One line per failed node; a failed test that stores its rows with a ``message``
    column (the rejects gate) adds each row's message."""
    lines: list[str] = []
    failed = [r for r in run_results.get("results", []) if r.get("status") in ("error", "fail")]
    con = None
    for r in failed:
        uid = r.get("unique_id", "?")
        lines.append(f"{uid}: {r.get('status')}: {(r.get('message') or '').strip()}")
        relation = r.get("relation_name")
        if r.get("status") != "fail" or not relation:
            continue
        try:
            import duckdb

            con = con or duckdb.connect(str(db), read_only=True)
            cols = [c[0] for c in con.execute(f"select * from {relation} limit 0").description]
            if "message" in cols:
                for (msg,) in con.execute(f"select message from {relation}").fetchall():
                    lines.append(f"  {msg}")
        except Exception as exc:
            lines.append(f"  (rows of {relation} could not be read: {exc})")
    if con is not None:
        con.close()
    return lines


# DuckDB's message when its buffer pool is full. At scale 30 with 5 GB two large nodes side
# by side ran out of memory once, though each passes alone and the pair passed three times
# after (docs/benchmarks.md, thirteenth session): the build runs such nodes again.
OUT_OF_MEMORY = "Out of Memory Error"


def out_of_memory_only(run_results: dict[str, Any]) -> list[str]:
    """The nodes that failed, when every failure is DuckDB running out of memory (a
    failed test or any other error: none, those are not retried)."""
    failed = [r for r in run_results.get("results", []) if r.get("status") in ("error", "fail")]
    if not failed or any(
        r.get("status") != "error" or OUT_OF_MEMORY not in (r.get("message") or "") for r in failed
    ):
        return []
    return [r.get("unique_id", "?") for r in failed]


def merge_retry(first: dict[str, Any], retry: dict[str, Any]) -> dict[str, Any]:
    """The first invocation's results, each node that ``dbt retry`` ran again replaced by
    its result there (the failed nodes and those they held up)."""
    again = {r["unique_id"]: r for r in retry.get("results", []) if "unique_id" in r}
    results = [again.pop(r.get("unique_id"), r) for r in first.get("results", [])]
    return {**first, "results": [*results, *again.values()]}


def _read_results(target: Path) -> dict[str, Any]:
    try:
        return json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def built_dates(db: Path) -> tuple[str | None, str | None]:
    """(as-of date, latest delivery) as the built warehouse sees them."""
    try:
        import duckdb

        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute(
                "select max(case when is_in_scope then delivery_date end), max(delivery_date) "
                "from marts.fct_file_reconciliation"
            ).fetchone()
    except Exception:
        return None, None
    return tuple(str(v) if v is not None else None for v in row)  # type: ignore[return-value]


def checkpoint(db: Path) -> None:
    """Fold any write-ahead log into the file, so the one file is the whole build."""
    import duckdb

    with duckdb.connect(str(db)) as con:
        con.execute("checkpoint")


def _dbt(cmd: list[str], env: dict[str, str]) -> int:
    dbt = str(Path(sys.executable).with_name("dbt"))
    return subprocess.run([dbt, *cmd], env=env, check=False).returncode


def run(args: argparse.Namespace) -> int:
    os.umask(UMASK)
    final = Path(args.duckdb)
    wh_dir = final.parent if str(final.parent) else Path(".")
    wh_dir.mkdir(parents=True, exist_ok=True)
    record_path = wh_dir / RECORD_NAME
    with open(wh_dir / LOCK_NAME, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"build: another build of {final} is running; not started", file=sys.stderr)
            return 2
        return _build(args, final, wh_dir, record_path)


def _build(args: argparse.Namespace, final: Path, wh_dir: Path, record_path: Path) -> int:
    building_dir = wh_dir / BUILDING_DIR
    if building_dir.exists():
        print(f"build: removing the leftovers of an unfinished build in {building_dir}")
        shutil.rmtree(building_dir)
    building_dir.mkdir()
    building = building_dir / final.name
    latest, failed = landing_state(args.landing_dir)
    newest_failed = failed.get("delivery") if failed else None
    older = landed_by_older_landing(args.landing_dir)
    if older:
        print(
            f"build: {len(older)} deliveries in {args.landing_dir} were landed by an older "
            f"landing (from {older[0]}); run `make land` (python -m sagskvalitet land) to land "
            f"them again first; {final} is unchanged",
            file=sys.stderr,
        )
        shutil.rmtree(building_dir, ignore_errors=True)
        return 2
    print(f"build: {landing_note(latest, failed)}")
    if final.exists():
        shutil.copy2(final, building)
        os.chmod(building, FILE_MODE)
        wal = final.with_name(final.name + ".wal")
        if wal.exists():  # changes not yet checkpointed into the file belong to it
            shutil.copy2(wal, building.with_name(building.name + ".wal"))
    env = {**os.environ, "SAGSKVALITET_DUCKDB": str(building.resolve())}
    paths = []
    if args.target_path:
        paths += ["--target-path", args.target_path]
    if args.log_path:
        paths += ["--log-path", args.log_path]
    extra = [a for a in (args.dbt_args or []) if a != "--"]
    skip_units = [] if args.unit_tests else UNIT_TESTS_EXCLUDED
    code = code_fingerprint.fingerprint()
    previous = read_record(record_path)
    reason = code_fingerprint.full_refresh_reason(previous, code, final.exists())
    refresh = ["--full-refresh"] if reason and "--full-refresh" not in extra else []
    if refresh:
        print(f"build: full refresh of the incremental models: {reason}")
    rc = _dbt(["build", *paths, *skip_units, *refresh, *extra], env)
    target = Path(args.target_path or os.environ.get("DBT_TARGET_PATH") or "target")
    results = _read_results(target)
    retried = out_of_memory_only(results) if rc != 0 else []
    if retried:
        # one node at a time: the nodes ran out of memory beside others, not alone
        print(
            f"build: DuckDB ran out of memory in {', '.join(retried)}; running the failed "
            "nodes and those they held up again, one at a time (dbt retry --threads 1)"
        )
        rc = _dbt(["retry", "--threads", "1", *paths], env)
        results = merge_retry(results, _read_results(target))
    counts, passed = node_counts(results)
    invocation = results.get("metadata", {}).get("invocation_id") or "unknown"
    as_of, delivery = built_dates(building)
    as_of, delivery = as_of or latest, delivery or latest
    record: dict[str, Any] = {
        "status": "failed",
        "build_id": f"{as_of}_{invocation}",
        "as_of_date": as_of,
        "latest_delivery": delivery,
        "newest_landing_failed": newest_failed,
        "dbt_invocation_id": invocation,
        "nodes": counts,
        "tests_passed": passed,
        # the code of the warehouse in place: the previous one's while this build fails
        "code_fingerprint": (previous or {}).get("code_fingerprint"),
    }
    if retried:
        record["retried_out_of_memory"] = retried
    ok = rc == 0 and counts["error"] == 0 and counts["fail"] == 0 and bool(results)
    if ok and not args.no_docs:
        ok = _dbt(["docs", "generate", *paths], env) == 0
        if not ok:
            record["message"] = "dbt docs generate failed"
    if not ok:
        lines = failure_messages(results, building) if results else []
        record.setdefault(
            "message",
            f"dbt build exited {rc}; the previous warehouse stays in place. "
            + " | ".join(lines[:20]),
        )
        for line in lines:
            print(f"build: {line}", file=sys.stderr)
        print(
            f"build FAILED: {counts}; {final} is the previous build, unchanged "
            f"(record: {record_path})",
            file=sys.stderr,
        )
        write_record(record_path, record)
        shutil.rmtree(building_dir, ignore_errors=True)
        return 2
    checkpoint(building)
    os.chmod(building, FILE_MODE)
    record.update(
        status="complete",
        code_fingerprint=code,
        warehouse_sha256=sha256_of(building),
        message=f"complete: as of {as_of}, {passed} tests passed",
    )
    os.replace(building, final)
    with contextlib.suppress(FileNotFoundError):
        os.remove(final.with_name(final.name + ".wal"))  # the old file's, never the new one's
    write_record(record_path, record)
    shutil.rmtree(building_dir, ignore_errors=True)
    print(f"build: complete, as of {as_of} ({passed} tests passed); {final} replaced")
    return 0
