"""Shards in worker processes: the same bytes as in process, ids renumbered, faults stop
the run with one line and leave no output that looks complete."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytests.generator.small_run import generate_args
from sagskvalitet.generator import parallel
from sagskvalitet.generator.shards import shard_params
from sagskvalitet.generator.simulate import IdCounters, simulate
from sagskvalitet.generator.simulate.ids import FIRST_IDS, counter_values, shift_ids
from sagskvalitet.landing import LandingError
from sagskvalitet.params import load_params

REPO = Path(__file__).resolve().parents[2]
MONTHS = ((2009, 10), (2010, 12))


def _args(out: Path, scale: str = "0.03", shard_scale: str = "0.01") -> list[str]:
    return generate_args(out, scale, shard_scale, "5", "--truth-as-of", "2010-06-30")


def _run(out: Path, *extra: str, **kw: str) -> int:
    from sagskvalitet.cli import main

    return main(_args(out, **kw) + list(extra))


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(f.relative_to(root)): f.read_bytes()
        for f in sorted(root.rglob("*"))
        if f.is_file() and f.name != "generation.json"  # timings and memory
    }


def _generation(out: Path) -> dict:
    return json.loads((out / "truth" / "generation.json").read_text(encoding="utf-8"))


def test_same_bytes_with_one_two_and_three_workers(tmp_path, monkeypatch):
    for workers in ("1", "2", "3"):
        monkeypatch.setenv(parallel.WORKERS_ENV, workers)
        assert _run(tmp_path / workers) == 0
        assert _generation(tmp_path / workers)["shards"]["workers"] == int(workers)
    for part in ("raw", "truth"):
        one = _files(tmp_path / "1" / part)
        assert one
        for workers in ("2", "3"):
            other = _files(tmp_path / workers / part)
            assert one.keys() == other.keys()
            assert [k for k in one if one[k] != other[k]] == [], (workers, part)
    gens = [_generation(tmp_path / w) for w in ("1", "2")]
    assert gens[0]["ids"] == gens[1]["ids"]
    assert gens[0]["injected_bad_rows"] == gens[1]["injected_bad_rows"] > 0
    assert not list((tmp_path / "2" / "truth").rglob(".parts"))


def test_a_shard_renumbered_is_the_shard_simulated_from_the_shared_counters():
    params = load_params()
    shards = shard_params(3, 0.03, *MONTHS, 0.01)
    shared = IdCounters()
    start = FIRST_IDS
    for sp in shards:
        expected = simulate(sp, params, ids=shared)
        own = IdCounters()
        sim = simulate(sp, params, ids=own)
        shift_ids(sim, start)
        start = tuple(
            s + e - f for s, e, f in zip(start, counter_values(own), FIRST_IDS, strict=True)
        )
        for name in ("a_records", "b_records", "documents", "complaints", "intended_links"):
            assert getattr(sim, name) == getattr(expected, name), (sp.shard, name)
        assert sim.access_requests == expected.access_requests
        assert sim.inquiries == expected.inquiries
    assert start == counter_values(shared)
    assert start[0] > 0 and any(b.legacy_ref for b in expected.b_records)


def _fail_in_shard_two(sp, params, progress, ids):
    """A worker's shard function (importable by a spawned worker) that fails shard 2."""
    if sp.shard == 1:
        raise ValueError("broken\nshard")
    return simulate(sp, params, progress, ids)


def _no_output_looks_complete(out: Path) -> None:
    assert not list((out / "raw").rglob("MANIFEST.json"))
    assert not (out / "truth" / "generation.json").exists()


def test_a_worker_that_raises_stops_the_run_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    monkeypatch.setattr(parallel, "SIMULATE", _fail_in_shard_two)
    assert _run(tmp_path) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if "failed" in line]
    assert len(err) == 1
    assert err[0].startswith("generate: shard 2/3 failed in a worker process: ValueError: ")
    assert "broken shard (at test_parallel.py:" in err[0]
    _no_output_looks_complete(tmp_path)


def _workers(pid: int) -> list[int]:
    """The worker processes of ``pid`` (not multiprocessing's resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(x) for x in path.read_text().split()] if path.exists() else []
    found = []
    for child in children:
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_a_worker_that_is_killed_stops_the_run_with_one_line(tmp_path):
    env = {**os.environ, parallel.WORKERS_ENV: "2"}
    cmd = [sys.executable, "-m", "sagskvalitet", *_args(tmp_path, "0.1", "0.01")]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (workers := _workers(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers, "no worker started"
        time.sleep(1.0)  # at work on a shard
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 1
    last = err.strip().splitlines()[-1]
    assert last.startswith("generate: a worker process (pid ")
    assert last.endswith("died: signal SIGKILL")
    _no_output_looks_complete(tmp_path)


def test_one_shard_starts_no_worker(tmp_path, monkeypatch):
    def no_workers(*args, **kwargs):
        raise AssertionError("a worker was started for one shard")

    monkeypatch.setenv(parallel.WORKERS_ENV, "4")
    monkeypatch.setattr("sagskvalitet.generator.cli.run_in_workers", no_workers)
    assert _run(tmp_path, shard_scale="0.5") == 0
    assert _generation(tmp_path)["shards"] == {
        **_generation(tmp_path)["shards"],
        "count": 1,
        "workers": 1,
    }


def test_workers_setting(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    assert 1 <= parallel.workers_from_env() <= parallel.DEFAULT_MAX_WORKERS
    monkeypatch.setenv(parallel.WORKERS_ENV, "0")
    assert parallel.workers_from_env() == 1
    monkeypatch.setenv(parallel.WORKERS_ENV, "two")
    with pytest.raises(LandingError, match="GENERATOR_WORKERS='two' is not a whole number"):
        parallel.workers_from_env()
    assert _run(tmp_path) == 2
    assert capsys.readouterr().err.strip() == (
        "generate: GENERATOR_WORKERS='two' is not a whole number"
    )
