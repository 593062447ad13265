"""``python -m sagskvalitet generate``: synthetic deliveries and their ground truth."""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import re
import resource
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from sagskvalitet.generator.model import World
from sagskvalitet.generator.odd_values import apply_odd_values
from sagskvalitet.generator.simulate import SimParams, build_world, month_ends, simulate
from sagskvalitet.generator.truth import write_link_files, write_truth
from sagskvalitet.generator.writers import BadRows, DeliveryWriter, _Dates
from sagskvalitet.params import load_params

DEFAULT_SEED = 20100301
DELIVERY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")
DEFAULT_DELIVERIES = "auto"
# Measured at scale 1 (2014-12-31): the full extracts of one delivery take ~152 MB when
# they hold the whole history, all incremental rows (esdh, henvendelser) ~47 MB. A full
# extract grows with the months it covers, faster later (system B's JSON lines are longer
# than system A's rows): at a share x of the months it takes about
# 0.286 x + 0.714 x^2 of the last one (fitted to the sizes at scale 0.02, every month).
FULL_MB_PER_SCALE = 156
INCREMENTAL_MB_PER_SCALE = 47
SIZE_BUDGET_MB = 295  # of the 300 MB budget (docs/DECISIONS.md)
# The 2010 migration: both systems in use to 2010-06-30, open cases migrated 2010-07-01.
MIGRATION_MONTHS = ((2010, 5), (2010, 6), (2010, 7))


def _full_mb(scale: float, index: int, n_months: int) -> float:
    """Estimated size of the full extracts of the delivery of month ``index`` (1-based)."""
    x = index / n_months
    return FULL_MB_PER_SCALE * scale * (0.286 * x + 0.714 * x * x)


def auto_deliveries(scale: float, months: list[int]) -> list[int]:
    """The deliveries of ``--deliveries auto``: under the size budget, in this order:

    the last delivery (the as-of date of the truth), always; the months of the 2010
    migration (2010-05-31, 2010-06-30, 2010-07-31, so a build sees both systems and the
    migration), when they fit; then the monthly history from the first month on, as many
    as fit. At scale 1 that is October 2008 to about April 2009, the migration months
    and December 2014; at small scales every month.
    """
    n = len(months)
    used = INCREMENTAL_MB_PER_SCALE * scale + _full_mb(scale, n, n)
    chosen = {months[-1]}
    migration = [i for i, m in enumerate(months[:-1]) if _year_month(m) in MIGRATION_MONTHS]
    block = sum(_full_mb(scale, i + 1, n) for i in migration)
    if migration and used + block <= SIZE_BUDGET_MB:
        used += block
        chosen.update(months[i] for i in migration)
    for i, month in enumerate(months[:-1]):
        if month in chosen:
            continue
        size = _full_mb(scale, i + 1, n)
        if used + size > SIZE_BUDGET_MB:
            break
        used += size
        chosen.add(month)
    return sorted(chosen)


def _year_month(ordinal: int) -> tuple[int, int]:
    d = date.fromordinal(ordinal)
    return d.year, d.month


def _month(text: str) -> tuple[int, int]:
    try:
        y, m = (int(x) for x in text.split("-"))
        date(y, m, 1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a month YYYY-MM: {text!r}") from exc
    return y, m


def _scale(text: str) -> float:
    v = float(text)
    if not 0.01 <= v <= 50:
        raise argparse.ArgumentTypeError("scale must be between 0.01 and 50")
    return v


def _rate(text: str) -> float:
    v = float(text)
    if not 0 <= v < 1:
        raise argparse.ArgumentTypeError("bad-rows must be a rate in [0, 1)")
    return v


def add_parser(sub) -> None:
    p = sub.add_parser("generate", help="write synthetic export deliveries and ground truth")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        help="volume factor, 1 = about 10,000 decisions a month (0.01..50)",
    )
    p.add_argument("--out", type=Path, default=Path(os.environ.get("RAW_DIR", "data/raw")))
    p.add_argument(
        "--truth-out", type=Path, default=None, help="default: the folder 'truth' beside --out"
    )
    p.add_argument(
        "--bad-rows",
        type=_rate,
        default=0.0,
        help="inject unreadable extra rows at this rate of each file's rows",
    )
    p.add_argument(
        "--deliveries",
        default=DEFAULT_DELIVERIES,
        help="'auto' (default: the last month, the 2010 migration months and a monthly "
        "history from the first month, under 300 MB), 'all' (every month), N (the last "
        "N months), or a comma-separated list of months YYYY-MM (the last month is always "
        "added)",
    )
    p.add_argument(
        "--first-month",
        type=_month,
        default=(2008, 10),
        help="first month of received cases and deliveries (YYYY-MM)",
    )
    p.add_argument(
        "--last-month",
        type=_month,
        default=(2014, 12),
        help="last month: the last delivery is its last day (YYYY-MM)",
    )
    p.add_argument("--no-truth", action="store_true", help="skip the target figures")
    p.add_argument(
        "--odd-values",
        choices=("on", "off"),
        default="on",
        help="odd values of real exports at low rates (exports.md, 'Bad input'; default on)",
    )
    p.add_argument(
        "--truth-as-of",
        default="",
        help="comma-separated earlier delivery dates (YYYY-MM-DD, each a written delivery) "
        "to write the truth for as well, in <truth-out>/as_of_<date>/: what the warehouse "
        "must show when built with that as_of_date",
    )
    p.set_defaults(func=run)


def _log(msg: str, t0: float) -> None:
    print(f"[generate {time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    out = Path(args.out)
    truth_out = Path(args.truth_out) if args.truth_out else out.resolve().parent / "truth"
    if truth_out.resolve() == out.resolve() or out.resolve() in truth_out.resolve().parents:
        print("--truth-out must not be inside --out", file=sys.stderr)
        return 2
    if args.first_month > args.last_month:
        print("--first-month is after --last-month", file=sys.stderr)
        return 2
    all_deliveries = month_ends(args.first_month, args.last_month)
    if args.deliveries == "all":
        written = all_deliveries
    elif args.deliveries == "auto":
        written = auto_deliveries(args.scale, all_deliveries)
    elif "-" in args.deliveries:
        chosen = {month_ends(m, m)[0] for m in map(_month, args.deliveries.split(","))}
        if not chosen <= set(all_deliveries):
            print("--deliveries names a month outside --first-month..--last-month", file=sys.stderr)
            return 2
        written = sorted(chosen | {all_deliveries[-1]})
    else:
        n = int(args.deliveries)
        if n < 1:
            print("--deliveries must be >= 1, 'all' or 'auto'", file=sys.stderr)
            return 2
        written = all_deliveries[-n:]
    try:
        extra_as_of = sorted(
            {date.fromisoformat(x.strip()).toordinal() for x in args.truth_as_of.split(",") if x}
        )
    except ValueError:
        print(f"--truth-as-of: not dates YYYY-MM-DD: {args.truth_as_of!r}", file=sys.stderr)
        return 2
    if not set(extra_as_of) <= set(written[:-1]):
        print("--truth-as-of names a date that is no earlier written delivery", file=sys.stderr)
        return 2
    p = SimParams(
        seed=args.seed, scale=args.scale, first_month=args.first_month, last_month=args.last_month
    )
    timings: dict[str, float] = {}

    cpu = [time.process_time()]

    def phase(name: str, start: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - start, 2)
        timings[f"{name} (cpu)"] = round(time.process_time() - cpu[0], 2)
        cpu[0] = time.process_time()
        return now

    params = load_params()
    t = time.perf_counter()
    sim = simulate(p, params, progress=lambda s: _log(s, t0))
    if args.odd_values == "on":
        apply_odd_values(sim, written)
    else:
        sim.written = list(written)
    t = phase("simulate", t)

    # Fresh output: deliveries and truth of an earlier run must not mix in.
    if out.exists():
        for folder in out.iterdir():
            if folder.is_dir() and DELIVERY_FOLDER.fullmatch(folder.name):
                shutil.rmtree(folder)
    if truth_out.exists():
        shutil.rmtree(truth_out)
    out.mkdir(parents=True, exist_ok=True)
    # The files are written by a forked child on the second core while this process
    # builds the world and its truth; both only read the simulation.
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(
        target=_write_deliveries, args=(sim, out, written, args.bad_rows, args.seed, t0, sender)
    )
    child.start()
    sender.close()
    truth_out.mkdir(parents=True, exist_ok=True)
    as_of = written[-1]
    world = build_world(sim, as_of)
    t = phase("world", t)
    write_link_files(world, truth_out)
    _log(f"world: {len(world.cases)} cases, {len(world.documents)} documents", t0)
    summary = None
    if not args.no_truth:
        summary = _truth(world, truth_out, t0)
        t = phase("truth", t)
        for earlier in extra_as_of:
            folder = truth_out / f"as_of_{date.fromordinal(earlier).isoformat()}"
            folder.mkdir(parents=True)
            earlier_world = build_world(sim, earlier)
            write_link_files(earlier_world, folder)
            _truth(earlier_world, folder, t0)
        if extra_as_of:
            t = phase("truth (earlier as-of)", t)
    sim_odd = sim.odd
    del sim
    per_delivery, bad_log, odd_rejects, child_seconds, child_rss = receiver.recv()
    child.join()
    if child.exitcode != 0:
        print("writing the deliveries failed", file=sys.stderr)
        return 1
    timings["write (parallel)"] = child_seconds
    t = phase("wait for writer", t)
    _write_bad_rows(bad_log, truth_out)
    _write_expected_rejects(bad_log, odd_rejects, truth_out)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gen = {
        "args": {
            "seed": args.seed,
            "scale": args.scale,
            "out": str(out),
            "truth_out": str(truth_out),
            "bad_rows": args.bad_rows,
            "deliveries": args.deliveries,
            "first_month": "{:04d}-{:02d}".format(*args.first_month),
            "last_month": "{:04d}-{:02d}".format(*args.last_month),
        },
        "seed": args.seed,
        "as_of": date.fromordinal(as_of).isoformat(),
        "deliveries": per_delivery,
        "total_bytes": sum(f["bytes"] for v in per_delivery.values() for f in v.values()),
        "injected_bad_rows": len(bad_log),
        "odd_values": args.odd_values,
        "odd_value_rejects": len(odd_rejects),
        "odd_value_shapes": (
            {k: len(v) for k, v in sorted(sim_odd.shapes.items())} if sim_odd else {}
        ),
        "world": {
            "cases": len(world.cases),
            "documents": len(world.documents),
            "complaints": len(world.complaints),
            "access_requests": len(world.access_requests),
            "inquiries": len(world.inquiries),
            "link_methods": _count(c.link_method for c in world.cases),
            "documents_unlinked": sum(1 for d in world.documents if d.case_id is None),
        },
        "calibration": _calibration(world, params),
        "timings_seconds": timings,
        "peak_rss_mb": round(rss / 1024, 1),
        "peak_rss_mb_writer": round(child_rss / 1024, 1),
    }
    (truth_out / "odd_values.json").write_text(
        json.dumps(sim_odd.shapes if sim_odd else {}, indent=1) + "\n", encoding="utf-8"
    )
    if summary is not None:
        (truth_out / "summary.json").write_text(
            json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8"
        )
    (truth_out / "generation.json").write_text(json.dumps(gen, indent=2) + "\n", encoding="utf-8")
    _log(
        f"done: {gen['total_bytes'] / 1e6:.1f} MB raw, peak RSS {gen['peak_rss_mb']} MB "
        f"(writer {gen['peak_rss_mb_writer']} MB)",
        t0,
    )
    return 0


def _write_deliveries(
    sim, out: Path, written: list[int], rate: float, seed: int, t0: float, sender
) -> None:
    """Child process: write every delivery; send back counts, the bad-row log, timing."""
    start = time.perf_counter()
    dates = _Dates()
    bad = BadRows(rate, seed, dates)
    writer = DeliveryWriter(sim, out, written, bad)
    per_delivery: dict[str, dict] = {}
    for d in written:
        td = time.perf_counter()
        files = writer.write(d)
        iso = date.fromordinal(d).isoformat()
        per_delivery[iso] = files
        size = sum(f["bytes"] for f in files.values())
        rows = ", ".join(f"{k.split('/')[0]} {v['rows']}" for k, v in files.items())
        _log(f"delivery {iso}: {size / 1e6:.1f} MB in {time.perf_counter() - td:.1f}s ({rows})", t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = {"wall": round(time.perf_counter() - start, 2), "cpu": round(time.process_time(), 2)}
    sender.send((per_delivery, bad.log, writer.odd_rejects, seconds, rss))
    sender.close()


EXPECTED_REJECT_COLUMNS = (
    "delivery_date",
    "source_file",
    "row_number",
    "reason_code",
    "column",
    "record_id",
    "origin",
)


def _write_expected_rejects(bad_log, odd_rejects, truth_out: Path) -> None:
    """Every raw row the warehouse must reject: the injected bad rows and the odd rows a
    ruling rejects (targets.md "Real exports"), with the record id where there is one."""
    rows = [(*r, "", "bad_row") for r in bad_log] + [(*r, "odd_value") for r in odd_rejects]
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    with (truth_out / "expected_rejects.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(EXPECTED_REJECT_COLUMNS)
        w.writerows(rows)


def _count(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def _truth(world: World, truth_out: Path, t0: float) -> dict:
    _log("truth: computing target figures", t0)
    return write_truth(world, truth_out, write_links=False)


def _write_bad_rows(log, truth_out: Path) -> None:
    with (truth_out / "injected_bad_rows.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["delivery_date", "source_file", "row_number", "reason_code", "column"])
        w.writerows(log)


def _calibration(world, params) -> dict:
    """The yearly May measurement as the generator sees it (for tuning the volumes)."""
    cal = params.calendar()
    out = {}
    for year in sorted({c.decided.year for c in world.cases if c.decided}):
        n = on_time = days = 0
        lo, hi = date(year, 5, 1), date(year, 5, 31)
        for c in world.cases:
            if c.decided is None or not lo <= c.decided <= hi:
                continue
            if c.decision not in ("granted", "refused", "recommended"):
                continue
            rule = params.deadline("case", c.area, c.received)
            due = cal.due_date(c.received, rule.value, rule.unit)
            n += 1
            on_time += c.decided <= due
            days += (c.decided - c.received).days
        if n:
            out[str(year)] = {
                "decisions": n,
                "on_time_share": round(on_time / n, 4),
                "mean_days": round(days / n, 2),
            }
    return out
