"""Land the six files of a large delivery side by side, in worker processes.

Why: landing is single-threaded Python (parsing, Great Expectations), so on a 2-core
machine one core sat idle while the other landed a national-scale delivery (issue 14).
Each worker is a spawned process with its own pseudonymiser and Great Expectations
context (its start-up paid once per worker and landing run), reading and writing one
file's temporary Parquet file at a time in bounded memory, as ``land_file`` does in
process. The caller keeps everything that makes landing atomic and ordered: the checks
before, the results merged in contract order (so events and errors read as in a
sequential run), the renames after.

System B's JSON Lines file is most of a delivery's bytes, so one delivery alone keeps
one worker busy with it while the other runs out of files. The caller therefore submits
the next delivery's files ahead (``_land_all``): they are worked on while the current
delivery's largest file finishes, and they are only read back, checked and renamed in
delivery order; should an earlier delivery fail, they are discarded. Within a delivery
the largest files are submitted first, so the last task to finish is a small one.

Settings (env): ``SAGSKVALITET_LANDING_WORKERS`` (default: the processors this process
may use, at most 4; 1 lands in process) and ``SAGSKVALITET_LANDING_PARALLEL_MIB``
(default 32: a delivery smaller than this lands in process, where a worker's start-up
would cost more than it saves).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from sagskvalitet import contract
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.stream import whole_number_from_env

WORKERS_ENV = "SAGSKVALITET_LANDING_WORKERS"
MIN_MIB_ENV = "SAGSKVALITET_LANDING_PARALLEL_MIB"
DEFAULT_MAX_WORKERS = 4
DEFAULT_MIN_MIB = 32

_worker: dict[str, Any] = {}  # the worker process's pseudonymiser and validator


def workers_from_env() -> int:
    """Worker processes for a large delivery (1 = land in this process)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(whole_number_from_env(WORKERS_ENV, min(cpus or 1, DEFAULT_MAX_WORKERS)), 1)


def min_bytes_from_env() -> int:
    return whole_number_from_env(MIN_MIB_ENV, DEFAULT_MIN_MIB) * 2**20


def delivery_bytes(path: Path) -> int:
    """Bytes of the contract's files in a delivery folder (missing files count 0)."""
    return sum(
        (path / spec.path).stat().st_size for spec in contract.FILES if (path / spec.path).is_file()
    )


def _init_worker(landing_dir: str) -> None:
    from sagskvalitet.landing.pseudonymise import Pseudonymiser, key_from_env
    from sagskvalitet.landing.validate import Validator

    os.umask(0o077)  # landed files carry pseudonyms and titles: the owner's only
    # A spawned process's __main__ has neither __spec__ nor __file__. pyspark (which Great
    # Expectations imports when it is installed, as it is for dbt-spark) takes that for a
    # doctest run and calls sys.exit(0), killing the worker: name this module's file.
    main = sys.modules["__main__"]
    if getattr(main, "__spec__", None) is None and not hasattr(main, "__file__"):
        main.__file__ = __file__
    _worker["ps"] = Pseudonymiser(key_from_env())
    _worker["validator"] = Validator(Path(landing_dir))


def _land_one(delivery: Any, spec_key: str, final: Path) -> tuple[Path, int, str, Any]:
    """``land_file`` in a worker: (temporary file, rows, sha256, the file's results)."""
    from sagskvalitet.landing.land import DeliveryResult, land_file

    part = DeliveryResult(delivery.name, {}, {}, 0, 0, [], 0.0)
    spec = contract.FILES_BY_KEY[spec_key]
    tmp, rows, digest = land_file(delivery, spec, final, _worker["ps"], _worker["validator"], part)
    return tmp, rows, digest, part


def worth_a_worker(delivery: Any) -> bool:
    """A delivery large enough for the workers, with every contract file present (a
    missing file is reported by ``land_delivery``'s checks, in process)."""
    return all((delivery.path / spec.path).is_file() for spec in contract.FILES) and (
        delivery_bytes(delivery.path) >= min_bytes_from_env()
    )


class FilePool:
    """A lazily started pool of landing workers, shut down by ``close``.

    ``log`` lists ("submit" | "collect", delivery) in the order they happened: what
    the tests read to see that a delivery's files were submitted ahead.
    """

    def __init__(self, landing_dir: Path, workers: int):
        self.landing_dir = Path(landing_dir).resolve()
        self.workers = workers
        self._pool: cf.ProcessPoolExecutor | None = None
        self.log: list[tuple[str, str]] = []

    def submit(self, delivery: Any, spec_key: str, final: Path) -> cf.Future:
        if self._pool is None:
            self._pool = cf.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(str(self.landing_dir),),
            )
        return self._pool.submit(_land_one, delivery, spec_key, final)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def submit_files(pool: FilePool, delivery: Any, finals: list[tuple[Any, Path]]) -> list[cf.Future]:
    """Submit ``(spec, final)`` files of one delivery, the largest first; the futures
    come back in the order of ``finals`` (contract order)."""

    def size(item: tuple[int, tuple[Any, Path]]) -> int:
        path = delivery.path / item[1][0].path
        return path.stat().st_size if path.is_file() else 0

    futures: list[cf.Future | None] = [None] * len(finals)
    for i, (spec, final) in sorted(enumerate(finals), key=size, reverse=True):
        futures[i] = pool.submit(delivery, spec.key, final)
    pool.log.append(("submit", delivery.name))
    return [f for f in futures if f is not None]


def land_files_in_pool(
    pool: FilePool,
    delivery: Any,
    finals: list[tuple[Any, Path]],
    futures: list[cf.Future] | None = None,
) -> list[tuple[Path, int, str, Any]]:
    """Land ``(spec, final)`` files of one delivery in the pool; results in that order.

    ``futures``: the files as submitted ahead by ``submit_files`` (else submitted now).
    On a fault the first in contract order is raised (as a sequential run would), after
    every other file of the delivery has finished and its temporary file is removed.
    """
    if futures is None:
        futures = submit_files(pool, delivery, finals)
    pool.log.append(("collect", delivery.name))
    cf.wait(futures)
    results, first_error = [], None
    for fut in futures:
        try:
            results.append(fut.result())
        except BaseException as exc:  # re-raised below, the first in contract order
            first_error = first_error or exc
    if first_error is not None:
        for tmp, *_ in results:
            Path(tmp).unlink(missing_ok=True)
        from sagskvalitet.landing.land import _tmp_path  # land imports this module

        for _, final in finals:
            _tmp_path(final).unlink(missing_ok=True)
        if isinstance(first_error, BrokenProcessPool):
            raise LandingError(
                f"a landing worker process died ({first_error}); nothing of it was landed",
                delivery=delivery.name,
            ) from None
        raise first_error
    return results
