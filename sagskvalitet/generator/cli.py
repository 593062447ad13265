"""``python -m sagskvalitet generate``: synthetic deliveries and their ground truth."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from sagskvalitet.generator.parallel import Job, ShardFailed, run_in_workers, workers_from_env
from sagskvalitet.generator.shards import (
    ShardResult,
    ShardTotals,
    add_result,
    collected_per_shard,
    default_shard_scale,
    odd_facts,
    release_memory,
    shard_params,
    shard_result,
    shard_simulations,
    shard_worlds,
)
from sagskvalitet.generator.simulate import IdCounters, month_ends
from sagskvalitet.generator.simulate.ids import (
    IdSpaceExhausted,
    SystemAIds,
    check_scale,
    max_scale,
)
from sagskvalitet.generator.truth_parts import TruthParts
from sagskvalitet.generator.writers import BadRows, DeliveryWriter, _Dates
from sagskvalitet.landing import LandingError
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


def _shard_scale(text: str) -> float:
    v = float(text)
    if not 0.001 <= v <= 50:
        raise argparse.ArgumentTypeError("shard-scale must be between 0.001 and 50")
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
        "--shard-scale",
        type=_shard_scale,
        default=None,
        help="simulate in citizen shards of at most this scale each, one at a time per "
        "process (env GENERATOR_WORKERS processes side by side): peak memory grows with "
        "it, not with --scale (default: env GENERATOR_SHARD_SCALE, else 0.5). The data "
        "depends on it (not on the workers): keep it fixed to compare runs",
    )
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
    try:
        check_scale(args.scale, args.first_month, args.last_month)
    except IdSpaceExhausted as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    try:
        workers = workers_from_env()
    except LandingError as exc:  # the project's reader of whole-number settings
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    shard_scale = args.shard_scale if args.shard_scale else default_shard_scale()
    shards = shard_params(args.seed, args.scale, args.first_month, args.last_month, shard_scale)
    timings: dict[str, float] = {}
    cpu_at = [time.process_time()]

    def phase(name: str, start: float) -> float:
        """Add the wall and CPU time since ``start`` to phase ``name`` (over shards)."""
        now, cpu = time.perf_counter(), time.process_time()
        timings[name] = round(timings.get(name, 0.0) + now - start, 2)
        key = f"{name} (cpu)"
        timings[key] = round(timings.get(key, 0.0) + cpu - cpu_at[0], 2)
        cpu_at[0] = cpu
        return now

    params = load_params()
    # Fresh output: deliveries and truth of an earlier run must not mix in.
    if out.exists():
        for folder in out.iterdir():
            if folder.is_dir() and DELIVERY_FOLDER.fullmatch(folder.name):
                shutil.rmtree(folder)
    if truth_out.exists():
        shutil.rmtree(truth_out)
    out.mkdir(parents=True, exist_ok=True)
    truth_out.mkdir(parents=True, exist_ok=True)
    as_of = written[-1]
    ids = IdCounters(a=SystemAIds(scale=args.scale))
    bad = BadRows(args.bad_rows, args.seed, _Dates(), ids.a)
    writer = DeliveryWriter(out, written, bad)
    truths = {as_of: TruthParts(truth_out, params, figures=not args.no_truth)}
    if not args.no_truth:
        for earlier in extra_as_of:
            folder = truth_out / f"as_of_{date.fromordinal(earlier).isoformat()}"
            truths[earlier] = TruthParts(folder, params)
    totals = ShardTotals()
    parts = {day: t.parts for day, t in truths.items()}
    figures = {day: t.figures for day, t in truths.items()}

    def add(result: ShardResult) -> None:
        """Add one shard's result, in shard order (a worker's rows are written already)."""
        add_result(totals, result)
        for day, part in result.truth.items():
            truths[day].add_part(part)
        bad.log.extend(result.bad_log)
        writer.odd_rejects.extend(result.odd_rejects)
        for key, seconds in result.timings.items():
            timings[key] = round(timings.get(key, 0.0) + seconds, 2)

    workers = min(workers, len(shards))
    _log(f"{len(shards)} shard(s) of scale {shards[0].scale:g}, {workers} worker(s)", t0)
    t = time.perf_counter()
    try:
        if workers > 1:
            job = Job(
                shards=shards,
                params=params,
                written=written,
                odd_values=args.odd_values == "on",
                out=out,
                truth_parts=parts,
                figures=figures,
                as_of=as_of,
                bad_rate=args.bad_rows,
                seed=args.seed,
                scale=args.scale,
                t0=t0,
            )
            end = run_in_workers(job, workers, writer, add)
            ids.a.cases, ids.document, ids.complaint, ids.access_request, ids.inquiry = end
            timings["shards in workers (wall)"] = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            cpu_at[0] = time.process_time()
        else:
            sims = shard_simulations(
                shards, params, written, args.odd_values == "on", ids, lambda s: _log(s, t0)
            )
            with collected_per_shard():
                for k, box in enumerate(sims):
                    sim = box.pop()
                    t = phase("simulate", t)
                    writer.append(sim)
                    t = phase("write", t)
                    worlds = shard_worlds(sim, truths)
                    facts = odd_facts(sim)
                    t = phase("world", t)
                    del sim  # the shard's records: only its worlds are needed for the truth
                    add(shard_result(k, facts, worlds, parts, as_of, params, figures))
                    del worlds
                    release_memory()
                    t = phase("truth", t)
    except (IdSpaceExhausted, ShardFailed) as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 1
    release_memory()
    per_delivery = writer.finish()
    t = phase("write", t)
    _log("truth: sorting the shards' parts into the truth files", t0)
    summary = truths[as_of].finish()
    for day, parts in truths.items():
        if day != as_of:
            parts.finish()
    t = phase("truth", t)
    bad_log, odd_rejects = bad.log, writer.odd_rejects
    _write_bad_rows(bad_log, truth_out)
    _write_expected_rejects(bad_log, odd_rejects, truth_out)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counts = truths[as_of].counts
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
            "shard_scale": shard_scale,
        },
        "seed": args.seed,
        "as_of": date.fromordinal(as_of).isoformat(),
        "deliveries": per_delivery,
        "total_bytes": sum(f["bytes"] for v in per_delivery.values() for f in v.values()),
        "injected_bad_rows": len(bad_log),
        "odd_values": args.odd_values,
        "odd_value_rejects": len(odd_rejects),
        "odd_value_shapes": {k: len(v) for k, v in sorted(totals.odd_shapes.items())},
        "shards": {
            "count": len(shards),
            "scale_each": shards[0].scale,
            "largest_shard_records": totals.largest_shard_records,
            "workers": workers,
        },
        "ids": {
            "system_a_cases": ids.a.cases,
            "system_a_bad_rows": ids.a.bad_rows,
            "system_a_capacity": ids.a.capacity,
            "max_scale": max_scale(args.first_month, args.last_month),
        },
        "world": {
            "cases": counts["cases"],
            "documents": counts["documents"],
            "complaints": counts["complaints"],
            "access_requests": counts["access_requests"],
            "inquiries": counts["inquiries"],
            "link_methods": dict(sorted(totals.link_methods.items())),
            "documents_unlinked": totals.documents_unlinked,
        },
        "calibration": _calibration(totals.calibration),
        "timings_seconds": timings,
        "peak_rss_mb": round(rss / 1024, 1),
        # the largest worker's (0: none): the run's processes add up to about
        # peak_rss_mb + workers x this
        "peak_rss_mb_worker": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if workers > 1 else 0,
            1,
        ),
    }
    sim_odd = totals.odd_shapes
    (truth_out / "odd_values.json").write_text(
        json.dumps(dict(sorted(sim_odd.items())), indent=1) + "\n", encoding="utf-8"
    )
    if summary is not None:
        (truth_out / "summary.json").write_text(
            json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8"
        )
    (truth_out / "generation.json").write_text(json.dumps(gen, indent=2) + "\n", encoding="utf-8")
    _log(
        f"done: {gen['total_bytes'] / 1e6:.1f} MB raw, {len(shards)} shard(s), "
        f"peak RSS {gen['peak_rss_mb']} MB",
        t0,
    )
    return 0


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


def _write_bad_rows(log, truth_out: Path) -> None:
    with (truth_out / "injected_bad_rows.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["delivery_date", "source_file", "row_number", "reason_code", "column"])
        w.writerows(log)


def _calibration(sums: dict[str, list[int]]) -> dict:
    """The yearly May measurement as the generator sees it (for tuning the volumes)."""
    return {
        year: {
            "decisions": n,
            "on_time_share": round(on_time / n, 4),
            "mean_days": round(days / n, 2),
        }
        for year, (n, on_time, days) in sorted(sums.items())
        if n
    }
