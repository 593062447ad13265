"""Landing a delivery's files in worker processes gives what landing in process gives.

``landing.parallel`` (issue 14) lands the six files of a large delivery side by side.
Forced on small hand-made deliveries here (threshold 0 MiB, 2 workers): the same landed
rows, the same landing log and Data Docs, the same one-line error for a bad file (the
first in contract order, as in a sequential run), nothing half-landed and no temporary
file left behind. The next delivery's files are submitted while the current one lands
(its largest file would otherwise leave a worker idle); they are discarded when an
earlier delivery fails.
"""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import ClassVar

import pyarrow.parquet as pq
import pytest
from landing_builders import A_HEADER, A_ROWS, csv_bytes, write_delivery

from sagskvalitet.cli import main
from sagskvalitet.landing import LandingError
from sagskvalitet.landing import land as land_module
from sagskvalitet.landing.land import land
from sagskvalitet.landing.parallel import FilePool

D1, D2, D3 = "2010-05-31", "2010-06-30", "2010-07-31"


def _tables(landing: Path) -> dict[str, list[dict]]:
    return {
        str(p.relative_to(landing)): pq.read_table(p).to_pylist()
        for p in sorted(landing.rglob("*.parquet"))
    }


def _land(tmp_path: Path, monkeypatch, workers: int) -> tuple[Path, list[str]]:
    monkeypatch.setenv("SAGSKVALITET_LANDING_WORKERS", str(workers))
    monkeypatch.setenv("SAGSKVALITET_LANDING_PARALLEL_MIB", "0")
    raw, landing = tmp_path / "raw", tmp_path / f"landing-{workers}"
    if not raw.exists():
        write_delivery(raw, D1)
        write_delivery(raw, D2)
    lines: list[str] = []
    land(raw, landing, echo=lines.append)
    return landing, lines


def test_workers_land_what_one_process_lands(tmp_path, monkeypatch):
    one, one_lines = _land(tmp_path, monkeypatch, 1)
    two, two_lines = _land(tmp_path, monkeypatch, 2)
    got, want = _tables(two), _tables(one)
    assert sorted(got) == sorted(want)
    assert len(want) >= 14  # six files and the manifest of two deliveries, and the logs
    for name in want:
        assert got[name] == want[name], name
    strip = [line.rsplit(";", 1)[0] for line in one_lines if not line.startswith("Data Docs")]
    assert [line.rsplit(";", 1)[0] for line in two_lines if not line.startswith("Data Docs")] == (
        strip
    )
    pages = sorted(p.name for p in (two / "data_docs" / "validations").rglob("*.html"))
    assert len(pages) == 12 and pages == sorted(
        p.name for p in (one / "data_docs" / "validations").rglob("*.html")
    )
    assert not list(two.rglob("*.tmp"))


class _RecordingPool(FilePool):
    """The real pool, kept where the test can read its log afterwards."""

    made: ClassVar[list[FilePool]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _RecordingPool.made.append(self)


def test_the_next_delivery_is_submitted_before_the_current_is_collected(tmp_path, monkeypatch):
    _RecordingPool.made = []
    monkeypatch.setattr(land_module, "FilePool", _RecordingPool)
    monkeypatch.setenv("SAGSKVALITET_LANDING_WORKERS", "2")
    monkeypatch.setenv("SAGSKVALITET_LANDING_PARALLEL_MIB", "0")
    raw = tmp_path / "raw"
    for name in (D1, D2, D3):
        write_delivery(raw, name)
    land(raw, tmp_path / "landing", echo=lambda line: None)
    (pool,) = _RecordingPool.made
    assert pool.log == [
        ("submit", D1),
        ("submit", D2),
        ("collect", D1),
        ("submit", D3),
        ("collect", D2),
        ("collect", D3),
    ]


def test_a_bad_file_fails_the_delivery_as_in_one_process(tmp_path, monkeypatch, capsys):
    header = A_HEADER.replace(";Modtaget", ";Modtaget_dato")
    errors = {}
    for workers in (1, 2):
        monkeypatch.setenv("SAGSKVALITET_LANDING_WORKERS", str(workers))
        monkeypatch.setenv("SAGSKVALITET_LANDING_PARALLEL_MIB", "0")
        raw = tmp_path / f"raw-{workers}"
        write_delivery(raw, D1)
        write_delivery(
            raw, D2, files={"sagssystem_a/sager.csv": csv_bytes(header, A_ROWS, "cp1252")}
        )
        write_delivery(raw, D3)  # with 2 workers, submitted ahead while D2 lands
        landing = tmp_path / f"landing-{workers}"
        rc = main(["land", "--raw-dir", str(raw), "--landing-dir", str(landing)])
        errors[workers] = capsys.readouterr().err
        assert rc == 2
        # D1 landed whole, D2 not at all (only its log says it failed), D3 not reached,
        # nothing temporary
        landed = sorted(str(p.relative_to(landing)) for p in landing.rglob("*.parquet"))
        assert [p for p in landed if D2 in p] == [f"_landing_log/{D2}.parquet"], landed
        assert len([p for p in landed if D1 in p]) == 8, landed
        assert not [p for p in landed if D3 in p], landed
        assert not list(landing.rglob("*.tmp")) and not list(landing.rglob(".*.tmp"))
        state = json.loads((landing / "_state.json").read_text(encoding="utf-8"))
        assert sorted(state["deliveries"]) == [D1]
    assert errors[2] == errors[1]
    assert errors[2].startswith(
        f"landing failed: delivery {D2}, file sagssystem_a/sager.csv: required column"
    ), errors[2]


def test_a_resent_delivery_submitted_ahead_is_refused_and_discarded(tmp_path, monkeypatch):
    """D2 holds D1's very files: its workers ran ahead while D1 landed, but the re-send
    check (which needs D1 landed) refuses it as in one process, and nothing of it stays."""
    monkeypatch.setenv("SAGSKVALITET_LANDING_WORKERS", "2")
    monkeypatch.setenv("SAGSKVALITET_LANDING_PARALLEL_MIB", "0")
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    first = write_delivery(raw, D1)
    shutil.copytree(first, raw / D2)
    manifest = json.loads((raw / D2 / "MANIFEST.json").read_text(encoding="utf-8"))
    manifest["delivery_date"] = D2
    (raw / D2 / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    resent = f"re-sent delivery: every file.s sha256 equals delivery {D1}"
    with pytest.raises(LandingError, match=resent):
        land(raw, landing, echo=lambda line: None)
    landed = sorted(str(p.relative_to(landing)) for p in landing.rglob("*.parquet"))
    assert not [p for p in landed if D2 in p and not p.startswith("_landing_log")], landed
    assert len([p for p in landed if D1 in p]) == 8, landed
    assert not list(landing.rglob(".*.tmp"))


def test_landing_error_crosses_the_process_boundary_whole():
    exc = LandingError("required column 'Modtaget' is missing", delivery=D2, file="a/b.csv")
    back = pickle.loads(pickle.dumps(exc))
    assert str(back) == str(exc)
    assert (back.reason, back.delivery, back.file) == (exc.reason, exc.delivery, exc.file)


@pytest.mark.parametrize("value", ["two", "-"])
def test_a_bad_worker_setting_is_one_line(tmp_path, monkeypatch, capsys, value):
    monkeypatch.setenv("SAGSKVALITET_LANDING_WORKERS", value)
    raw = tmp_path / "raw"
    write_delivery(raw, D1)
    rc = main(["land", "--raw-dir", str(raw), "--landing-dir", str(tmp_path / "landing")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.strip() == (
        f"landing failed: SAGSKVALITET_LANDING_WORKERS={value!r} is not a whole number"
    )
