"""``python -m sagskvalitet eventlog``: the case seen whole, as a process-mining event log.

The citizens' advisor found no place where a case is seen whole across system A, system
B, ESDH, the complaint register and the deliveries. The mart ``fct_case_event_log`` holds
one row per event of a case; this module exports it in the shape process-mining tools
(pm4py, ProM, Disco) read: ``case:concept:name`` (the case), ``concept:name`` (the
activity), ``time:timestamp``, plus ``org:resource`` (the unit), ``system``,
``delivery_date`` and ``event_id``. Written as ``event_log.csv`` and ``event_log.parquet``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from sagskvalitet.cli_paths import add_warehouse

QUERY = """
select
    case_key as "case:concept:name",
    activity as "concept:name",
    event_at as "time:timestamp",
    unit_id as "org:resource",
    source_system as system,
    case_id,
    event_id,
    first_seen_delivery_date as delivery_date
from marts.fct_case_event_log
order by case_key, event_at, event_order, event_id
"""


def export(duckdb_path: Path, out_dir: Path) -> tuple[int, int]:
    """Write the event log; return (cases, events)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        rel = con.sql(QUERY)
        for name, fmt in (("event_log.parquet", "parquet"), ("event_log.csv", "csv")):
            tmp = out_dir / f".{name}.tmp"
            rel.write_parquet(str(tmp)) if fmt == "parquet" else rel.write_csv(str(tmp))
            os.replace(tmp, out_dir / name)
        cases, events = con.execute(
            'select count(distinct "case:concept:name"), count(*) from (' + QUERY + ")"
        ).fetchone()
    finally:
        con.close()
    return int(cases), int(events)


def add_parser(sub) -> None:
    p = sub.add_parser("eventlog", help="export the case event log for process mining")
    add_warehouse(p)
    p.add_argument("--out", type=Path, default=Path("data/eventlog"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        cases, events = export(args.duckdb, args.out)
    except duckdb.Error as exc:
        print(f"eventlog: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    print(f"eventlog: {cases} cases, {events} events in {args.out}/event_log.(csv|parquet)")
    return 0
