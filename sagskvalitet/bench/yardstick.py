"""A fixed piece of work the bench times beside every scale: the machine's speed that day.

Why: the machine is shared and changes under us. In the tenth session the same generator
and landing code took 21-30 % more CPU than in the eighth, and the rows of the two
sessions could only be compared through the steps whose code had not changed. The
yardstick is work that never changes: the kind the pipeline does (JSON records parsed,
regular expressions, hashing in Python; a grouping and string work in DuckDB), a few
seconds of it, timed in a child process like a step (median of ``RUNS``). A step's CPU
time divided by the yardstick's is comparable across days, as far as the machine slows
both alike. ``work`` returns a checksum, so a change of the work itself shows in a test.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

RUNS = 3
RECORDS = 360_000
DUCKDB_ROWS = 20_000_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _python_part() -> str:
    """JSON records built, written, parsed and checked, then hashed (landing's kind of work)."""
    digest = hashlib.sha256()
    for i in range(RECORDS):
        text = json.dumps(
            {
                "case_id": f"{i:08x}-{(i * 7919) % 65536:04x}",
                "area": str(110 + (i % 6) * 10),
                "received": f"20{10 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "decided": None if i % 3 else "2014-12-31",
            }
        )
        record = json.loads(text)
        if _DATE.match(record["received"]):
            digest.update(text.encode())
    return digest.hexdigest()[:16]


def _duckdb_part() -> str:
    """A grouping with string work over generated rows (the build's kind of work)."""
    import duckdb

    # No progress bar: DuckDB draws one on stdout once a query passes 2 s (on a loaded
    # machine it did), and stdout must hold the checksum alone.
    con = duckdb.connect(config={"threads": 2})
    con.execute("set enable_progress_bar = false")
    (total,) = con.execute(
        f"""
        select sum(n * length(k))::bigint from (
            select 'k' || (i % 9973)::varchar as k, count(*) as n
            from range({DUCKDB_ROWS}) as t(i)
            where (i % 7) <> 3
            group by 1
        )
        """
    ).fetchone()
    return str(total)


def work() -> str:
    """The yardstick's work; its checksum (the same on every machine)."""
    return f"{_python_part()}:{_duckdb_part()}"


def measure(log_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    """Median wall and CPU seconds of ``RUNS`` runs of ``work`` in a fresh interpreter."""
    from sagskvalitet.bench.measure import medians, run_measured

    cmd = [sys.executable, "-c", "from sagskvalitet.bench.yardstick import work; print(work())"]
    runs = [run_measured(cmd, env, log_dir / "yardstick.log").as_dict() for _ in range(RUNS)]
    if any(r["exit_code"] != 0 for r in runs):
        return {"runs": runs, "failed": True}
    return {"runs": runs, "median": medians(runs, ("wall_seconds", "cpu_seconds"))}
