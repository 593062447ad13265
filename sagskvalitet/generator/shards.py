"""Generate in citizen shards, so memory is bounded by the shard, not by the scale.

A run at scale S is ``n = ceil(S / shard_scale)`` shards of scale ``S / n`` each, run
one after another in this process, or side by side in worker processes (``parallel``,
``GENERATOR_WORKERS``) with the same output. A shard is a whole small simulation
(``simulate.simulate``) of its own citizens: its own random streams derived from the
seed (``SimParams.stream``), its own part of the CPR numbers (serials ``k, k + n,
...``), so no citizen, case, document or complaint is in two shards, and every rule
that links records (a ``legacy_ref``, the 7-day double registration rule, a
``Sagsnummer``, a document's citizen) links within one shard. Ids come from counters
shared by the shards (``simulate.ids``), dense and disjoint. Each shard's rows are
appended to every delivery's files (``writers``) and its world to the truth
(``truth_parts``); then the shard is dropped. Peak memory is that of one shard per
process plus what adds up (row counts, figure sums, the odd values' ids).

The output is a function of (seed, scale, deliveries, shard scale), never of the
workers: the default shard scale is fixed, so (seed, scale, deliveries) gives the same
files every time.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sagskvalitet.generator.model import World
from sagskvalitet.generator.odd_values import apply_odd_values
from sagskvalitet.generator.simulate import (
    IdCounters,
    SimParams,
    Simulation,
    build_world,
    simulate,
)
from sagskvalitet.generator.truth import due_dates
from sagskvalitet.generator.truth_parts import TruthPart, write_part
from sagskvalitet.params import Params

SHARD_SCALE_ENV = "GENERATOR_SHARD_SCALE"
# Scale 0.5 per shard: ~0.6 GB peak (measured at scale 1: ~1.1 GB of simulation, world
# and truth per unit of scale, plus ~0.14 GB of libraries).
DEFAULT_SHARD_SCALE = 0.5


def default_shard_scale() -> float:
    """The shard scale of ``GENERATOR_SHARD_SCALE``, else ``DEFAULT_SHARD_SCALE``."""
    text = os.environ.get(SHARD_SCALE_ENV, "")
    return float(text) if text else DEFAULT_SHARD_SCALE


def shard_count(scale: float, shard_scale: float) -> int:
    """How many shards a run at ``scale`` takes: each at most ``shard_scale``."""
    if shard_scale <= 0:
        raise ValueError("the shard scale must be positive")
    return max(1, math.ceil(scale / shard_scale - 1e-9))


def shard_params(
    seed: int,
    scale: float,
    first_month: tuple[int, int],
    last_month: tuple[int, int],
    shard_scale: float,
) -> list[SimParams]:
    """The parameters of every shard of a run, in the order they are simulated."""
    n = shard_count(scale, shard_scale)
    return [
        SimParams(
            seed=seed,
            scale=scale / n,
            first_month=first_month,
            last_month=last_month,
            shard=k,
            shards=n,
        )
        for k in range(n)
    ]


@dataclass
class ShardTotals:
    """What adds up over the shards for generation.json and odd_values.json."""

    odd_shapes: dict[str, list[str]] = field(default_factory=dict)
    link_methods: Counter[str] = field(default_factory=Counter)
    documents_unlinked: int = 0
    # year -> [decisions, on time, days] of the May measurement as the generator sees it
    calibration: dict[str, list[int]] = field(default_factory=dict)
    largest_shard_records: int = 0


def shard_simulations(
    shards: list[SimParams],
    params: Params,
    written: list[int],
    odd_values: bool,
    ids: IdCounters,
    progress: Callable[[str], None] = lambda s: None,
) -> Iterator[list[Simulation]]:
    """Each shard's simulation in turn (with its odd values), in a one-item list the
    caller empties (``box.pop()``): the caller then holds the only reference, and can drop
    the simulation (keeping its world) before the next shard is simulated."""
    for sp in shards:
        progress(f"shard {sp.shard + 1}/{sp.shards} (scale {sp.scale:g})")
        box = [simulate(sp, params, progress, ids)]
        finish_simulation(box[0], written, odd_values)
        yield box
        box.clear()


def finish_simulation(sim: Simulation, written: list[int], odd_values: bool) -> None:
    """Put the odd values into a simulated shard (or just note the written deliveries)."""
    if odd_values:
        apply_odd_values(sim, written)
    else:
        sim.written = list(written)


@dataclass
class ShardResult:
    """What one shard adds to the run besides its rows: its part of each truth (its
    per-record files written), its totals, and (when a worker wrote its rows) the bad
    rows and odd rejects of its rows. Small: a worker process sends it to the parent."""

    shard: int
    truth: dict[int, TruthPart]  # as-of day -> the shard's part
    odd_shapes: dict[str, list[str]]
    records: int
    link_methods: Counter[str]
    documents_unlinked: int
    calibration: dict[str, list[int]]
    bad_log: list[tuple[str, str, int, str, str]] = field(default_factory=list)
    odd_rejects: list[tuple[str, str, int, str, str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def shard_worlds(sim: Simulation, days: Iterable[int]) -> dict[int, World]:
    """The shard's world as of each day a truth is written for."""
    return {day: build_world(sim, day) for day in days}


def shard_result(
    k: int,
    sim_facts: tuple[dict[str, list[str]], int],
    worlds: dict[int, World],
    truth_parts: dict[int, Path],
    as_of: int,
    params: Params,
    figures: dict[int, bool],
) -> ShardResult:
    """Write shard ``k``'s truth part files (into ``truth_parts``, per as-of day) and
    gather what it adds up. ``sim_facts``: ``odd_facts`` of its simulation."""
    due_of = due_dates(params)
    truth = {
        day: write_part(truth_parts[day], k, world, params, due_of, figures[day])
        for day, world in worlds.items()
    }
    world = worlds[as_of]
    result = ShardResult(
        shard=k,
        truth=truth,
        odd_shapes=sim_facts[0],
        records=sim_facts[1],
        link_methods=Counter(c.link_method for c in world.cases),
        documents_unlinked=sum(1 for d in world.documents if d.case_id is None),
        calibration={},
    )
    cal = params.calendar()
    for c in world.cases:
        if c.decided is None or c.decided.month != 5:
            continue
        if c.decision not in ("granted", "refused", "recommended"):
            continue
        rule = params.deadline("case", c.area, c.received)
        due = cal.due_date(c.received, rule.value, rule.unit)
        sums = result.calibration.setdefault(str(c.decided.year), [0, 0, 0])
        sums[0] += 1
        sums[1] += c.decided <= due
        sums[2] += (c.decided - c.received).days
    return result


def odd_facts(sim: Simulation) -> tuple[dict[str, list[str]], int]:
    """What the totals need of a simulation: the ids of each odd shape, its records."""
    return (dict(sim.odd.shapes) if sim.odd else {}), records_in(sim)


def add_result(totals: ShardTotals, result: ShardResult) -> None:
    """Add one shard's totals (in shard order: the odd shapes' ids are listed in it)."""
    for shape, ids_of_shape in result.odd_shapes.items():
        totals.odd_shapes.setdefault(shape, []).extend(ids_of_shape)
    totals.largest_shard_records = max(totals.largest_shard_records, result.records)
    totals.link_methods.update(result.link_methods)
    totals.documents_unlinked += result.documents_unlinked
    for year, values in result.calibration.items():
        sums = totals.calibration.setdefault(year, [0, 0, 0])
        for i, v in enumerate(values):
            sums[i] += v


def world_of(sim: Simulation, as_of: int) -> World:
    """The shard's world as of a day (``simulate.build_world``)."""
    return build_world(sim, as_of)


@contextlib.contextmanager
def collected_per_shard() -> Iterator[None]:
    """Python's automatic garbage collection paused while shards are made.

    A shard holds millions of records, and each full automatic collection walks them all
    again: at scale 1 that was a fifth of the generator's CPU (issue 14). What a cycle
    holds is freed by ``release_memory``'s collection at the end of each shard instead, so
    memory still returns to the floor between shards (the peak measured the same).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def release_memory() -> None:
    """Collect the dropped shard and hand freed heap pages back to the system (glibc's
    ``malloc_trim``; a no-op elsewhere), so the next shard and the final sort start from
    the floor, not from the last shard's high-water mark."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def records_in(sim: Simulation) -> int:
    """Records a shard holds: what its memory grows with."""
    return (
        len(sim.a_records)
        + len(sim.b_records)
        + len(sim.documents)
        + len(sim.complaints)
        + len(sim.access_requests)
        + len(sim.inquiries)
    )
