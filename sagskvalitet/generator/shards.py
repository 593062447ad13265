"""Generate in citizen shards, so memory is bounded by the shard, not by the scale.

A run at scale S is ``n = ceil(S / shard_scale)`` shards of scale ``S / n`` each, run
one after another. A shard is a whole small simulation (``simulate.simulate``) of its
own citizens: its own random streams derived from the seed (``SimParams.stream``), its
own part of the CPR numbers (serials ``k, k + n, ...``), so no citizen, case, document
or complaint is in two shards, and every rule that links records (a ``legacy_ref``, the
7-day double registration rule, a ``Sagsnummer``, a document's citizen) links within
one shard. Ids come from counters shared by the shards (``simulate.ids``), dense and
disjoint. Each shard's rows are appended to every delivery's files (``writers``) and its
world to the truth (``truth_parts``); then the shard is dropped. Peak memory is that of
one shard plus what adds up (row counts, figure sums, the odd values' ids).

The output is a function of (seed, scale, deliveries, shard scale): the default shard
scale is fixed, so (seed, scale, deliveries) gives the same files every time.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import math
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sagskvalitet.generator.odd_values import apply_odd_values
from sagskvalitet.generator.simulate import (
    IdCounters,
    SimParams,
    Simulation,
    build_world,
    simulate,
)
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
        if odd_values:
            apply_odd_values(box[0], written)
        else:
            box[0].written = list(written)
        yield box
        box.clear()


def world_of(sim: Simulation, as_of: int):
    """The shard's world as of a day (``simulate.build_world``)."""
    return build_world(sim, as_of)


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
