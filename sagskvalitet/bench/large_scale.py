"""The DuckDB settings the bench gives a scale of 30 or more, unless the user set them.

Why: at scale 30 (a national agency with 15 years of history) the profile's defaults are
the wrong ones for this machine, and until now the bench's scale-30 rows were run with
settings typed by hand (docs/benchmarks.md, thirteenth and twenty-first sessions):

- FSST compression on (``SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION=''``): with it off (the
  profile's default, faster at small scales) the warehouse is about 51 GB, which beside
  raw, landing and the spill does not fit the shared disk;
- a larger ``memory_limit``: the profile's 5 GB is the issue's bound at scale 10 (every
  step under 8 GB). At scale 30 the large joins and windows run side by side on dbt's two
  threads and share that pool; with 6 GB they spilled 23.5 GB and the build took 2.9
  times its CPU per row at scale 10. Half the machine's memory (12 GB on 24 GB) is the
  twenty-second session's measured setting; the rest stays for the OS page cache and
  dbt's own process.

Each setting applies only when its environment variable is unset, so an explicit choice
(``SAGSKVALITET_DUCKDB_MEMORY=6GB make bench BENCH_MAX=30``) wins, and every row records
the settings it ran with (``duckdb_settings``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from sagskvalitet.bench.disk import COMPRESSION_ENV

LARGE_SCALE = 30.0
MEMORY_ENV = "SAGSKVALITET_DUCKDB_MEMORY"
MEMORY_SHARE = 0.5  # of the machine's memory, for DuckDB's pool at a large scale
MIN_MEMORY_GB = 5  # never below the profile's default


def settings(scale: float, memory_gib: float, env: dict[str, str]) -> dict[str, str]:
    """The settings to add for ``scale`` on a machine with ``memory_gib``: none below
    ``LARGE_SCALE``, none the environment already sets."""
    if scale < LARGE_SCALE:
        return {}
    wanted = {
        COMPRESSION_ENV: "",  # FSST on: nothing disabled
        MEMORY_ENV: f"{max(MIN_MEMORY_GB, round(memory_gib * MEMORY_SHARE))}GB",
    }
    return {k: v for k, v in wanted.items() if k not in env}


@contextlib.contextmanager
def applied(added: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``added`` for the steps of one scale, as it was afterwards."""
    os.environ.update(added)
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)
