"""Generation in citizen shards: deterministic, disjoint, one shard in memory at a time."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest

from pytests.generator.small_run import generate_args
from sagskvalitet import contract as C
from sagskvalitet.generator.odd_values import ODD_CPRS
from sagskvalitet.generator.shards import (
    collected_per_shard,
    shard_count,
    shard_params,
    shard_simulations,
)
from sagskvalitet.generator.simulate import IdCounters, month_ends
from sagskvalitet.params import load_params

MONTHS = ((2009, 10), (2010, 12))


def _run(out: Path, scale: str, shard_scale: str, *extra: str) -> int:
    from sagskvalitet.cli import main

    return main(generate_args(out, scale, shard_scale, "3", *extra))


@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sharded")
    assert _run(out, "0.03", "0.01", "--truth-as-of", "2010-06-30") == 0
    return out


def _files(root: Path) -> dict[str, bytes]:
    skip = {"generation.json"}  # holds timings and memory
    return {
        str(f.relative_to(root)): f.read_bytes()
        for f in sorted(root.rglob("*"))
        if f.is_file() and f.name not in skip
    }


def test_same_seed_same_files_over_shards(sharded, tmp_path):
    assert _run(tmp_path, "0.03", "0.01", "--truth-as-of", "2010-06-30") == 0
    for part in ("raw", "truth"):
        first, second = _files(sharded / part), _files(tmp_path / part)
        assert first.keys() == second.keys()
        assert [k for k in first if first[k] != second[k]] == []
    assert (sharded / "truth" / "as_of_2010-06-30" / "target_members.csv").exists()
    assert not list((sharded / "truth").rglob(".parts"))


def test_shards_are_three_and_ids_unique_across_them(sharded):
    gen = json.loads((sharded / "truth" / "generation.json").read_text(encoding="utf-8"))
    assert gen["shards"]["count"] == 3
    last = sorted(p for p in (sharded / "raw").iterdir() if p.is_dir())[-1]
    bad = {
        (r.split(",")[1], int(r.split(",")[2]))
        for r in (sharded / "truth" / "injected_bad_rows.csv").read_text().splitlines()[1:]
    }

    def ids(spec: C.ExportFile) -> list[str]:
        text = (last / spec.path).read_bytes().decode(spec.encoding)
        source = f"{last.name}/{spec.path}"
        if spec.fmt == "jsonl":
            lines = text.splitlines()
            return [
                json.loads(line)["case_id"]
                for n, line in enumerate(lines, 1)
                if (source, n) not in bad
            ]
        import csv
        import io

        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter))[1:]
        return [r[0] for n, r in enumerate(rows, 1) if (source, n) not in bad]

    for spec in (C.SAGSSYSTEM_A, C.SAGSSYSTEM_B, C.KLAGER, C.AKTINDSIGT):
        got = ids(spec)
        assert len(got) == len(set(got)), spec.path
    a_ids = ids(C.SAGSSYSTEM_A)
    # dense: the cases of every shard number on from the previous shard's
    assert sorted(a_ids) == [f"A{i:07d}" for i in range(1, len(a_ids) + 1)]
    manifest = json.loads((last / C.MANIFEST_NAME).read_text(encoding="utf-8"))
    a_lines = (last / C.SAGSSYSTEM_A.path).read_bytes().count(b"\r\n")
    assert manifest["files"][C.SAGSSYSTEM_A.path]["rows"] == a_lines - 1  # header


def test_citizens_are_disjoint_between_shards():
    params = load_params()
    shards = shard_params(3, 0.03, *MONTHS, 0.01)
    written = month_ends(*MONTHS)
    citizens = []
    for box in shard_simulations(shards, params, written, True, IdCounters()):
        sim = box.pop()
        cprs = {b.cpr for b in sim.b_records} | {d.cpr for d in sim.documents}
        citizens.append(cprs - set(ODD_CPRS))  # "" and 12345: no citizen
        del sim
    assert len(citizens) == 3
    for i in range(3):
        for j in range(i + 1, 3):
            assert not (citizens[i] & citizens[j])


def test_one_shard_in_memory_at_a_time():
    """Structural: the shard count grows with the scale, a shard's size does not, and a
    shard is gone before the next one is simulated."""
    assert [shard_count(s, 0.5) for s in (0.1, 0.5, 1, 3, 10, 30)] == [1, 1, 2, 6, 20, 60]
    for scale in (1, 3, 10, 30):
        assert max(p.scale for p in shard_params(1, scale, *MONTHS, 0.5)) <= 0.5
    refs: list[weakref.ref] = []
    alive_when_next_starts: list[int] = []

    def progress(message: str) -> None:
        if message.startswith("shard "):
            gc.collect()
            alive_when_next_starts.append(sum(r() is not None for r in refs))

    shards = shard_params(3, 0.03, *MONTHS, 0.01)
    sims = shard_simulations(
        shards, load_params(), month_ends(*MONTHS), True, IdCounters(), progress
    )
    for box in sims:
        sim = box.pop()
        refs.append(weakref.ref(sim))
        del sim
        gc.collect()
        assert refs[-1]() is None  # the caller held the only reference
    assert alive_when_next_starts == [0, 0, 0]
    assert len(refs) == 3


def test_truth_gathered_over_shards_equals_the_truth_of_the_whole_world(tmp_path, monkeypatch):
    """``TruthParts`` (parts per shard, sums added) writes the same files as
    ``write_truth`` on the shards' worlds put together."""
    from sagskvalitet.generator.model import World
    from sagskvalitet.generator.shards import world_of
    from sagskvalitet.generator.truth import write_truth
    from sagskvalitet.generator.truth_parts import TruthParts

    params = load_params()
    written = month_ends(*MONTHS)
    parts = TruthParts(tmp_path / "parts", params)
    monkeypatch.setattr("sagskvalitet.generator.truth_parts.PARTIALS_KEPT", 2)
    worlds = []
    shards = shard_params(3, 0.03, *MONTHS, 0.01)
    for box in shard_simulations(shards, params, written, True, IdCounters()):
        world = world_of(box.pop(), written[-1])
        parts.add(world)
        worlds.append(world)
    summary = parts.finish()
    whole = World(
        as_of=worlds[0].as_of,
        cases=[c for w in worlds for c in w.cases],
        documents=[d for w in worlds for d in w.documents],
        complaints=[c for w in worlds for c in w.complaints],
        access_requests=[a for w in worlds for a in w.access_requests],
        inquiries=[i for w in worlds for i in w.inquiries],
    )
    expected = write_truth(whole, tmp_path / "whole", params)
    assert summary == expected
    for name in (
        "target_members.csv",
        "target_results.csv",
        "published_results.csv",
        "case_links.csv",
        "document_links.csv",
    ):
        got = (tmp_path / "parts" / name).read_bytes()
        assert got == (tmp_path / "whole" / name).read_bytes(), name


def test_collection_paused_per_shard_and_restored():
    """Automatic collection is off inside (release_memory collects per shard) and back on
    after, also when a shard fails: the parent's sort and writing must collect again."""
    assert gc.isenabled()
    with collected_per_shard():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collected_per_shard():
        raise RuntimeError("a shard failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collected_per_shard():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
