"""Simulate the citizen shards side by side, in worker processes.

Why: generation is single-threaded Python, and its shards (``shards``) ran one after
another, so on a 2-core machine one core sat idle (scale 10: twenty shards, ~6 minutes).
Each worker is a spawned process that takes one shard at a time and does everything
of it a sequential run does: simulate, put in the odd values, build the worlds, write
the truth's part files (``truth_parts.write_part``, numbered by shard) and append its
rows to every delivery's files.

The output does not depend on the workers (the same bytes as a sequential run):

- Ids: the shared counters (``simulate.ids``) make shard k's ids depend on the shards
  before it. A worker simulates its shard from fresh counters (``IdCounters()``), as if
  it were the first, and reports the ids it used; the parent adds them up in shard order
  and sends each worker where its ids start, and the worker renumbers its shard
  (``simulate.ids.shift_ids``) before anything reads an id.
- Rows: the files are appended in shard order. The parent hands a write turn with the
  writer's state (``writers.WriterState``: every file's rows, the bad rows' random
  stream) from shard to shard; the worker whose turn it is appends its shard's rows and
  sends the state back with its results (truth sums, totals, bad-row log), which the
  parent adds up in shard order as a sequential run does.

The parent only routes these small messages: it never holds a shard. A worker takes its
next shard only after writing the last one, so at most ``workers`` shards are in memory.
The generator's imports do not pull in pyspark, so a spawned worker needs no
``__main__.__file__`` (compare ``landing.parallel``).

Faults: a worker that raises sends a one-line error (exception, message, where); a
worker that dies is seen by its process sentinel. Either stops the run with
``ShardFailed`` (``IdSpaceExhausted`` as itself); the other workers are terminated, and
no MANIFEST.json or generation.json is written, as for any failed run.

Settings (env): ``GENERATOR_WORKERS`` (default: the processors this process may use, at
most 4; 1 simulates in process, as does a run of one shard).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from sagskvalitet.generator.shards import (
    ShardResult,
    collected_per_shard,
    finish_simulation,
    odd_facts,
    release_memory,
    shard_result,
    shard_worlds,
)
from sagskvalitet.generator.simulate import IdCounters, SimParams, Simulation, simulate
from sagskvalitet.generator.simulate.ids import (
    FIRST_IDS,
    IdSpaceExhausted,
    SystemAIds,
    counter_values,
    shift_ids,
)
from sagskvalitet.generator.writers import BadRows, DeliveryWriter, WriterState, _Dates
from sagskvalitet.landing.stream import whole_number_from_env
from sagskvalitet.params import Params

WORKERS_ENV = "GENERATOR_WORKERS"
DEFAULT_MAX_WORKERS = 4
# The shard function the workers call: a test puts one that fails here.
SIMULATE = simulate


class ShardFailed(RuntimeError):
    """A worker raised or died; the message is one line."""


def workers_from_env() -> int:
    """Worker processes for the shards (1 = simulate in this process)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(whole_number_from_env(WORKERS_ENV, min(cpus or 1, DEFAULT_MAX_WORKERS)), 1)


@dataclass
class Job:
    """Everything a worker needs of the run, sent once when it starts."""

    shards: list[SimParams]
    params: Params
    written: list[int]
    odd_values: bool
    out: Path
    truth_parts: dict[int, Path]  # as-of day -> its truth's part folder
    figures: dict[int, bool]  # as-of day -> figures wanted
    as_of: int
    bad_rate: float
    seed: int
    scale: float
    t0: float  # the parent's perf_counter at start (the clock is the system's)
    simulate: Callable = simulate


def _log(job: Job, msg: str) -> None:
    elapsed = time.perf_counter() - job.t0
    print(f"[generate {elapsed:6.1f}s] {msg}", file=sys.stderr, flush=True)


def _one_line(exc: BaseException) -> str:
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        where = f" (at {Path(last.filename).name}:{last.lineno})"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}{where}"


def _work(conn: Connection, job: Job) -> None:
    """A worker process: shards as the parent sends them, until it sends None."""
    k = None
    try:
        with collected_per_shard():
            while (k := conn.recv()) is not None:
                state, result = _shard(conn, job, k)
                conn.send(("done", k, state, result))
    except EOFError:
        return  # the parent is gone
    except BaseException as exc:
        kind = "ids" if isinstance(exc, IdSpaceExhausted) else "error"
        with contextlib.suppress(OSError):
            conn.send((kind, k, str(exc) if kind == "ids" else _one_line(exc)))


def _shard(conn: Connection, job: Job, k: int) -> tuple[WriterState, ShardResult]:
    """Shard ``k`` as a sequential run makes it, waiting for its ids and its write turn."""
    sp = job.shards[k]
    clock = _Clock()
    _log(job, f"shard {sp.shard + 1}/{sp.shards} (scale {sp.scale:g}) in worker {os.getpid()}")
    ids = IdCounters(a=SystemAIds(scale=job.scale))
    sim = job.simulate(sp, job.params, lambda s: None, ids)
    used = [e - f for e, f in zip(counter_values(ids), FIRST_IDS, strict=True)]
    conn.send(("counts", k, used))
    start = conn.recv()  # where the shard's ids start, once the shards before are counted
    shift_ids(sim, start)
    finish_simulation(sim, job.written, job.odd_values)
    clock.phase("simulate")
    # Write first when the turn is here already (the shard before is written), else build
    # the truth while the shards before are written: either way no worker waits long.
    state = _write(job, sim, start[0] + used[0], conn.recv()) if conn.poll() else None
    clock.phase("write")
    worlds = shard_worlds(sim, job.truth_parts)
    clock.phase("world")
    result = shard_result(
        k, odd_facts(sim), worlds, job.truth_parts, job.as_of, job.params, job.figures
    )
    del worlds
    release_memory()
    clock.phase("truth")
    if state is None:
        state = _write(job, sim, start[0] + used[0], conn.recv())
        clock.phase("write")
    del sim
    result.bad_log, result.odd_rejects = state[1], state[2]
    result.timings = clock.timings
    release_memory()
    return state[0], result


def _write(
    job: Job, sim: Simulation, a_cases: int, state: WriterState
) -> tuple[WriterState, list[tuple], list[tuple]]:
    """Append the shard's rows after the shards before (``state``: their writer's state;
    ``a_cases``: the shared system A counter after this shard); returns the writer's
    state after it, and the shard's bad-row log and odd rejects."""
    bad = BadRows(job.bad_rate, job.seed, _Dates(), SystemAIds(scale=job.scale, cases=a_cases))
    writer = DeliveryWriter(job.out, job.written, bad, create=False)
    writer.resume(state)
    writer.append(sim)
    return writer.state(), bad.log, writer.odd_rejects


class _Clock:
    """Wall and CPU time per phase of one shard in a worker."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def phase(self, name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.timings[name] = self.timings.get(name, 0.0) + wall - self.wall
        key = f"{name} (cpu)"
        self.timings[key] = self.timings.get(key, 0.0) + cpu - self.cpu
        self.wall, self.cpu = wall, cpu


def run_in_workers(
    job: Job,
    workers: int,
    writer: DeliveryWriter,
    on_result: Callable[[ShardResult], None],
) -> tuple[int, int, int, int, int]:
    """Generate every shard of ``job`` in ``workers`` processes. ``on_result`` gets each
    shard's result in shard order; ``writer`` is left where the last shard left it.
    Returns the id counters after the last shard (``simulate.ids.counter_values``)."""
    ctx = multiprocessing.get_context("spawn")
    job.simulate = SIMULATE
    procs: list[multiprocessing.process.BaseProcess] = []
    conns: list[Connection] = []
    try:
        for _ in range(min(workers, len(job.shards))):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_work, args=(theirs, job), daemon=True)
            proc.start()
            theirs.close()
            procs.append(proc)
            conns.append(mine)
        end = _coordinate(job, procs, conns, writer, on_result)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.send(None)
        for proc in procs:
            proc.join(timeout=60)
        return end
    finally:
        for proc in procs:  # on a fault: the workers still at work
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join()
        for conn in conns:
            conn.close()


def _coordinate(
    job: Job,
    procs: list,
    conns: list[Connection],
    writer: DeliveryWriter,
    on_result: Callable[[ShardResult], None],
) -> tuple[int, int, int, int, int]:
    """Hand out shards, ids and write turns in shard order; collect the results."""
    n = len(job.shards)
    owner: dict[int, int] = {}  # shard -> worker
    working: dict[int, int] = {}  # worker -> its shard
    used: dict[int, list[int]] = {}  # shard -> ids it used, until counted
    cursor, counted = list(FIRST_IDS), 0  # the ids at the start of shard `counted`
    ids_sent = -1
    written, turn_sent = 0, False  # shards written; the turn of shard `written` sent
    state = writer.state()
    next_shard = 0

    def send(w: int, message: object) -> None:
        try:
            conns[w].send(message)
        except OSError:  # the worker is gone (a broken pipe)
            raise _died(procs[w], working.get(w), n) from None

    def assign(w: int) -> None:
        nonlocal next_shard
        if next_shard < n:
            owner[next_shard], working[w] = w, next_shard
            send(w, next_shard)
            next_shard += 1

    def hand_on() -> None:
        """Send every start of ids and the write turn that can be sent now."""
        nonlocal counted, ids_sent, turn_sent
        while counted in owner:
            if ids_sent < counted:
                send(owner[counted], tuple(cursor))
                ids_sent = counted
            if counted not in used:
                break
            cursor[:] = [c + u for c, u in zip(cursor, used.pop(counted), strict=True)]
            # the shared counter's check, as when a sequential run passes this id
            SystemAIds(scale=job.scale, cases=cursor[0], bad_rows=state.a_bad_rows)._check()
            counted += 1
        if not turn_sent and written in owner:
            send(owner[written], state)
            turn_sent = True

    for w in range(len(procs)):
        assign(w)
    hand_on()
    sentinels = {proc.sentinel: w for w, proc in enumerate(procs)}
    while written < n:
        ready = wait([*conns, *sentinels])
        for w, conn in enumerate(conns):
            if conn not in ready:
                continue
            try:
                msg = conn.recv()
            except (EOFError, OSError):  # the worker is gone (reset by a killed peer)
                raise _died(procs[w], working.get(w), n) from None
            kind, k = msg[0], msg[1]
            if kind == "counts":
                used[k] = msg[2]
            elif kind == "done":
                state, result = msg[2], msg[3]
                on_result(result)
                written, turn_sent = written + 1, False
                del working[w]
                assign(w)
            elif kind == "ids":
                raise IdSpaceExhausted(msg[2])
            else:
                what = f"shard {k + 1}/{n}" if k is not None else "the start of a worker"
                raise ShardFailed(f"{what} failed in a worker process: {msg[2]}")
            hand_on()
        for sentinel, w in sentinels.items():
            if sentinel in ready and not conns[w].poll():
                raise _died(procs[w], working.get(w), n)
    writer.resume(state)
    return tuple(cursor)  # type: ignore[return-value]


def _died(proc, shard: int | None, n: int) -> ShardFailed:
    proc.join(timeout=5)
    code = proc.exitcode
    how = f"exit code {code}"
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            how = f"signal {signal.Signals(-code).name}"
    what = f"shard {shard + 1}/{n}" if shard is not None else "no shard"
    return ShardFailed(f"a worker process (pid {proc.pid}, {what}) died: {how}")
