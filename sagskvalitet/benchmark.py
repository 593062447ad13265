"""``benchmark`` (``make bench``): time and memory of every step at several scales.

Performance is measured here, never asserted by a timed test. For each scale: generate,
land, ``dbt build`` (the command ``make build`` runs: data tests in, unit tests out, as
``sagskvalitet.build.UNIT_TESTS_EXCLUDED``), ``dbt build`` without tests, and one
incremental monthly delivery
(``sagskvalitet.bench.incremental``: N deliveries built, the last landed, its ``dbt
build`` timed; not measured while no model is incremental). Each step runs as a
child process (``sagskvalitet.bench.measure``: wall, CPU, peak RSS of the process tree),
three times when a run is under a minute (the median is reported), else once. Results
accumulate in ``docs/benchmarks.json``, the table in ``docs/benchmarks.md`` and the
chart ``docs/benchmarks.png`` (``sagskvalitet.bench.report``). Needs nothing but the
project's own venv.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sagskvalitet.bench import disk, growth, incremental, large_scale, peak, stepcode, yardstick
from sagskvalitet.bench.measure import Measurement, medians, run_measured
from sagskvalitet.bench.report import DBT_STEPS, merge_results, write_chart, write_markdown
from sagskvalitet.build import UNIT_TESTS_EXCLUDED

DEFAULT_SCALES = "0.1,1,3,10"
RESULTS = Path("docs/benchmarks.json")
DOC = Path("docs/benchmarks.md")
STEPS = ("generate", "land", "dbt_build", "dbt_build_no_tests", "incremental")
LEGACY_STEPS = {"dbt": "dbt_build"}
# The DuckDB settings of the profile (profiles.yml), recorded with each result.
DUCKDB_ENV = (
    "SAGSKVALITET_DUCKDB_MEMORY",
    "SAGSKVALITET_DUCKDB_THREADS",
    "SAGSKVALITET_DUCKDB_TEMP",
    "SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION",
)


def add_parser(sub) -> None:
    p = sub.add_parser("benchmark", help="time and memory of every step at several scales")
    p.add_argument("--scales", default=None, help=f"comma-separated (default {DEFAULT_SCALES})")
    p.add_argument("--scale", type=float, default=None, help="one scale (same as --scales X)")
    p.add_argument("--max-scale", type=float, default=None, help="add 30 when >= 30")
    p.add_argument("--deliveries", default="3")
    p.add_argument("--seed", type=int, default=20100301)
    p.add_argument("--runs", type=int, default=3, help="runs of a step under --median-under")
    p.add_argument("--median-under", type=float, default=60.0, help="seconds")
    p.add_argument("--work-dir", type=Path, default=Path("data/benchmark"))
    p.add_argument("--steps", default=",".join(STEPS), help="comma-separated subset")
    p.add_argument("--results", type=Path, default=RESULTS)
    p.add_argument("--doc", type=Path, default=DOC)
    # default: beside --doc, so a run kept apart (--results/--doc elsewhere) keeps its chart
    # apart too instead of redrawing docs/benchmarks.png from its own results
    p.add_argument("--chart", type=Path, default=None, help="default: --doc with .png")
    p.add_argument("--report", type=Path, default=None, help="also write this run's JSON here")
    p.set_defaults(func=run)


def scales_of(args) -> list[float]:
    if args.scale is not None:
        return [args.scale]
    text = args.scales or os.environ.get("BENCH_SCALES") or DEFAULT_SCALES
    scales = [float(s) for s in text.replace(" ", ",").split(",") if s]
    max_scale = args.max_scale or float(os.environ.get("BENCH_MAX") or 0)
    if (
        max_scale >= 30
        and 30.0 not in scales
        and not (args.scales or os.environ.get("BENCH_SCALES"))
    ):
        scales.append(30.0)
    return scales


def machine() -> dict[str, Any]:
    def version(pkg: str) -> str:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "not installed"

    cpu_model = "unknown"
    mem_gib = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": mem_gib,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "dbt_core": version("dbt-core"),
        "dbt_duckdb": version("dbt-duckdb"),
        "duckdb": version("duckdb"),
        "great_expectations": version("great_expectations"),
    }


def _mib(path: Path) -> float:
    return round(disk.size_mib(path), 1)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _remove(*paths: Path) -> None:
    for p in paths:
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


def plans(args, scale: float, work: Path) -> dict[str, tuple[list[str], list[Path]]]:
    """Step -> (command, paths removed before each run so every run starts clean)."""
    raw, truth, landing = work / "raw", work / "truth", work / "landing"
    db = work / "warehouse.duckdb"
    py = sys.executable
    dbt = str(Path(py).with_name("dbt"))
    sk = [py, "-m", "sagskvalitet"]
    dbt_common = ["--log-path", str(work / "logs")]
    return {
        "generate": (
            [
                *sk,
                *("generate", "--scale", f"{scale:g}", "--deliveries", str(args.deliveries)),
                *("--seed", str(args.seed), "--out", str(raw), "--truth-out", str(truth)),
            ],
            [raw, truth],
        ),
        "land": (
            [*sk, "land", "--raw-dir", str(raw), "--landing-dir", str(landing), "--force"],
            [landing],
        ),
        "dbt_build_no_tests": (
            [
                *(dbt, "build", "--exclude", "resource_type:test", "resource_type:unit_test"),
                *("--target-path", str(work / "target_no_tests"), *dbt_common),
            ],
            [db, Path(f"{db}.wal")],
        ),
        "dbt_build": (
            [
                *(dbt, "build", *UNIT_TESTS_EXCLUDED),
                *("--target-path", str(work / "target"), *dbt_common),
            ],
            [db, Path(f"{db}.wal")],
        ),
    }


def has_incremental_models(root: Path = Path("models")) -> bool:
    """A model materialised incremental in its file or in dbt_project.yml (issue 14)."""
    project = root.parent / "dbt_project.yml"
    in_project = project.is_file() and any(
        "materialized" in line and "'incremental'" in line
        for line in project.read_text(encoding="utf-8").splitlines()
    )
    return in_project or any(
        "incremental" in p.read_text(encoding="utf-8", errors="replace")
        and "materialized" in p.read_text(encoding="utf-8", errors="replace")
        for p in root.rglob("*.sql")
    )


def measure_step(
    name: str,
    cmd: list[str],
    clean: list[Path],
    work: Path,
    args,
    prepare: Callable[[], None] | None = None,
    env_extra: dict[str, str] | None = None,
) -> dict:
    """Runs of one step; ``prepare`` runs before each (untimed), ``env_extra`` overrides
    the work dir's environment."""
    runs = []
    while True:
        _remove(*clean)
        if prepare is not None:
            prepare()
        env = os.environ.copy() | _env(work) | (env_extra or {})
        started = time.time()
        spill = duckdb_temp_dir(env) if name in DBT_STEPS else None
        m = run_measured(cmd, env, work / "logs" / f"{name}.log", watch=spill)
        runs.append(m.as_dict() | peak_nodes(cmd, m, started))
        print(
            f"  {name:20s} run {len(runs)}: {m.wall_seconds:8.1f} s wall {m.cpu_seconds:8.1f} s CPU"
            f"  peak {m.peak_tree_rss_mib:8.1f} MiB tree ({m.peak_rss_mib:.1f} largest process)"
            + (f", spill {m.peak_spill_mib:.0f} MiB" if spill is not None else ""),
            file=sys.stderr,
            flush=True,
        )
        if m.exit_code != 0:
            log = (work / "logs" / f"{name}.log").read_text(errors="replace")
            print(log[-4000:], file=sys.stderr)
            break
        if len(runs) >= args.runs or m.wall_seconds >= args.median_under:
            break
    keys = ("wall_seconds", "cpu_seconds", "peak_tree_rss_mib", "peak_rss_mib")
    if name in DBT_STEPS:
        keys += ("peak_spill_mib",)
    median = medians(runs, keys)
    return {
        "step": name,
        "command": " ".join(cmd),
        "commit": code_commit(),
        # the files this step runs (growth: same code at two scales despite other commits)
        "step_code": stepcode.in_work_tree(name),
        "runs": runs,
        "median": median,
    }


def duckdb_temp_dir(env: dict[str, str]) -> Path:
    """Where DuckDB spills in a step with this environment: profiles.yml's
    ``temp_directory`` (SAGSKVALITET_DUCKDB_TEMP, else beside the warehouse file)."""
    if env.get("SAGSKVALITET_DUCKDB_TEMP"):
        return Path(env["SAGSKVALITET_DUCKDB_TEMP"])
    return Path(env.get("SAGSKVALITET_DUCKDB", "warehouse/sagskvalitet.duckdb") + ".tmp")


def peak_nodes(cmd: list[str], m: Measurement, started: float) -> dict[str, list[str]]:
    """``{"peak_nodes": [...]}``: the dbt nodes running when the run's memory peaked, from
    the run results this run wrote (none for a step that is not dbt, or a dbt run that
    wrote none)."""
    target = peak.target_path(cmd)
    if target is None:
        return {}
    results = target / "run_results.json"
    if not results.is_file() or results.stat().st_mtime < started:
        return {}
    return {"peak_nodes": peak.nodes_running_at(results, m.peak_at_utc)}


# What the bench itself writes by default (results, table, chart beside the table): a
# change there is not a change of the code it measures (before the tenth session every
# scale after the first read "+changes" for that alone).
OWN_OUTPUT = (RESULTS, DOC, DOC.with_suffix(".png"))


def code_commit() -> str:
    """The commit of the code a step ran (``+changes`` when the work tree differed, the
    bench's own output aside), so a row of the table says which code it measured;
    ``unknown`` outside a git clone."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [
                *("git", "status", "--porcelain", "--untracked-files=no", "--", ":(top)"),
                *(f":(top,exclude){path}" for path in OWN_OUTPUT),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}+changes" if dirty else head


def _env(work: Path) -> dict[str, str]:
    return {
        "RAW_DIR": str(work / "raw"),
        "TRUTH_DIR": str(work / "truth"),
        "LANDING_DIR": str((work / "landing").resolve()),
        "LEDGER_DIR": str((work / "ledger").resolve()),
        "SAGSKVALITET_DUCKDB": str(work / "warehouse.duckdb"),
        "DBT_PROFILES_DIR": str(Path.cwd()),
        "SAGSKVALITET_CPR_KEY": os.environ.get("SAGSKVALITET_CPR_KEY", "benchmark-demo-key"),
    }


def measure_incremental(work: Path, args) -> dict[str, Any]:
    """The step "one incremental monthly delivery" (sagskvalitet.bench.incremental)."""
    name = "incremental"
    if not has_incremental_models():
        return {"step": name, "skipped": "not measured: no model is incremental"}
    if not (work / "raw").is_dir():
        return {"step": name, "skipped": "not measured: no generated deliveries (run generate)"}
    try:
        cmd, restore, note = incremental.prepare(work, os.environ.copy() | _env(work))
    except RuntimeError as exc:
        return {"step": name, "skipped": f"not measured: {exc}"}
    try:
        result = measure_step(name, cmd, [], work, args, restore, incremental.step_env(work))
    finally:
        _remove(*incremental.copies(work))
    return result | {"note": note} | incremental.new_delivery_share(work / "raw")


def free_built_warehouse(work: Path) -> float | None:
    """Remove the scale's built warehouse before the monthly step; its size (MiB) or None.

    The monthly step builds two warehouses of its own of about the same size (at scale 10
    with FSST off about 17 GB each). With the full build's beside them the shared disk ran
    low (eighth session), so the full build's goes once its size is read."""
    db = work / "warehouse.duckdb"
    if not db.exists():
        return None
    size = _mib(db)
    _remove(db, Path(f"{db}.wal"))
    return size


def bench_scale(args, scale: float, steps: list[str]) -> dict[str, Any]:
    """Run the steps of one scale, with the DuckDB settings of a large scale where the
    user set none (``sagskvalitet.bench.large_scale``)."""
    added = large_scale.settings(scale, machine()["memory_gib"], dict(os.environ))
    if added:
        shown = ", ".join(f"{k}={v!r}" for k, v in added.items())
        print(f"scale {scale:g}: DuckDB settings of a large scale: {shown}", file=sys.stderr)
    with large_scale.applied(added):
        return _bench_scale(args, scale, steps)


def _bench_scale(args, scale: float, steps: list[str]) -> dict[str, Any]:
    work = args.work_dir / f"scale-{scale:g}"
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    load_before = _load()
    print(f"scale {scale:g} (work dir {work}), load {load_before}", file=sys.stderr)
    stored = json.loads(args.results.read_text(encoding="utf-8")) if args.results.is_file() else {}
    compression = os.environ.get(disk.COMPRESSION_ENV)
    need = disk.line(disk.estimate(stored, scale, steps, compression), scale, work, compression)
    if need:  # disk runs out before memory at the large scales
        print(need, file=sys.stderr)
    plan = plans(args, scale, work)
    # The machine's speed this run (a fixed piece of work), before the steps load it.
    speed = yardstick.measure(work / "logs", os.environ.copy() | _env(work))
    results = []
    built_mib = None  # the warehouse right after `dbt build`, before later steps touch disk
    for name in steps:
        if name == "incremental":
            freed = free_built_warehouse(work)
            built_mib = built_mib if built_mib is not None else freed
            results.append(measure_incremental(work, args))
            if "runs" in results[-1] and results[-1]["runs"][-1]["exit_code"] != 0:
                break
            continue
        cmd, clean = plan[name]
        results.append(measure_step(name, cmd, clean, work, args))
        if name == "dbt_build":
            built_mib = _mib(work / "warehouse.duckdb")
        if results[-1]["runs"][-1]["exit_code"] != 0:
            break
    # Each step keeps the speed it ran at: a later run of some steps (--steps) keeps the others.
    cpu = (speed.get("median") or {}).get("cpu_seconds")
    results = [r | {"yardstick_cpu_seconds": cpu} if cpu else r for r in results]
    # ... and the processor: sessions run on other machines (AMD, then Intel), and a row
    # whose steps ran on two must say so (report, growth)
    here = machine()
    results = [r | {"processor": growth.processor_of(here)} if "runs" in r else r for r in results]
    limit = memory_limit()
    results = [
        r | {"duckdb_memory_limit": limit} if r["step"] in DBT_STEPS and "runs" in r else r
        for r in results
    ]
    nodes = growth.node_seconds(work / "target" / "run_results.json")
    warehouse = work / "warehouse.duckdb"
    return {
        **({"node_seconds": nodes} if "dbt_build" in steps and nodes else {}),
        "started_utc": started,
        "deliveries": args.deliveries,
        "load_before": load_before,
        "load_after": _load(),
        "yardstick": speed,  # its runs; the median's CPU is on every step
        "machine": here,
        "duckdb_settings": {k: os.environ[k] for k in DUCKDB_ENV if k in os.environ},
        "steps": results,
        "sizes_mib": measured_sizes(
            {
                "raw": _mib(work / "raw"),
                "landing": _mib(work / "landing"),
                "warehouse": built_mib if built_mib is not None else _mib(warehouse),
            }
        ),
    }


def measured_sizes(sizes: dict[str, float]) -> dict[str, float]:
    """The sizes a run found on disk: a part it did not make (a run of some steps, such as
    ``--steps generate,land``, builds no warehouse) is left out rather than stored as 0, so
    the results keep that part's size from the run that made it (``merge_results``)."""
    return {part: mib for part, mib in sizes.items() if mib}


def memory_limit(profiles: Path = Path("profiles.yml")) -> str:
    """The DuckDB ``memory_limit`` a dbt step runs with: the env var, else the default
    profiles.yml gives it (``env_var('SAGSKVALITET_DUCKDB_MEMORY', '...')``).

    Stored on each dbt step, so a row keeps the limit it ran with after the default
    changes (the twelfth session lowered it from 6GB to 5GB)."""
    if os.environ.get("SAGSKVALITET_DUCKDB_MEMORY"):
        return os.environ["SAGSKVALITET_DUCKDB_MEMORY"]
    text = profiles.read_text(encoding="utf-8") if profiles.is_file() else ""
    match = re.search(r"env_var\('SAGSKVALITET_DUCKDB_MEMORY', '([^']*)'\)", text)
    return match.group(1) if match else "DuckDB's default"


def chart_path(args) -> Path:
    """The chart's file: ``--chart``, else beside ``--doc``."""
    return args.chart if args.chart is not None else args.doc.with_suffix(".png")


def run(args) -> int:
    args.chart = chart_path(args)
    steps = [LEGACY_STEPS.get(s, s) for s in args.steps.split(",") if s]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        print(f"unknown step(s) {unknown}; known: {', '.join(STEPS)}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    new: dict[str, Any] = {"scales": {}}
    for scale in scales_of(args):  # written after each scale: a long run keeps what it did
        result = bench_scale(args, scale, steps)
        new["scales"][f"{scale:g}"] = result
        stored = merge_results(args.results, {"scales": {f"{scale:g}": result}})
        write_markdown(args.doc, stored)
        write_chart(args.chart, stored)
    if args.report:
        args.report.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    print(
        f"benchmark done in {time.perf_counter() - t0:.0f} s: {args.results}, {args.doc}, "
        f"{args.chart}",
        file=sys.stderr,
    )
    ok = all(
        s["runs"][-1]["exit_code"] == 0
        for res in new["scales"].values()
        for s in res["steps"]
        if "runs" in s
    )
    return 0 if ok else 1
