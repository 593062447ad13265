"""``python -m sagskvalitet history``: a monthly history, replayed delivery by delivery.

The default data jumps from 2009-05 to 2014-12, so the double registrations of 2010Q2,
the migration of 2010-07-01 and the late registrations after each quarter's end happen
between two deliveries. This command writes (once) a small data set with a delivery every
month, in its own folders under ``--dir`` (default ``data/history``: ``raw/``,
``landing/``, ``warehouse/``, ``ledger/``, ``eventlog/``, ``target/``) so it never mixes
with the default data; lands it; then replays the deliveries in date order into a fresh
warehouse, one ``dbt build`` of the models and snapshots per delivery with ``as_of_date``
set to it, so each snapshot version is dated by its delivery. Reported periods are frozen
into the history's own ledger on the way (by default each quarter at its last day's
delivery, a month after its end - the committee's report - and five months after), and a last
full ``dbt build`` (tests included) at the last delivery builds the case histories, the
revisions and the event log, which is then exported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sagskvalitet import eventlog, ledger

DEMO_CPR_KEY = "sagskvalitet-demo-key-synthetic-data-only"
REPO = Path(__file__).resolve().parent.parent


def month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def months(first: str, last: str) -> list[str]:
    """Every month ``YYYY-MM`` from ``first`` to ``last``, both included."""
    y, m = (int(x) for x in first.split("-"))
    ly, lm = (int(x) for x in last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def quarter_of(d: date) -> str | None:
    """The quarter ``d`` ends, or None when it ends none."""
    if d.month % 3 or d != month_end(d.year, d.month):
        return None
    return f"{d.year}Q{d.month // 3}"


def auto_freezes(deliveries: list[date]) -> dict[date, list[str]]:
    """Each quarter frozen three times: at its last day's delivery (the flash figure), a
    month after its end (the committee's quarterly report) and five months after."""
    plan: dict[date, list[str]] = {}
    for i, d in enumerate(deliveries):
        q = quarter_of(d)
        if q is None:
            continue
        for later in (0, 1, 5):
            if i + later < len(deliveries):
                plan.setdefault(deliveries[i + later], []).append(q)
    return plan


def parse_freezes(spec: str, deliveries: list[date]) -> dict[date, list[str]]:
    """``auto``, ``none`` or ``PERIOD@YYYY-MM-DD,...`` (each date a delivery)."""
    if spec == "auto":
        return auto_freezes(deliveries)
    plan: dict[date, list[str]] = {}
    if spec == "none":
        return plan
    for item in spec.split(","):
        period, _, at = item.strip().partition("@")
        d = date.fromisoformat(at)
        if d not in deliveries:
            raise SystemExit(f"history: --freeze {item}: {at} is no delivery of the history")
        plan.setdefault(d, []).append(period)
    return plan


def _env(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RAW_DIR": str(base / "raw"),
            "LANDING_DIR": str(base / "landing"),
            "SAGSKVALITET_DUCKDB": str(base / "warehouse" / "sagskvalitet.duckdb"),
            "LEDGER_DIR": str(base / "ledger"),
            "DBT_PROFILES_DIR": str(REPO),
        }
    )
    env.setdefault("SAGSKVALITET_CPR_KEY", DEMO_CPR_KEY)
    return env


def _run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        done = subprocess.run(cmd, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        raise SystemExit(f"history: {' '.join(cmd[:3])} failed (exit {done.returncode}); see {log}")


def _dbt(base: Path, *args: str) -> list[str]:
    dbt = str(Path(sys.executable).with_name("dbt"))
    paths = ["--target-path", str(base / "target"), "--log-path", str(base / "logs")]
    return [dbt, *args, *paths]


def deliveries_in(raw: Path) -> list[date]:
    return sorted(
        date.fromisoformat(p.name)
        for p in raw.iterdir()
        if p.is_dir() and len(p.name) == 10 and p.name[4] == "-"
    )


def replay(
    base: Path, freezes: dict[date, list[str]], log: Path, only: list[date] | None = None
) -> list[ledger.Freeze]:
    """Replay the landed deliveries in date order into a fresh warehouse; freeze on the way."""
    env = _env(base)
    deliveries = only or deliveries_in(base / "raw")
    warehouse = base / "warehouse"
    shutil.rmtree(warehouse, ignore_errors=True)
    warehouse.mkdir(parents=True)
    _run(_dbt(base, "seed"), env, log)
    frozen: list[ledger.Freeze] = []
    for d in deliveries:
        t = time.perf_counter()
        as_of = "{as_of_date: '" + d.isoformat() + "'}"
        if d == deliveries[-1]:
            # The last delivery: everything, tests included, and the ledger read back.
            _run(_dbt(base, "build", "--vars", as_of), env, log)
        else:
            cmd = ["build", "--resource-type", "model", "--resource-type", "snapshot"]
            _run(_dbt(base, *cmd, "--vars", as_of), env, log)
        for period in freezes.get(d, []):
            f = ledger.freeze(warehouse / "sagskvalitet.duckdb", base / "ledger", period)
            frozen.append(f)
            print(f"history: froze {f.freeze_id} ({f.figures} figures, {f.members} members)")
        print(f"history: delivery {d} replayed in {time.perf_counter() - t:.0f} s", flush=True)
    if any(d == deliveries[-1] for d in freezes):
        # A freeze at the last delivery: read the ledger back once more.
        _run(_dbt(base, "build", "--select", "staging.ledger+", "--vars", as_of), env, log)
    return frozen


def generate(base: Path, scale: float, seed: int, first: str, last: str, log: Path) -> None:
    raw = base / "raw"
    if raw.is_dir() and deliveries_in(raw):
        print(f"history: deliveries found in {raw}, not generating")
        return
    cmd = [
        sys.executable,
        "-m",
        "sagskvalitet",
        "generate",
        "--seed",
        str(seed),
        "--scale",
        str(scale),
        "--last-month",
        last,
        "--deliveries",
        ",".join(months(first, last)),
        "--out",
        str(raw),
        "--truth-out",
        str(base / "truth"),
    ]
    _run(cmd, _env(base), log)


def add_parser(sub) -> None:
    p = sub.add_parser("history", help="monthly history data set, replayed delivery by delivery")
    p.add_argument("--dir", type=Path, default=Path("data/history"))
    p.add_argument("--scale", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=20100301)
    p.add_argument("--first", default="2009-10", help="first delivery month (YYYY-MM)")
    p.add_argument("--last", default="2011-06", help="last delivery month (YYYY-MM)")
    p.add_argument(
        "--freeze",
        default="auto",
        help="'auto' (each quarter at its end, a month and five months after), 'none', or "
        "PERIOD@DELIVERY,... e.g. 2010Q2@2010-07-31,2010Q2@2010-11-30",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    base = args.dir.resolve()
    base.mkdir(parents=True, exist_ok=True)
    log = base / "history.log"
    t0 = time.perf_counter()
    generate(base, args.scale, args.seed, args.first, args.last, log)
    env = _env(base)
    land = [sys.executable, "-m", "sagskvalitet", "land", "--raw-dir", env["RAW_DIR"]]
    _run([*land, "--landing-dir", env["LANDING_DIR"]], env, log)
    deliveries = deliveries_in(base / "raw")
    freezes = parse_freezes(args.freeze, deliveries)
    frozen = replay(base, freezes, log)
    counts = eventlog.export(Path(env["SAGSKVALITET_DUCKDB"]), base / "eventlog")
    print(
        f"history: {len(deliveries)} deliveries {deliveries[0]}..{deliveries[-1]}, "
        f"{len(frozen)} freezes, event log {counts[0]} cases / {counts[1]} events; "
        f"{time.perf_counter() - t0:.0f} s; log {log}"
    )
    for sub in ("raw", "landing", "warehouse", "ledger", "eventlog"):
        size = sum(f.stat().st_size for f in (base / sub).rglob("*") if f.is_file())
        print(f"history: {base / sub}: {size / 1e6:.1f} MB")
    return 0
