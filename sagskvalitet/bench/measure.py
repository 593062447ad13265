"""Run one benchmark step as a child process and measure it.

Why a module of its own: ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` gives only the
largest single child, while a step may be a tree (the generator's worker processes). So
wall time comes from a monotonic clock, CPU time (user + sys) from ``os.wait4`` of the
step's process (which includes every descendant it waited for), and peak RSS two ways:
the sum of the resident memory of the whole process tree, sampled from ``/proc`` every
``SAMPLE_SECONDS`` (``peak_tree_rss_mib``: what the machine must have), and ``ru_maxrss``
from ``os.wait4`` (``peak_rss_mib``: exact, but of the largest single process of the tree
only, as ``RUSAGE_CHILDREN`` would give). The time of the largest sample
(``peak_at_utc``) says which dbt nodes ran at the peak (``bench.peak``). For a dbt step the
same sampler watches DuckDB's temp directory (``peak_spill_mib``): how much a bounded
memory limit pushed to disk, which is what the disk of a large scale must also hold.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sagskvalitet.bench.disk import size_mib

SAMPLE_SECONDS = 0.2
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measurement:
    """One run of one step."""

    wall_seconds: float
    cpu_seconds: float
    peak_tree_rss_mib: float
    peak_rss_mib: float
    exit_code: int
    # When the sampler saw the largest tree RSS (ISO, UTC); "" if it saw none. A peak
    # between two samples (ru_maxrss above every sample) is dated by the largest sample,
    # so that sample's size is kept too: the report says when the two differ.
    peak_at_utc: str = ""
    peak_sampled_mib: float = 0.0
    # Largest size of the watched folder (DuckDB's spill) seen by the sampler; 0.0 when
    # nothing was watched or nothing spilled.
    peak_spill_mib: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def _children_map() -> dict[int, list[int]]:
    """parent pid -> child pids, from /proc/<pid>/stat of every process."""
    out: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after it.
        fields = stat[stat.rfind(b")") + 2 :].split()
        out.setdefault(int(fields[1]), []).append(int(entry.name))
    return out


def tree_rss_bytes(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, now."""
    children = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(
    cmd: list[str], env: dict[str, str], log: Path, watch: Path | None = None
) -> Measurement:
    """Run ``cmd`` (output to ``log``) and measure wall, CPU and peak RSS, and the peak
    size of the folder ``watch`` (DuckDB's temp directory) when given."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = [0]
        peak_at = [""]
        spill = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                rss = tree_rss_bytes(proc.pid)
                if rss > peak[0]:
                    peak[0], peak_at[0] = rss, datetime.now(UTC).isoformat(timespec="seconds")
                if watch is not None:
                    # a folder that changed while it was read: the next sample (0.2 s
                    # on) reads it again; the memory samples must go on either way
                    with contextlib.suppress(OSError):
                        spill[0] = max(spill[0], size_mib(watch))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(
        wall_seconds=round(wall, 2),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 2),
        peak_tree_rss_mib=round(max(peak[0], usage.ru_maxrss * 1024) / 2**20, 1),
        peak_rss_mib=round(usage.ru_maxrss / 1024, 1),
        exit_code=proc.returncode,
        peak_at_utc=peak_at[0],
        peak_sampled_mib=round(peak[0] / 2**20, 1),
        peak_spill_mib=round(spill[0], 1),
    )


def medians(runs: list[dict], keys: tuple[str, ...]) -> dict[str, float]:
    """The median of each of ``keys`` over the runs (``Measurement.as_dict``), to 0.01."""
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in keys}
