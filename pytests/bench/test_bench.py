"""``make bench`` helpers (issue 14): the process-tree measurement adds up the memory of
processes running at the same time (``ru_maxrss`` gives only the largest one), and stored
results merge by scale and step."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from sagskvalitet.bench import disk, growth, peak, stepcode
from sagskvalitet.bench.measure import Measurement
from sagskvalitet.bench.report import markdown, merge_results, peak_line
from sagskvalitet.benchmark import (
    add_parser,
    chart_path,
    code_commit,
    duckdb_temp_dir,
    measured_sizes,
    peak_nodes,
)

REPO = Path(__file__).resolve().parents[2]
HOLD = "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096])"
# The step process and its child each hold 150 MiB at the same time, for 4 s: long enough
# for the 0.2 s sampler to see both on a loaded machine (1.5 s was missed once at load 6).
TWO_PROCESSES = (
    f"import subprocess, sys, time; {HOLD}; subprocess.run([sys.executable, '-c', "
    f'"import time; {HOLD}; time.sleep(4)"], check=True)'
)


def _measured_from_a_fresh_interpreter(cmd: list[str], log: Path) -> Measurement:
    """``run_measured`` from a small Python of its own: a child forked from this pytest
    process (large once other tests loaded Arrow or Great Expectations) would report
    the parent's pages in its ``ru_maxrss`` before its exec."""
    code = (
        "import dataclasses, json, pathlib, sys\n"
        "from sagskvalitet.bench.measure import run_measured\n"
        f"m = run_measured({cmd!r}, {{}}, pathlib.Path({str(log)!r}))\n"
        "print(json.dumps(dataclasses.asdict(m)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    return Measurement(**json.loads(out.strip().splitlines()[-1]))


def test_peak_rss_counts_the_whole_process_tree(tmp_path):
    m = _measured_from_a_fresh_interpreter([sys.executable, "-c", TWO_PROCESSES], tmp_path / "log")
    assert m.exit_code == 0
    assert m.peak_tree_rss_mib >= 300  # both processes' 150 MiB
    assert 300 <= m.peak_sampled_mib <= m.peak_tree_rss_mib  # the dated sample
    assert 150 <= m.peak_rss_mib < 250  # ru_maxrss: the largest single process only
    assert m.cpu_seconds >= 0 and m.wall_seconds >= 1.5
    # when the peak was sampled: inside the run (what bench.peak names the nodes by)
    at = datetime.fromisoformat(m.peak_at_utc)
    assert at.tzinfo is not None and abs((datetime.now(UTC) - at).total_seconds()) < 120


def test_the_spill_is_the_largest_size_the_watched_folder_reached(tmp_path):
    """Fourteenth session: how much DuckDB pushed to its temp directory under the memory
    limit is what a large scale's disk must hold beside the warehouse. The sampler sees a
    file that is written, kept 2 s and removed before the step ends."""
    spill = tmp_path / "warehouse.duckdb.tmp"
    code = (
        "import os, pathlib, time; d = pathlib.Path(os.environ['SPILL']); d.mkdir(); "
        "f = d / 'duckdb_temp_storage-0.tmp'; f.write_bytes(os.urandom(64 * 2**20)); "
        "time.sleep(2); f.unlink()"
    )
    from sagskvalitet.bench.measure import run_measured

    env = {"SPILL": str(spill), "PATH": "/usr/bin:/bin"}
    m = run_measured([sys.executable, "-c", code], env, tmp_path / "log", watch=spill)
    assert m.exit_code == 0
    assert 64 <= m.peak_spill_mib < 80 and not any(spill.iterdir())
    nothing = run_measured([sys.executable, "-c", "pass"], env, tmp_path / "log", watch=spill)
    assert nothing.peak_spill_mib == 0.0
    # where the bench watches: profiles.yml's temp_directory for the step's environment
    assert duckdb_temp_dir({"SAGSKVALITET_DUCKDB": "w/x.duckdb"}) == Path("w/x.duckdb.tmp")
    assert duckdb_temp_dir(
        {"SAGSKVALITET_DUCKDB": "w/x.duckdb", "SAGSKVALITET_DUCKDB_TEMP": "/scratch/t"}
    ) == Path("/scratch/t")
    profile = (REPO / "profiles.yml").read_text(encoding="utf-8")
    assert (
        "temp_directory: \"{{ env_var('SAGSKVALITET_DUCKDB_TEMP', env_var('SAGSKVALITET_DUCKDB',"
        " 'warehouse/sagskvalitet.duckdb') ~ '.tmp') }}\"" in profile
    )


def _timing(start: str, end: str) -> list[dict[str, str]]:
    return [
        {
            "name": "compile",
            "started_at": f"2026-12-01T{start}Z",
            "completed_at": f"2026-12-01T{start}Z",
        },
        {
            "name": "execute",
            "started_at": f"2026-12-01T{start}Z",
            "completed_at": f"2026-12-01T{end}Z",
        },
    ]


def test_the_memory_peak_names_the_dbt_nodes_running_then(tmp_path: Path):
    """Issue 14, eleventh session: one full build at scale 10 peaked at 8.0 GiB and
    nothing said which nodes ran side by side then. The bench keeps the sampled peak's
    time and names the nodes whose span holds it, in the order they started."""
    results = tmp_path / "target" / "run_results.json"
    results.parent.mkdir()
    results.write_text(
        json.dumps(
            {
                "results": [
                    {
                        "unique_id": "model.p.fct_case_event_log",
                        "timing": _timing("00:22:29", "00:23:42"),
                    },
                    {
                        "unique_id": "model.p.fct_case_history",
                        "timing": _timing("00:22:10", "00:22:40"),
                    },
                    {
                        "unique_id": "test.p.not_null_x.abc",
                        "timing": _timing("00:22:41", "00:22:42"),
                    },
                    {"unique_id": "model.p.skipped", "timing": []},
                ]
            }
        )
    )
    at = "2026-12-01T00:22:37+00:00"
    assert peak.nodes_running_at(results, at) == ["fct_case_history", "fct_case_event_log"]
    assert peak.nodes_running_at(results, "2026-12-01T00:22:41.5+00:00")[-1] == "abc"
    assert peak.nodes_running_at(results, "") == []
    cmd = ["dbt", "build", "--target-path", str(results.parent), "--log-path", "logs"]
    assert peak.target_path(cmd) == results.parent
    m = Measurement(1.0, 1.0, 8198.5, 8188.5, 0, at, peak_sampled_mib=8182.0)  # 16 MiB off
    assert peak_nodes(cmd, m, started=0) == {
        "peak_nodes": ["fct_case_history", "fct_case_event_log"]
    }
    # run results older than the run (dbt wrote none this time): no names, not stale ones
    assert peak_nodes(cmd, m, started=time.time() + 60) == {}
    assert peak_nodes(["python", "-m", "sagskvalitet", "land"], m, started=0) == {}
    step = _result(("dbt_build", 2.0))["steps"][0]
    step["runs"] = [
        {"exit_code": 0, "peak_tree_rss_mib": 6515.0, "peak_at_utc": at, "peak_nodes": ["a"]},
        m.as_dict() | {"peak_nodes": ["fct_case_history", "fct_case_event_log"]},
    ]
    assert peak_line(step) == (
        "`dbt build` peaked at 8,198 MiB at 00:22:37 UTC, while `fct_case_history`, "
        "`fct_case_event_log` ran, and spilled nothing to DuckDB's temp directory"
    )
    table = markdown({"scales": {"10": _result(("generate", 1.0)) | {"steps": [step]}}})
    assert "  - memory: `dbt build` peaked at 8,198 MiB" in table
    # a peak between two samples (ru_maxrss above every sample): the time is the sample's
    step["runs"][1]["peak_sampled_mib"] = 6604.2
    assert peak_line(step) == (
        "`dbt build` peaked at 8,198 MiB (its largest process, between two samples); the "
        "largest sample, 6,604 MiB, was at 00:22:37 UTC, while `fct_case_history`, "
        "`fct_case_event_log` ran, and spilled nothing to DuckDB's temp directory"
    )
    assert peak_line(_result(("dbt_build", 2.0))["steps"][0]) is None  # before it was kept
    # the spill, since the fourteenth session: the most of any run
    step["runs"][0]["peak_spill_mib"], step["runs"][1]["peak_spill_mib"] = 7102.4, 3286.0
    assert peak_line(step).endswith("ran, and spilled at most 7,102 MiB to DuckDB's temp directory")


MACHINE = dict.fromkeys(
    ("cpus", "cpu_model", "memory_gib", "os", "python", "dbt_core", "dbt_duckdb", "duckdb"),
    "x",
) | {"great_expectations": "x"}


def _result(*steps: tuple[str, float]) -> dict:
    return {
        "started_utc": "2026-11-29 21:00",
        "deliveries": "3",
        "load_before": "1",
        "load_after": "1",
        "machine": MACHINE,
        "sizes_mib": {"raw": 1.0},
        "steps": [
            {
                "step": name,
                "commit": f"c{int(wall)}",
                "runs": [{"exit_code": 0}],
                "median": dict.fromkeys(
                    ("wall_seconds", "cpu_seconds", "peak_tree_rss_mib", "peak_rss_mib"), wall
                ),
            }
            for name, wall in steps
        ],
    }


def test_results_merge_by_scale_and_step(tmp_path: Path):
    path = tmp_path / "benchmarks.json"
    merge_results(path, {"scales": {"1": _result(("generate", 1.0), ("land", 2.0))}})
    merge_results(path, {"scales": {"0.1": _result(("generate", 0.5))}})
    stored = merge_results(path, {"scales": {"1": _result(("dbt_build", 3.0), ("land", 5.0))}})
    assert list(stored["scales"]) == ["0.1", "1"]
    steps = [(s["step"], s["median"]["wall_seconds"]) for s in stored["scales"]["1"]["steps"]]
    assert steps == [("generate", 1.0), ("land", 5.0), ("dbt_build", 3.0)]
    table = markdown(stored)
    assert "| 1 | 1.0 s wall" in table and "not run" in table
    # each row says which code it measured: steps merged from two runs name both commits
    assert "code measured: `c1` (generate); `c5` (land); `c3` (`dbt build`)" in table


def test_a_run_of_some_steps_keeps_the_sizes_it_did_not_make(tmp_path: Path):
    """A run of generate and land builds no warehouse: the scale keeps the warehouse size of
    its last build instead of 0 (the twentieth session fixed that by hand)."""
    path = tmp_path / "benchmarks.json"
    full = _result(("generate", 1.0), ("land", 2.0), ("dbt_build", 3.0))
    merge_results(path, {"scales": {"10": full | {"sizes_mib": {"raw": 5.0, "warehouse": 9.0}}}})
    sizes = measured_sizes({"raw": 6.0, "landing": 7.0, "warehouse": 0.0})
    assert sizes == {"raw": 6.0, "landing": 7.0}
    partial = _result(("generate", 1.5), ("land", 2.5)) | {"sizes_mib": sizes}
    stored = merge_results(path, {"scales": {"10": partial}})
    assert stored["scales"]["10"]["sizes_mib"] == {"raw": 6.0, "warehouse": 9.0, "landing": 7.0}
    assert "warehouse 9" in markdown(stored)


def test_the_bench_times_the_build_make_build_runs_and_marks_older_rows(tmp_path: Path):
    """`dbt build` and the monthly step run make build's command (unit tests out, data
    tests in); a row stored before that says it held the unit tests."""
    from sagskvalitet.bench.incremental import build_command
    from sagskvalitet.benchmark import plans
    from sagskvalitet.build import UNIT_TESTS_EXCLUDED

    full = plans(argparse.Namespace(deliveries=3, seed=1), 1.0, tmp_path)["dbt_build"][0]
    for cmd in (full, build_command(tmp_path)):
        assert " ".join(UNIT_TESTS_EXCLUDED) in " ".join(cmd), cmd
        assert "resource_type:test" not in " ".join(cmd)  # the data tests stay in
    older = _result(("dbt_build", 40.0), ("incremental", 38.0))
    older["steps"][0]["command"] = "dbt build --target-path t"
    older["steps"][1]["command"] = "dbt build " + " ".join(UNIT_TESTS_EXCLUDED)
    table = markdown({"scales": {"1": older}})
    row = next(line for line in table.splitlines() if line.startswith("| 1 |"))
    assert row.count("unit tests included") == 1, row
    assert "40.0 s CPU, 40 MiB (1 run), unit tests included" in row


def test_a_step_records_the_commit_it_ran():
    commit = code_commit()
    assert commit == "unknown" or len(commit.split("+")[0]) >= 7, commit


def test_the_benchs_own_output_is_not_a_change_of_the_code(tmp_path: Path, monkeypatch):
    """The bench rewrites docs/benchmarks.* after each scale; the next scale still measured
    the commit itself, while any other change of a tracked file is "+changes"."""

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "docs").mkdir()
    for name in ("docs/benchmarks.md", "docs/benchmarks.json", "model.sql"):
        (tmp_path / name).write_text("before\n")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "c")
    monkeypatch.chdir(tmp_path / "docs")  # from a subfolder too
    for name in ("docs/benchmarks.md", "docs/benchmarks.json"):
        (tmp_path / name).write_text("rewritten by the bench\n")
    clean = code_commit()
    assert len(clean) >= 7 and "+" not in clean, clean
    (tmp_path / "model.sql").write_text("after\n")
    assert code_commit() == f"{clean}+changes"


def test_a_steps_code_is_the_files_it_runs_not_the_whole_commit(tmp_path: Path):
    """Two rows of a step at two commits ran the same code when the files that step runs
    are the same: the growth table marks "(other code)" only then (issue 14 item 4)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True
        ).stdout.strip()

    def commit(message: str) -> str:
        git("add", "-A")
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message)
        return git("rev-parse", "--short", "HEAD")

    for name in (
        "models/fct_x.sql",
        "sagskvalitet/landing/land.py",
        "sagskvalitet/bench/report.py",
        "docs/benchmarks.md",
        "requirements.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{name} v1\n")
    git("init", "-q")
    first = commit("first")
    code = {step: stepcode.in_work_tree(step, tmp_path) for step in ("land", "dbt_build")}
    # a clean work tree and its commit give one fingerprint
    assert code == {step: stepcode.at_commit(first, step, tmp_path) for step in code}
    assert code["land"] != code["dbt_build"]

    (tmp_path / "docs/benchmarks.md").write_text("rewritten\n")
    (tmp_path / "sagskvalitet/bench/report.py").write_text("the bench changed\n")
    docs_and_bench = commit("docs and the bench")
    (tmp_path / "models/fct_x.sql").write_text("a model changed\n")
    a_model = commit("a model")

    def row(step: str, at: str) -> dict:
        return {"step": step, "commit": at}

    assert stepcode.same_code(row("land", first), row("land", docs_and_bench), tmp_path)
    assert stepcode.same_code(row("dbt_build", first), row("dbt_build", docs_and_bench), tmp_path)
    assert stepcode.same_code(row("land", first), row("land", a_model), tmp_path)
    assert not stepcode.same_code(row("dbt_build", first), row("dbt_build", a_model), tmp_path)
    # a recorded fingerprint wins; a row whose code was no commit falls back to the commit
    recorded = row("dbt_build", f"{a_model}+changes") | {"step_code": code["dbt_build"]}
    assert stepcode.same_code(row("dbt_build", first), recorded, tmp_path)
    assert not stepcode.same_code(
        row("dbt_build", first), row("dbt_build", f"{first}+changes"), tmp_path
    )
    assert stepcode.same_code(row("land", "unknown"), row("land", "unknown"), tmp_path)


def test_the_bench_says_the_disk_a_scale_needs_before_it_starts(tmp_path: Path, monkeypatch):
    """Disk runs out before memory at scale 30: the bench scales a stored run's sizes (one
    with the same compression setting first) and warns when the rest will not fit."""
    sizes = {"raw": 1024.0, "landing": 512.0, "warehouse": 4096.0}
    fsst_on = {"SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION": ""}
    stored = {
        "scales": {
            "1": {"sizes_mib": sizes},
            "3": {"sizes_mib": {**sizes, "warehouse": 6144.0}, "duckdb_settings": fsst_on},
            "10": {"sizes_mib": {"raw": 1.0}},  # not every size: not a reference
        }
    }
    est = disk.estimate(stored, 10, ["generate", "land", "dbt_build"])
    assert est["from_scale"] == 1  # the default setting's run, not scale 3's
    assert est["parts_mib"] == {
        "raw": 10240.0,
        "landing": 5120.0,
        "warehouse": 40960.0,
        "spill": 0.0,  # the stored run did not measure it
    }
    # the monthly step builds two warehouses once the full build's is gone
    monthly = disk.estimate(stored, 10, ["dbt_build", "incremental"])
    assert monthly["parts_mib"]["warehouse"] == 81920.0
    assert disk.estimate(stored, 10, ["generate", "land"])["parts_mib"]["warehouse"] == 0
    assert disk.estimate(stored, 10, ["dbt_build"], compression="")["from_scale"] == 3
    assert disk.estimate(stored, 0.1, ["dbt_build"])["from_scale"] == 1  # none below: nearest
    assert disk.estimate({"scales": {}}, 10, ["dbt_build"]) is None
    # DuckDB's spill, where the stored run measured it: its largest run, scaled
    runs = [{"peak_spill_mib": 300.0}, {"peak_spill_mib": 700.0}]
    stored["scales"]["1"]["steps"] = [{"step": "dbt_build", "runs": runs}]
    assert disk.estimate(stored, 10, ["dbt_build"])["parts_mib"]["spill"] == 7000.0
    assert disk.estimate(stored, 10, ["generate", "land"])["parts_mib"]["spill"] == 0.0

    # a fixed free space: the shared disk's changes while the test runs
    monkeypatch.setattr(disk.shutil, "disk_usage", lambda path: SimpleNamespace(free=50 * 2**30))
    fits = {"from_scale": 1.0, "parts_mib": {"raw": 1.0}, "total_mib": 1.0}
    text = disk.line(fits, 10, tmp_path / "scale-10")  # not made yet: its parent's disk
    assert text == (
        "disk: scale 10 needs about 0 GiB at its fullest (scale 1's sizes scaled: raw 0.0 GiB; "
        "DuckDB's spill comes on top), 0 GiB of it there already, 50 GiB free"
    )
    spilled = {"from_scale": 1.0, "parts_mib": {"raw": 1.0, "spill": 7168.0}, "total_mib": 1.0}
    assert "raw 0.0, spill 7.0 GiB), 0 GiB" in disk.line(spilled, 10, tmp_path)
    too_big = fits | {"total_mib": 51 * 1024.0}
    assert disk.line(too_big, 10, tmp_path).startswith("warning: disk: scale 10 needs about 51")
    assert disk.line(too_big, 10, tmp_path).endswith("about halves the warehouse)")
    assert disk.line(too_big, 10, tmp_path, compression="").endswith("it will not fit")
    # what the work dir holds already counts against the need
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "part").write_bytes(b"x" * 2**20)
    held = fits | {"total_mib": 50 * 1024.0 + 1.0}  # 1 MiB more than is free, held already
    assert disk.line(held, 10, tmp_path).startswith("disk: ")
    assert disk.line(held | {"total_mib": 50 * 1024.0 + 2.0}, 10, tmp_path).startswith("warning")


def test_incremental_step_is_measured_once_a_model_is_incremental(tmp_path: Path):
    """The step "one incremental monthly delivery" runs when dbt_project.yml makes a model
    incremental (issue 14), and is skipped with its reason otherwise."""
    from sagskvalitet.benchmark import has_incremental_models

    repo = Path(__file__).resolve().parents[2]
    assert has_incremental_models(repo / "models")
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_project.yml").write_text("models:\n  +materialized: table\n")
    assert not has_incremental_models(tmp_path / "models")


def test_growth_names_what_grows_faster_than_the_data(tmp_path: Path):
    assert growth.exponent(1.0, 10.0, 1.0, 10.0) == pytest.approx(1.0)
    assert growth.exponent(1.0, 0.0, 1.0, 10.0) is None
    results = {"scales": {"1": _result(("land", 2.0)), "10": _result(("land", 40.0))}}
    results["scales"]["1"]["sizes_mib"] = {"raw": 10.0}
    results["scales"]["10"]["sizes_mib"] = {"raw": 100.0}
    results["scales"]["1"]["node_seconds"] = {"linear": 1.0, "quadratic": 1.0}
    results["scales"]["10"]["node_seconds"] = {"linear": 10.0, "quadratic": 100.0}
    assert "| land | **1.30** (other code) |" in markdown(results)  # commits c2 and c40
    # other commits, the same files of the step (stepcode): the same code
    for scale in ("1", "10"):
        results["scales"][scale]["steps"][0]["step_code"] = "f00d"
    assert "| land | **1.30** |" in markdown(results)
    for scale in ("1", "10"):
        del results["scales"][scale]["steps"][0]["step_code"]
    results["scales"]["10"]["steps"][0]["commit"] = "c2"  # the same commit at both scales
    table = markdown(results)
    assert "| land | **1.30** |" in table  # 2 -> 40 s for 10x the data
    assert "| `quadratic` | 1.0 s | 100.0 s | **2.00** |" in table
    assert "| `linear` | 1.0 s | 10.0 s | 1.00 |" in table
    # the models table says whether its two builds ran the same models
    for scale, wall in (("1", 1.0), ("10", 3.0)):
        results["scales"][scale]["steps"] = _result(("dbt_build", wall))["steps"]
    assert "different code (c1, c3), so a model changed" in markdown(results)
    for scale in ("1", "10"):
        results["scales"][scale]["steps"][0]["step_code"] = "f00d"
    assert "`run_results.json`) (the same models, macros, seeds and profile at c1 and c3):" in (
        markdown(results)
    )
    run_results = tmp_path / "run_results.json"
    run_results.write_text(
        json.dumps(
            {
                "results": [
                    {"unique_id": "model.p.fct_x", "execution_time": 1.234},
                    {"unique_id": "test.p.not_null_fct_x_id.abc", "execution_time": 9.0},
                    {"unique_id": "snapshot.p.snap_y", "execution_time": 0.5},
                ]
            }
        ),
        encoding="utf-8",
    )
    assert growth.node_seconds(run_results) == {"fct_x": 1.23, "snap_y": 0.5}


def test_monthly_delivery_is_set_against_a_full_build_and_its_share_of_the_rows(tmp_path: Path):
    """The incremental table gives the CPU ratio to the full build and the new delivery's
    share of all rows, read from the deliveries' MANIFEST.json files (issue 14)."""
    from sagskvalitet.bench.incremental import new_delivery_share

    for name, rows in (("2014-10-31", (10, 20)), ("2014-11-30", (30,)), ("2014-12-31", (60, 80))):
        (tmp_path / name).mkdir()
        files = {f"f{i}.csv": {"rows": n, "sha256": "0"} for i, n in enumerate(rows)}
        (tmp_path / name / "MANIFEST.json").write_text(json.dumps({"files": files}))
    (tmp_path / "not-a-delivery").mkdir()
    share = new_delivery_share(tmp_path)
    assert share == {"new_delivery_rows": 140, "all_delivery_rows": 200}
    results = {"scales": {"1": _result(("dbt_build", 50.0), ("incremental", 40.0))}}
    results["scales"]["1"]["steps"][1] |= share
    table = markdown(results)
    assert "| 1 | 50.0 s | 40.0 s | 0.80 | 70% (140 of 200) |" in table
    results["scales"]["1"]["steps"][1].pop("new_delivery_rows")
    assert "| 1 | 50.0 s | 40.0 s | 0.80 | not recorded |" in markdown(results)


def test_a_run_kept_apart_draws_its_chart_beside_its_doc():
    """A run with its own --doc (kept apart from the main table) must not redraw
    docs/benchmarks.png from its own results."""
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    assert chart_path(parser.parse_args(["benchmark"])) == Path("docs/benchmarks.png")
    apart = parser.parse_args(["benchmark", "--doc", "/tmp/m75/doc.md"])
    assert chart_path(apart) == Path("/tmp/m75/doc.png")
    chosen = parser.parse_args(["benchmark", "--chart", "/tmp/c.png"])
    assert chart_path(chosen) == Path("/tmp/c.png")


def test_the_monthly_step_removes_its_warehouse_copies_and_keeps_its_logs(tmp_path: Path):
    """After the monthly step is measured its copies go (at scale 10 about 40 GB of disk);
    what a reader needs afterwards (logs, dbt's run results) stays."""
    from sagskvalitet.bench.incremental import INCREMENTAL_DIR, copies
    from sagskvalitet.benchmark import _remove

    inc = tmp_path / INCREMENTAL_DIR
    for name in (
        "warehouse.duckdb",
        "warehouse.duckdb.wal",
        "before_last_delivery.duckdb",
        "landing/sagssystem_b__cases/2014-12-31.parquet",
        "logs/dbt.log",
        "target/run_results.json",
        "setup.log",
    ):
        (inc / name).parent.mkdir(parents=True, exist_ok=True)
        (inc / name).write_text("x")
    removed = copies(tmp_path)
    _remove(*removed)
    assert {p.name for p in removed} == {
        "warehouse.duckdb",
        "warehouse.duckdb.wal",
        "before_last_delivery.duckdb",
        "landing",
    }
    left = sorted(str(p.relative_to(inc)) for p in inc.rglob("*") if p.is_file())
    assert left == ["logs/dbt.log", "setup.log", "target/run_results.json"]


def test_the_full_builds_warehouse_goes_before_the_monthly_step(tmp_path: Path):
    """The monthly step's two warehouses need the disk the full build's held; its size is
    read first, and nothing else of the scale (raw, landing, run results) is touched."""
    from sagskvalitet.benchmark import free_built_warehouse

    assert free_built_warehouse(tmp_path) is None
    names = ("warehouse.duckdb", "warehouse.duckdb.wal", "raw/x.csv", "target/run_results.json")
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * (1 << 20 if name == "warehouse.duckdb" else 1))
    assert free_built_warehouse(tmp_path) == 1.0
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["raw/x.csv", "target/run_results.json"]


def test_the_yardstick_is_fixed_work_timed_like_a_step(tmp_path: Path, monkeypatch):
    """The same work on every machine (its checksum: a change of the work breaks the
    comparison with earlier rows, so it must be deliberate), timed in a child process."""
    from sagskvalitet.bench import yardstick

    assert yardstick.work() == "703c852a2dcf7f3d:83805720"
    monkeypatch.setattr(yardstick, "RUNS", 1)
    speed = yardstick.measure(tmp_path, {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})
    assert speed["median"]["cpu_seconds"] > 0.5, speed
    assert (tmp_path / "yardstick.log").read_text().strip() == "703c852a2dcf7f3d:83805720"


def test_each_row_says_the_yardstick_its_steps_ran_beside():
    """Steps of one run share its yardstick; steps kept from an earlier run (--steps)
    keep theirs, and rows from before the yardstick say so."""
    now = _result(("generate", 1.0), ("land", 2.0))
    for step in now["steps"]:
        step["yardstick_cpu_seconds"] = 3.1
    assert "  - yardstick: 3.10 s CPU\n" in markdown({"scales": {"1": now}}) + "\n"
    mixed = _result(("generate", 1.0), ("land", 2.0))
    mixed["steps"][1]["yardstick_cpu_seconds"] = 2.5
    table = markdown({"scales": {"1": mixed}})
    expected = "yardstick: not measured (a run before the yardstick) (generate); 2.50 s CPU (land)"
    assert expected in table


def test_each_dbt_step_keeps_the_memory_limit_it_ran_with(tmp_path: Path, monkeypatch):
    """Twelfth session: the default memory_limit changed (6GB -> 5GB); rows measured before
    must still say 6GB, and a step run with the env var says its value."""
    from sagskvalitet.benchmark import memory_limit

    profiles = tmp_path / "profiles.yml"
    profiles.write_text("memory_limit: \"{{ env_var('SAGSKVALITET_DUCKDB_MEMORY', '5GB') }}\"\n")
    monkeypatch.delenv("SAGSKVALITET_DUCKDB_MEMORY", raising=False)
    assert memory_limit(profiles) == "5GB"
    assert memory_limit(REPO / "profiles.yml").endswith("GB")  # the project's own default
    monkeypatch.setenv("SAGSKVALITET_DUCKDB_MEMORY", "4GB")
    assert memory_limit(profiles) == "4GB"
    result = _result(("generate", 1.0), ("dbt_build", 2.0), ("dbt_build_no_tests", 3.0))
    result["steps"][1]["duckdb_memory_limit"] = "5GB"  # measured now; the other one before
    table = markdown({"scales": {"10": result}})
    assert "  - DuckDB memory_limit: 5GB (`dbt build`); 6GB (`dbt build` without tests)" in table
    only_new = _result(("generate", 1.0), ("dbt_build", 2.0))
    only_new["steps"][1]["duckdb_memory_limit"] = "5GB"
    assert "  - DuckDB memory_limit: 5GB\n" in markdown({"scales": {"10": only_new}})
    # generate and land do not open the warehouse: no limit line for them alone
    assert "memory_limit" not in markdown({"scales": {"10": _result(("generate", 1.0))}})


def test_each_scale_says_the_duckdb_settings_it_ran_with():
    """An env var set empty is a setting (FSST on at scale 30), and shows as such."""
    res = _result(("dbt_build", 2.0)) | {
        "duckdb_settings": {
            "SAGSKVALITET_DUCKDB_MEMORY": "6GB",
            "SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION": "",
        }
    }
    table = markdown({"scales": {"30": res}})
    assert (
        "DuckDB: SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION='', SAGSKVALITET_DUCKDB_MEMORY=6GB "
        "(others default)" in table
    )
    assert "DuckDB: profiles.yml defaults" in markdown({"scales": {"1": _result(("land", 1.0))}})


def test_a_spill_folder_that_goes_while_it_is_read_counts_nothing(tmp_path, monkeypatch):
    """Eighteenth session: DuckDB removed its temp directory while the sampler listed it;
    ``Path.rglob`` raised FileNotFoundError, which ended the sampler thread of a scale-10
    build (its memory samples too). A folder gone between the check and the listing,
    and a file gone before its size is read, count 0."""
    gone = tmp_path / "warehouse.duckdb.tmp"
    real_stat = Path.stat

    def stat_of_a_removed_file(self, *args, **kwargs):
        if self.name == "duckdb_temp_storage-1.tmp":
            raise FileNotFoundError(self)
        return real_stat(self, *args, **kwargs)

    assert disk.size_mib(gone) == 0.0  # never there
    gone.mkdir()
    (gone / "duckdb_temp_storage-0.tmp").write_bytes(b"x" * 2**20)
    (gone / "duckdb_temp_storage-1.tmp").write_bytes(b"x" * 2**20)
    with monkeypatch.context() as m:
        m.setattr(Path, "stat", stat_of_a_removed_file)
        assert disk.size_mib(gone) == 1.0  # the file still there counts
    # a sub-folder removed between listing its parent and reading it
    (gone / "sub").mkdir()
    (gone / "sub" / "duckdb_temp_storage-2.tmp").write_bytes(b"x" * 2**20)
    real_scandir = os.scandir

    def scandir_after_removal(path=".", *args):
        if Path(path).name == "sub":
            raise FileNotFoundError(path)
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir_after_removal)
    assert disk.size_mib(gone) == 2.0  # the two files of the folder; the sub-folder gone


def test_the_memory_samples_go_on_when_a_spill_sample_fails(tmp_path, monkeypatch):
    """A spill sample that raises (a folder read while it changes) is skipped; the
    sampler goes on, so the tree's memory is still sampled to the end of the step."""
    from sagskvalitet.bench import measure

    calls = {"n": 0}

    def flaky(path: Path) -> float:
        calls["n"] += 1
        if calls["n"] == 1:
            raise FileNotFoundError(path)
        return 5.0

    monkeypatch.setattr(measure, "size_mib", flaky)
    monkeypatch.setattr(measure, "SAMPLE_SECONDS", 0.05)
    code = "import time; b = bytearray(80 * 2**20); time.sleep(1.5)"
    m = measure.run_measured(
        [sys.executable, "-c", code], {"PATH": "/usr/bin:/bin"}, tmp_path / "log", watch=tmp_path
    )
    assert m.exit_code == 0
    assert calls["n"] >= 3  # sampled on after the failed sample
    assert m.peak_spill_mib == 5.0
    assert m.peak_sampled_mib >= 80  # the child's 80 MiB, seen after the failure


def test_a_step_on_another_processor_is_marked_where_rows_are_compared():
    """Eighteenth session: the sessions' machines changed (AMD EPYC, then Intel Xeon: the
    same generator took 6-13 % less CPU), and a scale re-run for some steps kept the others.
    Each step records its processor; a scale whose steps ran on two lists them, and an
    exponent between scales measured on different processors says so."""
    from sagskvalitet.benchmark import machine

    here = machine()
    assert growth.processor_of(here) == f"{here['cpus']} cores ({here['cpu_model']})"
    results = {"scales": {"1": _result(("land", 2.0)), "10": _result(("land", 40.0))}}
    results["scales"]["1"]["sizes_mib"] = {"raw": 10.0}
    results["scales"]["10"]["sizes_mib"] = {"raw": 100.0}
    for scale in ("1", "10"):
        results["scales"][scale]["steps"][0]["step_code"] = "f00d"
    # no processor recorded (rows before the eighteenth session): the scale's machine
    assert "| land | **1.30** |" in markdown(results)
    assert "  - processor:" not in markdown(results)
    results["scales"]["10"]["steps"][0]["processor"] = "2 cores (Intel(R) Xeon(R) Processor)"
    table = markdown(results)
    assert "| land | **1.30** (other machine) |" in table
    del results["scales"]["1"]["steps"][0]["step_code"]
    assert "| land | **1.30** (other code, other machine) |" in markdown(results)
    # one scale, two processors: each with its steps
    results["scales"]["10"]["steps"].insert(0, _result(("generate", 1.0))["steps"][0])
    table = markdown(results)
    assert (
        f"  - processor: {MACHINE['cpus']} cores ({MACHINE['cpu_model']}) (generate); "
        "2 cores (Intel(R) Xeon(R) Processor) (land)"
    ) in table
    # the models table says when its two builds ran on different processors
    for scale, wall in (("1", 1.0), ("10", 3.0)):
        results["scales"][scale]["steps"] = _result(("dbt_build", wall))["steps"]
        results["scales"][scale]["steps"][0]["step_code"] = "f00d"
        results["scales"][scale]["node_seconds"] = {"m": wall}
    results["scales"]["10"]["steps"][0]["processor"] = "2 cores (Intel(R) Xeon(R) Processor)"
    assert "; the two builds ran on different processors (" in markdown(results)


def test_a_step_kept_from_an_earlier_run_keeps_the_processor_it_ran_on(tmp_path: Path):
    """A scale re-run for some steps (--steps) on another machine takes that machine as
    the scale's; the steps kept from before keep theirs, so the list under the table and
    the growth marks stay true."""
    path = tmp_path / "benchmarks.json"
    amd = MACHINE | {"cpus": 2, "cpu_model": "AMD EPYC"}
    intel = MACHINE | {"cpus": 2, "cpu_model": "Intel(R) Xeon(R) Processor"}
    merge_results(
        path, {"scales": {"1": _result(("generate", 1.0), ("land", 2.0)) | {"machine": amd}}}
    )
    rerun = _result(("land", 3.0)) | {"machine": intel}
    rerun["steps"][0]["processor"] = "2 cores (Intel(R) Xeon(R) Processor)"
    stored = merge_results(path, {"scales": {"1": rerun}})
    steps = {s["step"]: s for s in stored["scales"]["1"]["steps"]}
    assert stored["scales"]["1"]["machine"]["cpu_model"] == "Intel(R) Xeon(R) Processor"
    assert steps["generate"]["processor"] == "2 cores (AMD EPYC)"
    assert (
        "  - processor: 2 cores (AMD EPYC) (generate); 2 cores (Intel(R) Xeon(R) Processor) (land)"
        in (markdown(stored))
    )


def test_a_large_scale_runs_with_fsst_and_half_the_memory_unless_set(monkeypatch):
    """Scale 30 needs FSST on (disk) and a larger pool than the profile's 5 GB (the large
    nodes side by side spilled 23.5 GB at 6 GB): the bench gives both where the user set
    neither, and an explicit setting wins."""
    from sagskvalitet.bench import large_scale

    assert large_scale.settings(10, 23.4, {}) == {}  # scale 10 keeps the profile's bound
    assert large_scale.settings(30, 23.4, {}) == {
        "SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION": "",
        "SAGSKVALITET_DUCKDB_MEMORY": "12GB",
    }
    assert large_scale.settings(30, 6.0, {})["SAGSKVALITET_DUCKDB_MEMORY"] == "5GB"  # floor
    user = {"SAGSKVALITET_DUCKDB_MEMORY": "6GB"}
    assert large_scale.settings(30, 23.4, user) == {"SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION": ""}

    monkeypatch.delenv("SAGSKVALITET_DUCKDB_MEMORY", raising=False)
    with large_scale.applied({"SAGSKVALITET_DUCKDB_MEMORY": "12GB"}):
        assert os.environ["SAGSKVALITET_DUCKDB_MEMORY"] == "12GB"
    assert "SAGSKVALITET_DUCKDB_MEMORY" not in os.environ  # the next scale: the defaults


def test_the_steps_of_a_large_scale_see_its_settings_and_record_them(tmp_path, monkeypatch):
    """What a scale-30 step runs with is what its row says (``duckdb_settings``)."""
    from sagskvalitet import benchmark

    for key in benchmark.DUCKDB_ENV:
        monkeypatch.delenv(key, raising=False)
    seen: list[str | None] = []

    def inner(args, scale, steps):
        seen.append(os.environ.get("SAGSKVALITET_DUCKDB_MEMORY"))
        return {
            "duckdb_settings": {k: os.environ[k] for k in benchmark.DUCKDB_ENV if k in os.environ}
        }

    monkeypatch.setattr(benchmark, "_bench_scale", inner)
    monkeypatch.setattr(benchmark, "machine", lambda: {"memory_gib": 23.4})
    big = benchmark.bench_scale(None, 30, ["dbt_build"])
    small = benchmark.bench_scale(None, 10, ["dbt_build"])
    assert seen == ["12GB", None]
    assert big["duckdb_settings"] == {
        "SAGSKVALITET_DUCKDB_MEMORY": "12GB",
        "SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION": "",
    }
    assert small["duckdb_settings"] == {}
