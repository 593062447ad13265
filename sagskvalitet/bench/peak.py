"""Which dbt nodes were running when a step's memory peaked.

Why: DuckDB's ``memory_limit`` bounds its buffer pool, not every allocation, and dbt runs
two nodes side by side. In the eleventh session one full build at scale 10 peaked at 8.0
GiB and the three others at 6.5-6.6 GB, and nothing said which nodes ran at that moment. The
sampler in ``measure`` keeps the time of the largest sample; this module reads dbt's
``run_results.json`` and names the nodes whose compile-to-execute span holds that time.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any


def _utc(text: str) -> datetime:
    """dbt's timestamps (``...Z``) and the sampler's (``+00:00``) as aware datetimes."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def node_span(result: dict[str, Any]) -> tuple[datetime, datetime] | None:
    """The first start and last end of a node's timings (compile, execute), if it ran."""
    times = [
        (_utc(t["started_at"]), _utc(t["completed_at"]))
        for t in result.get("timing") or []
        if t.get("started_at") and t.get("completed_at")
    ]
    if not times:
        return None
    return min(s for s, _ in times), max(e for _, e in times)


def nodes_running_at(run_results: Path, at_utc: str) -> list[str]:
    """The nodes (their names, in the order they started) running at ``at_utc``; empty
    when the file or the time is missing."""
    if not at_utc or not run_results.is_file():
        return []
    at = _utc(at_utc)
    running = []
    for result in json.loads(run_results.read_text(encoding="utf-8")).get("results", []):
        span = node_span(result)
        if span is not None and span[0] <= at <= span[1]:
            running.append((span[0], result["unique_id"].split(".")[-1]))
    return [name for _, name in sorted(running)]


def target_path(cmd: list[str]) -> Path | None:
    """The ``--target-path`` of a dbt command, where its ``run_results.json`` is written."""
    if "--target-path" in cmd:
        i = cmd.index("--target-path")
        if i + 1 < len(cmd):
            return Path(cmd[i + 1])
    return None
