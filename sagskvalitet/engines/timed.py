"""Run one step of the engine builds and record its wall and CPU time (issue 15).

Why a module of its own: the Spark build runs a JVM that pyspark starts and never waits
for, so ``time`` (``RUSAGE_CHILDREN``) misses most of Spark's CPU. Here the measuring
process makes itself a child subreaper (Linux ``prctl(PR_SET_CHILD_SUBREAPER)``): every
process the step leaves behind is re-parented to it and reaped by it, so the CPU time of
the whole tree, JVM included, is counted. One JSON line per step (label, start time, wall,
user, sys, exit code) is appended to ``--out`` and printed.

    python -m sagskvalitet.engines.timed --out data/engines/times.jsonl --label spark_build \\
        -- dbt build --target spark
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> None:
    """Orphaned descendants come to this process (and are reaped here); Linux only."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_all() -> None:
    """Wait for every remaining descendant (re-parented orphans such as the JVM)."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def run_timed(cmd: list[str]) -> dict:
    """Run ``cmd``, wait for it and everything it started; wall, user and sys seconds."""
    _become_subreaper()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.call(cmd)
    _reap_all()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_seconds": round(wall, 1),
        "user_seconds": round(after.ru_utime - before.ru_utime, 1),
        "sys_seconds": round(after.ru_stime - before.ru_stime, 1),
        "exit_code": code,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON lines file to append to")
    parser.add_argument("--label", required=True, help="name of the step, e.g. spark_build")
    parser.add_argument("cmd", nargs=argparse.REMAINDER, help="-- command and arguments")
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command after --")
    started = datetime.now(UTC).isoformat(timespec="seconds")
    record = {"label": args.label, "started": started, **run_timed(cmd)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
    print(f"timed: {json.dumps(record)}", file=sys.stderr)
    return record["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
