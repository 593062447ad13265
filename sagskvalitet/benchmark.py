"""``benchmark``: time generate, land and ``dbt build`` at a given scale.

Performance is measured here, never asserted by a timed test. Each step runs in its own
process; wall time and the child's peak RSS are recorded and written as JSON.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("benchmark", help="time generate, land and dbt build at a scale")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--deliveries", default="3")
    p.add_argument("--seed", type=int, default=20100301)
    p.add_argument("--work-dir", type=Path, default=Path("data/benchmark"))
    p.add_argument("--steps", default="generate,land,dbt", help="comma-separated subset")
    p.add_argument("--report", type=Path, default=None, help="JSON report path")
    p.set_defaults(func=run)


def _step(name: str, cmd: list[str], env: dict[str, str]) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    # wait4 gives this child's own resource usage (peak RSS in KiB on Linux).
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    result = {
        "step": name,
        "command": " ".join(cmd),
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "exit_code": proc.returncode,
    }
    print(f"{name:10s} {seconds:8.1f} s  peak {result['peak_rss_mib']:8.1f} MiB", file=sys.stderr)
    if proc.returncode != 0:
        print(output[-6000:], file=sys.stderr)
    return result


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def run(args) -> int:
    work = args.work_dir / f"scale-{args.scale:g}"
    raw, truth, landing = work / "raw", work / "truth", work / "landing"
    duckdb_path = work / "warehouse.duckdb"
    steps = args.steps.split(",")
    if "generate" in steps:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        RAW_DIR=str(raw),
        LANDING_DIR=str(landing),
        SAGSKVALITET_DUCKDB=str(duckdb_path),
        DBT_PROFILES_DIR=str(Path.cwd()),
    )
    env.setdefault("SAGSKVALITET_CPR_KEY", "benchmark-demo-key")
    py = sys.executable
    dbt = str(Path(py).with_name("dbt"))
    plan = {
        "generate": [
            py,
            "-m",
            "sagskvalitet",
            "generate",
            "--scale",
            f"{args.scale:g}",
            "--deliveries",
            str(args.deliveries),
            "--seed",
            str(args.seed),
            "--out",
            str(raw),
            "--truth-out",
            str(truth),
        ],
        "land": [
            py,
            "-m",
            "sagskvalitet",
            "land",
            "--raw-dir",
            str(raw),
            "--landing-dir",
            str(landing),
            "--force",
        ],
        "dbt": [
            dbt,
            "build",
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
    }
    results = []
    for name in steps:
        results.append(_step(name, plan[name], env))
        if results[-1]["exit_code"] != 0:
            break
    report = {
        "scale": args.scale,
        "deliveries": args.deliveries,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "steps": results,
        "sizes_mib": {
            "raw": round(_du(raw) / 2**20, 1),
            "landing": round(_du(landing) / 2**20, 1),
            "warehouse": round(_du(duckdb_path) / 2**20, 1),
        },
    }
    out = args.report or work / "benchmark.json"
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0 if all(r["exit_code"] == 0 for r in results) else 1
