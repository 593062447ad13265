"""The benchmark's step "one incremental monthly delivery" (issue 14 items 3 and 4).

A monthly run in production lands one new delivery and runs ``dbt build`` on the
warehouse that already holds every earlier one; the incremental models then type only the
new delivery's landed rows. This sets that up from the deliveries the ``generate`` step
wrote (N+1 of them): the first N land and build fully into ``<work>/incremental/`` (not
timed), the warehouse is kept as it was then, and the last delivery is landed. The timed
command is the same ``dbt build`` as the full step (``make build``'s: data tests in,
unit tests out), run on a fresh copy
of the kept warehouse before each run, so every run processes the same one delivery.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sagskvalitet.build import UNIT_TESTS_EXCLUDED

INCREMENTAL_DIR = "incremental"


def delivery_dirs(raw: Path) -> list[Path]:
    """The delivery folders (YYYY-MM-DD) of ``raw``, in date order."""
    return sorted(p for p in raw.iterdir() if p.is_dir() and len(p.name) == 10 and p.name[4] == "-")


def delivery_rows(delivery: Path) -> int:
    """The rows MANIFEST.json declares for every file of one delivery folder."""
    manifest = json.loads((delivery / "MANIFEST.json").read_text(encoding="utf-8"))
    return sum(int(entry["rows"]) for entry in manifest["files"].values())


def new_delivery_share(raw: Path) -> dict[str, int]:
    """How many of all the deliveries' rows the last one holds.

    The full extracts restate every case each month, so the newest delivery is the
    largest; a monthly run must at least read and type its rows, which bounds how small
    the monthly run can be against a full build of all the deliveries."""
    rows = [delivery_rows(d) for d in delivery_dirs(raw)]
    return {"new_delivery_rows": rows[-1] if rows else 0, "all_delivery_rows": sum(rows)}


def _run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        done = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise RuntimeError(f"incremental set-up: {' '.join(cmd[:4])} failed; see {log}")


def _checkpoint(db: Path) -> None:
    import duckdb

    with duckdb.connect(str(db)) as con:
        con.execute("checkpoint")


def build_command(inc: Path) -> list[str]:
    """The monthly run's ``dbt build``: ``make build``'s (data tests in, unit tests out)."""
    dbt = str(Path(sys.executable).with_name("dbt"))
    return [
        *(dbt, "build", *UNIT_TESTS_EXCLUDED),
        *("--target-path", str(inc / "target"), "--log-path", str(inc / "logs")),
    ]


def prepare(work: Path, env: dict[str, str]) -> tuple[list[str], Callable[[], None], str]:
    """(timed command, restore before each run, note) for the work dir of one scale.

    ``env`` is the step environment of ``work``; the set-up uses its own raw, landing and
    warehouse under ``<work>/incremental``. Raises RuntimeError when there are fewer than
    two deliveries or a set-up command fails."""
    deliveries = delivery_dirs(work / "raw")
    if len(deliveries) < 2:
        raise RuntimeError(f"incremental set-up: {len(deliveries)} deliveries in {work / 'raw'}")
    inc = (work / INCREMENTAL_DIR).resolve()
    shutil.rmtree(inc, ignore_errors=True)
    (inc / "raw").mkdir(parents=True)
    db, kept = inc / "warehouse.duckdb", inc / "before_last_delivery.duckdb"
    env = env | {
        "RAW_DIR": str(inc / "raw"),
        "LANDING_DIR": str(inc / "landing"),
        "LEDGER_DIR": str(inc / "ledger"),
        "SAGSKVALITET_DUCKDB": str(db),
    }
    py = sys.executable
    dbt_build = build_command(inc)
    land = [
        py,
        "-m",
        "sagskvalitet",
        "land",
        "--raw-dir",
        str(inc / "raw"),
        "--landing-dir",
        str(inc / "landing"),
    ]
    log = inc / "setup.log"
    for d in deliveries[:-1]:
        os.symlink(d.resolve(), inc / "raw" / d.name)
    _run(land, env, log)
    _run(dbt_build, env, log)
    _checkpoint(db)
    shutil.copy2(db, kept)
    os.symlink(deliveries[-1].resolve(), inc / "raw" / deliveries[-1].name)
    _run(land, env, log)

    def restore() -> None:
        Path(f"{db}.wal").unlink(missing_ok=True)
        shutil.copy2(kept, db)

    note = (
        f"{len(deliveries) - 1} deliveries built fully, then delivery {deliveries[-1].name} "
        "landed and `dbt build` (data tests included, unit tests not, as in `make build`) "
        "timed on a copy of that warehouse"
    )
    return dbt_build, restore, note


def copies(work: Path) -> list[Path]:
    """What the monthly step copied, to remove once it is measured: its warehouse, the kept
    warehouse, their temporary files and its landing area (at scale 10 about 40 GB). Its
    logs and dbt's run results are not among them: they stay for reading."""
    inc = (work / INCREMENTAL_DIR).resolve()
    return [p for p in (*inc.glob("*.duckdb*"), inc / "landing") if p.exists()]


def step_env(work: Path) -> dict[str, str]:
    """The paths of the incremental set-up, for the timed command's environment."""
    inc = (work / INCREMENTAL_DIR).resolve()
    return {
        "RAW_DIR": str(inc / "raw"),
        "LANDING_DIR": str(inc / "landing"),
        "LEDGER_DIR": str(inc / "ledger"),
        "SAGSKVALITET_DUCKDB": str(inc / "warehouse.duckdb"),
    }
