"""How much disk a scale of the bench will need, said before it starts.

Why: disk, not memory, is what runs out first at the large scales. A scale-30 run holds
the raw deliveries, the landed Parquet and the warehouse at once, and the monthly step two
warehouses of its own; DuckDB's spill comes on top. Runs on this shared machine ran the
disk down to 1.9 GB free (seventh session), and the twelfth did not start a scale-30 rerun
for want of disk. The estimate scales the sizes the bench stored for another scale (all
three grow about linearly with the data; a run with the same compression setting first)
and is printed with the free space, so a run that cannot fit says so at its start, not
after an hour. It warns; it does not refuse: settings may differ from the stored run's.
DuckDB's spill is in the estimate where the stored scale measured it (since the
fourteenth session), scaled like the rest.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from sagskvalitet.bench.report import DBT_STEPS

GIB = 1024.0  # MiB in a GiB
COMPRESSION_ENV = "SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION"


def _reference(
    stored: dict[str, Any], scale: float, compression: str | None
) -> tuple[float, dict[str, Any]] | None:
    """The stored scale to scale from: one measured with the same compression setting as
    this run where there is one (FSST on about halves the warehouse), the largest at or
    below ``scale``, else the smallest above it."""
    sized = [
        (float(k), v)
        for k, v in (stored.get("scales") or {}).items()
        if all((v.get("sizes_mib") or {}).get(part) for part in ("raw", "landing", "warehouse"))
    ]
    same = [
        (k, v)
        for k, v in sized
        if (v.get("duckdb_settings") or {}).get(COMPRESSION_ENV) == compression
    ]
    candidates = same or sized
    if not candidates:
        return None
    below = [item for item in candidates if item[0] <= scale]
    ref_scale, res = (
        max(below, key=lambda i: i[0]) if below else min(candidates, key=lambda i: i[0])
    )
    return ref_scale, res


def spill_mib(result: dict[str, Any]) -> float:
    """The most DuckDB spilled to its temp directory in any dbt run of a stored scale (0
    when none measured it)."""
    return max(
        (
            run.get("peak_spill_mib", 0.0)
            for step in result.get("steps", [])
            if step.get("step") in DBT_STEPS
            for run in step.get("runs", [])
        ),
        default=0.0,
    )


def estimate(
    stored: dict[str, Any], scale: float, steps: list[str], compression: str | None = None
) -> dict[str, Any] | None:
    """MiB the scale will hold at its fullest, scaled from a stored scale's sizes (None when
    none has them); ``compression`` is this run's SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION.
    The monthly step removes the full build's warehouse and builds two
    (``benchmark.free_built_warehouse``), so the peak is two warehouses then."""
    ref = _reference(stored, scale, compression)
    if ref is None:
        return None
    ref_scale, res = ref
    sizes = res["sizes_mib"]
    factor = scale / ref_scale
    if "incremental" in steps:
        warehouses = 2
    elif {"dbt_build", "dbt_build_no_tests"} & set(steps):
        warehouses = 1
    else:
        warehouses = 0
    parts = {
        "raw": sizes["raw"] * factor,
        "landing": sizes["landing"] * factor,
        "warehouse": sizes["warehouse"] * factor * warehouses,
        # the spill stands beside the warehouse being built, one build at a time
        "spill": spill_mib(res) * factor if warehouses else 0.0,
    }
    return {"from_scale": ref_scale, "parts_mib": parts, "total_mib": sum(parts.values())}


def _file_bytes(path: Path) -> int:
    """A file's size; 0 when it went away since it was listed (DuckDB removes its spill
    files while the bench samples the folder)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def size_mib(path: Path) -> float:
    """MiB a file or folder takes (0 when missing): the bench's sizes, this estimate and
    the spill sampled while a dbt step runs (``measure.run_measured``).

    DuckDB removes its temp directory while the sampler lists it: ``os.walk`` passes
    over a folder that went away (``Path.rglob`` raised, and the error ended the
    sampling of a scale-10 build, eighteenth session)."""
    if path.is_file():
        return _file_bytes(path) / 2**20
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(_file_bytes(Path(folder, name)) for name in files)
    return total / 2**20


def line(
    est: dict[str, Any] | None, scale: float, work: Path, compression: str | None = None
) -> str | None:
    """One line for the bench's output: the estimate, what of it the work dir holds
    already, and the free disk; a warning when the rest does not fit, with the setting
    that would shrink the warehouse unless ``compression`` (the run's
    SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION) already turns every method on."""
    if est is None:
        return None
    probe = work
    while not probe.exists():
        probe = probe.parent
    free = shutil.disk_usage(probe).free / 2**20
    held = sum(size_mib(work / name) for name in ("raw", "landing", "warehouse.duckdb"))
    still = max(est["total_mib"] - held, 0.0)
    parts = ", ".join(f"{name} {mib / GIB:.1f}" for name, mib in est["parts_mib"].items() if mib)
    text = (
        f"disk: scale {scale:g} needs about {est['total_mib'] / GIB:.0f} GiB at its fullest "
        f"(scale {est['from_scale']:g}'s sizes scaled: {parts} GiB"
        + ("" if est["parts_mib"].get("spill") else "; DuckDB's spill comes on top")
        + f"), {held / GIB:.0f} GiB of it there already, {free / GIB:.0f} GiB free"
    )
    if still > free:
        text = f"warning: {text}: it will not fit"
        if compression != "":
            text += f" ({COMPRESSION_ENV}='' about halves the warehouse)"
    return text
