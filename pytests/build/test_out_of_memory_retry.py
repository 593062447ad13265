"""A build whose only failures are DuckDB running out of memory runs those nodes again,
one at a time, before it decides (issue 14, thirteenth session: at scale 30 two large
nodes side by side ran out of memory once; each passes alone)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb
import pytest

from sagskvalitet import build

OOM = "Out of Memory Error: could not allocate block of size 256.0 KiB (4.6 GiB/4.6 GiB used)"


def _result(uid: str, status: str, message: str = "") -> dict:
    return {"unique_id": uid, "status": status, "message": message}


def _fake_dbt(tmp_path: Path, runs: dict[str, tuple[int, list[dict]]], calls: list[list[str]]):
    """A dbt that writes the given run results for each command (build, retry, ...)."""

    def fake(cmd: list[str], env: dict[str, str]) -> int:
        calls.append(cmd)
        db = Path(env["SAGSKVALITET_DUCKDB"])
        if not db.exists():
            duckdb.connect(str(db)).close()
        rc, results = runs[cmd[0]]
        meta = {"invocation_id": f"inv-{cmd[0]}"}
        (tmp_path / "target" / "run_results.json").write_text(
            json.dumps({"metadata": meta, "results": results}), encoding="utf-8"
        )
        return rc

    return fake


def _build(tmp_path: Path, monkeypatch, runs) -> tuple[int, dict, list[list[str]]]:
    calls: list[list[str]] = []
    (tmp_path / "target").mkdir()
    (tmp_path / "landing").mkdir()
    monkeypatch.setattr(build, "_dbt", _fake_dbt(tmp_path, runs, calls))
    args = argparse.Namespace(
        duckdb=str(tmp_path / "wh" / "sagskvalitet.duckdb"),
        landing_dir=tmp_path / "landing",
        target_path=str(tmp_path / "target"),
        log_path=None,
        no_docs=True,
        unit_tests=False,
        dbt_args=[],
    )
    rc = build.run(args)
    record = json.loads((tmp_path / "wh" / build.RECORD_NAME).read_text(encoding="utf-8"))
    return rc, record, calls


FIRST = [
    _result("model.p.a", "success"),
    _result("model.p.b", "error", f"Runtime Error in model b\n  {OOM}"),
    _result("test.p.unique_b", "skipped"),
]


def test_nodes_that_ran_out_of_memory_run_again_one_at_a_time(tmp_path: Path, monkeypatch):
    retry = [_result("model.p.b", "success"), _result("test.p.unique_b", "pass")]
    rc, record, calls = _build(tmp_path, monkeypatch, {"build": (1, FIRST), "retry": (0, retry)})
    assert rc == 0
    assert calls[1] == ["retry", "--threads", "1", "--target-path", str(tmp_path / "target")]
    assert record["status"] == "complete"
    assert record["retried_out_of_memory"] == ["model.p.b"]
    # the first run's results with the retried nodes' in place: every node counted once
    assert record["nodes"]["success"] == 3 and record["nodes"]["skipped"] == 0
    assert record["tests_passed"] == 1
    assert record["dbt_invocation_id"] == "inv-build"
    assert (tmp_path / "wh" / "sagskvalitet.duckdb").exists()


def test_a_node_that_runs_out_of_memory_again_fails_the_build(tmp_path: Path, monkeypatch):
    retry = [_result("model.p.b", "error", OOM), _result("test.p.unique_b", "skipped")]
    rc, record, calls = _build(tmp_path, monkeypatch, {"build": (1, FIRST), "retry": (1, retry)})
    assert rc == 2 and len(calls) == 2
    assert record["status"] == "failed"
    assert record["retried_out_of_memory"] == ["model.p.b"]
    assert "model.p.b: error: Out of Memory Error" in record["message"]
    assert not (tmp_path / "wh" / "sagskvalitet.duckdb").exists()  # no build replaced it


@pytest.mark.parametrize(
    "failure",
    [
        _result("model.p.b", "error", "Binder Error: column x not found"),
        _result("test.p.unique_b", "fail", "Got 3 results, configured to fail if != 0"),
    ],
    ids=["another error", "a failed test"],
)
def test_any_other_failure_is_not_retried(tmp_path: Path, monkeypatch, failure):
    first = [_result("model.p.c", "error", OOM), failure]
    rc, record, calls = _build(tmp_path, monkeypatch, {"build": (1, first)})
    assert rc == 2
    assert [c[0] for c in calls] == ["build"]
    assert record["status"] == "failed" and "retried_out_of_memory" not in record


def test_the_retry_keeps_every_node_of_the_first_run_once():
    first = {"metadata": {"x": 1}, "results": FIRST}
    merged = build.merge_retry(first, {"results": [_result("model.p.b", "success")]})
    assert [(r["unique_id"], r["status"]) for r in merged["results"]] == [
        ("model.p.a", "success"),
        ("model.p.b", "success"),
        ("test.p.unique_b", "skipped"),
    ]
    assert merged["metadata"] == {"x": 1}
    assert build.out_of_memory_only({"results": FIRST}) == ["model.p.b"]
    assert build.out_of_memory_only({"results": [_result("model.p.a", "success")]}) == []
