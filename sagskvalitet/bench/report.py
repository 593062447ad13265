"""Write benchmark results: JSON (every run), a Markdown table in docs/benchmarks.md and
a PNG chart of time and memory against scale.

Results accumulate by scale and step in the JSON file, so a later run of one scale (say 3
on a quiet machine) or of some steps (``--steps``) replaces those and keeps the others;
the table and the chart are always rendered from the whole file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sagskvalitet.bench import growth

START = "<!-- bench:results:start (written by python -m sagskvalitet benchmark) -->"
END = "<!-- bench:results:end -->"
# The steps that run dbt on DuckDB, under the profile's memory limit.
DBT_STEPS = ("dbt_build", "dbt_build_no_tests", "incremental")
STEP_LABELS = {
    "generate": "generate",
    "land": "land",
    "dbt_build": "`dbt build`",
    "dbt_build_no_tests": "`dbt build` without tests",
    "incremental": "one incremental monthly delivery",
}


def _step_order(step: dict[str, Any]) -> int:
    names = list(STEP_LABELS)
    return names.index(step["step"]) if step["step"] in names else len(names)


def merge_results(path: Path, new: dict[str, Any]) -> dict[str, Any]:
    """The stored results with ``new``'s scales replaced; written back to ``path``."""
    stored: dict[str, Any] = {"scales": {}}
    if path.is_file():
        stored = json.loads(path.read_text(encoding="utf-8"))
        stored.setdefault("scales", {})
    for scale, res in new["scales"].items():
        old = stored["scales"].get(scale)
        if old is not None:  # keep the steps this run did not measure (--steps)
            fresh = {s["step"] for s in res["steps"]}
            # a kept step keeps its processor: the scale's machine is this run's from now on
            kept = [
                s
                if "processor" in s or "runs" not in s
                else s | {"processor": growth.step_processor(s, old)}
                for s in old["steps"]
                if s["step"] not in fresh
            ]
            res = res | {"steps": sorted(kept + res["steps"], key=_step_order)}
        if old is not None and "node_seconds" in old and "node_seconds" not in res:
            res = res | {"node_seconds": old["node_seconds"]}  # from its last full build
        if old is not None and old.get("sizes_mib"):
            # a part this run did not make (no warehouse without `dbt build`) keeps its size
            res = res | {"sizes_mib": old["sizes_mib"] | res.get("sizes_mib", {})}
        stored["scales"][scale] = res
    stored["scales"] = dict(sorted(stored["scales"].items(), key=lambda kv: float(kv[0])))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    return stored


def unit_tests_included(step: dict[str, Any]) -> bool:
    """A full or monthly ``dbt build`` timed with the unit tests (before the tenth session's
    bench, which times ``make build``'s command): its row is not like for like with later ones."""
    cmd = step.get("command", "")
    return step["step"] in ("dbt_build", "incremental") and "unit_test" not in cmd


def _fmt_step(step: dict[str, Any]) -> str:
    if "skipped" in step:
        return "not measured"
    med = step["median"]
    runs = len(step["runs"])
    mark = "" if step["runs"][-1]["exit_code"] == 0 else " FAILED"
    if unit_tests_included(step):
        mark += ", unit tests included"
    return (
        f"{med['wall_seconds']:.1f} s wall, {med['cpu_seconds']:.1f} s CPU, "
        f"{med['peak_tree_rss_mib']:.0f} MiB ({runs} run{'s' if runs > 1 else ''}){mark}"
    )


def _measured_steps_by(steps: list[dict[str, Any]], value_of) -> dict[str, list[str]]:
    """The labels of the measured steps, grouped by ``value_of(step)`` in step order (steps
    of one scale may come from different runs: ``--steps``)."""
    by_value: dict[str, list[str]] = {}
    for s in steps:
        if "runs" in s:
            by_value.setdefault(value_of(s), []).append(STEP_LABELS.get(s["step"], s["step"]))
    return by_value


def _processors(res: dict[str, Any]) -> dict[str, list[str]]:
    """The measured steps of a scale by the processor they ran on."""
    return _measured_steps_by(res["steps"], lambda s: growth.step_processor(s, res))


def _yardstick(steps: list[dict[str, Any]]) -> str:
    """The yardstick's CPU (``bench.yardstick``, median of its runs) each step ran beside."""

    def value(s: dict[str, Any]) -> str:
        cpu = s.get("yardstick_cpu_seconds")
        return f"{cpu:.2f} s CPU" if cpu else "not measured (a run before the yardstick)"

    return _one_or_per_step(_measured_steps_by(steps, value))


def _one_or_per_step(by_value: dict[str, list[str]]) -> str:
    """One value alone when every step shares it, else each value with its steps."""
    if len(by_value) == 1:
        return next(iter(by_value))
    return "; ".join(f"{v} ({', '.join(labels)})" for v, labels in by_value.items())


def peak_line(step: dict[str, Any]) -> str | None:
    """Where a dbt step's memory peaked: the run with the largest peak, the time and the
    nodes running then (``bench.peak``), and the most DuckDB spilled to disk in any run;
    None for steps measured before it was recorded."""
    runs = [r for r in step.get("runs", []) if "peak_nodes" in r]
    if not runs:
        return None
    top = max(runs, key=lambda r: r["peak_tree_rss_mib"])
    at = top.get("peak_at_utc", "")[11:19] or "an unrecorded time"
    nodes = ", ".join(f"`{n}`" for n in top["peak_nodes"]) or "no node (dbt's start or end)"
    label = STEP_LABELS.get(step["step"], step["step"])
    peak, sampled = top["peak_tree_rss_mib"], top.get("peak_sampled_mib", top["peak_tree_rss_mib"])
    if peak - sampled < 0.02 * peak:  # tree sample and ru_maxrss differ a little anyway
        text = f"{label} peaked at {peak:,.0f} MiB at {at} UTC, while {nodes} ran"
    else:  # the peak fell between two samples: only the largest sample has a time
        text = (
            f"{label} peaked at {peak:,.0f} MiB (its largest process, between two samples); "
            f"the largest sample, {sampled:,.0f} MiB, was at {at} UTC, while {nodes} ran"
        )
    spills = [r["peak_spill_mib"] for r in runs if "peak_spill_mib" in r]
    if spills:  # measured since the fourteenth session
        most = max(spills)
        text += f", and spilled {f'at most {most:,.0f} MiB' if most else 'nothing'} to"
        text += " DuckDB's temp directory"
    return text


def _memory_limits(steps: list[dict[str, Any]]) -> str | None:
    """DuckDB's ``memory_limit`` each dbt step ran with; steps measured before it was
    stored (twelfth session) ran with the default of then, 6GB."""
    dbt = [s for s in steps if s["step"] in DBT_STEPS]
    by_value = _measured_steps_by(dbt, lambda s: s.get("duckdb_memory_limit", "6GB"))
    return _one_or_per_step(by_value) if by_value else None


def _duckdb_settings(settings: dict[str, str]) -> str:
    """The env vars of the DuckDB profile that were set; the rest are profiles.yml's defaults."""
    if not settings:
        return "profiles.yml defaults (2 threads, temp beside the warehouse)"
    # an empty value is a setting too (no compression method off): written '' to be seen
    return ", ".join(f"{k}={v or repr('')}" for k, v in sorted(settings.items())) + (
        " (others default)"
    )


def markdown(results: dict[str, Any]) -> str:
    """The results table(s) with the machine each scale ran on."""
    lines = [START, ""]
    lines.append(
        "Per step: median wall time, CPU time (user + sys of the step's process and the "
        "children it waited for) and peak RSS of the whole process tree (sampled every "
        "0.2 s from /proc), over 3 runs when a run is under a minute, else 1 run. "
        "`dbt build` and the monthly delivery run the command `make build` runs: data tests "
        "included, unit tests not (they check the models' logic on fixed inputs and run in "
        '`make test`); a cell marked "unit tests included" was timed before that, with '
        "the 53 unit tests in. Each scale also times a fixed piece of work, the yardstick "
        "(`sagskvalitet/bench/yardstick.py`): a step's CPU divided by its scale's yardstick "
        "compares rows measured on different days, on a machine whose speed changes. "
        "Raw numbers of every run: `docs/benchmarks.json`."
    )
    lines.append("")
    steps = list(STEP_LABELS)
    lines.append("| scale | " + " | ".join(STEP_LABELS[s] for s in steps) + " | sizes (MiB) |")
    lines.append("|---" * (len(steps) + 2) + "|")
    for scale, res in results["scales"].items():
        by = {s["step"]: s for s in res["steps"]}
        cells = [_fmt_step(by[s]) if s in by else "not run" for s in steps]
        sizes = res.get("sizes_mib", {})
        size = ", ".join(f"{k} {v:g}" for k, v in sizes.items())
        lines.append(f"| {scale} | " + " | ".join(cells) + f" | {size} |")
    lines.append("")
    lines.append("Where and when each scale ran (load average = other work on the machine):")
    lines.append("")
    for scale, res in results["scales"].items():
        m = res["machine"]
        lines.append(
            f"- scale {scale}: {res['started_utc']} UTC, {res['deliveries']} deliveries; "
            f"{m['cpus']} cores ({m['cpu_model']}), {m['memory_gib']} GiB; {m['os']}; "
            f"Python {m['python']}, dbt-core {m['dbt_core']}, dbt-duckdb {m['dbt_duckdb']}, "
            f"DuckDB {m['duckdb']}, Great Expectations {m['great_expectations']}; "
            f"load average {res['load_before']} before, {res['load_after']} after; "
            f"DuckDB: {_duckdb_settings(res.get('duckdb_settings') or {})}"
        )
        processors = _processors(res)
        if len(processors) > 1:
            lines.append("  - processor: " + _one_or_per_step(processors))
        lines.append(f"  - yardstick: {_yardstick(res['steps'])}")
        limits = _memory_limits(res["steps"])
        if limits:
            lines.append(f"  - DuckDB memory_limit: {limits}")
        commits = _measured_steps_by(res["steps"], lambda s: s.get("commit", "not recorded"))
        if commits:
            lines.append(
                "  - code measured: "
                + "; ".join(f"`{c}` ({', '.join(steps)})" for c, steps in commits.items())
            )
        peaks = [line for line in map(peak_line, res["steps"]) if line]
        if peaks:
            lines.append("  - memory: " + "; ".join(peaks))
        skipped = [s for s in res["steps"] if "skipped" in s]
        for s in skipped:
            lines.append(f"  - {STEP_LABELS.get(s['step'], s['step'])}: {s['skipped']}")
    lines += ["", *incremental_markdown(results), *growth.markdown(results, STEP_LABELS), END]
    return "\n".join(lines)


def incremental_markdown(results: dict[str, Any]) -> list[str]:
    """One monthly delivery against a full build, per scale, with the share of the rows
    the new delivery holds: what a monthly run must at least read and type."""
    rows = []
    for scale, res in results["scales"].items():
        by = {s["step"]: s for s in res["steps"] if "median" in s}
        if "dbt_build" not in by or "incremental" not in by:
            continue
        full = by["dbt_build"]["median"]["cpu_seconds"]
        inc = by["incremental"]
        monthly = inc["median"]["cpu_seconds"]
        share = "not recorded"
        if inc.get("all_delivery_rows") and "new_delivery_rows" in inc:
            share = f"{inc['new_delivery_rows'] / inc['all_delivery_rows']:.0%}"
            share += f" ({inc['new_delivery_rows']:,} of {inc['all_delivery_rows']:,})"
        ratio = monthly / full
        rows.append(f"| {scale} | {full:.1f} s | {monthly:.1f} s | {ratio:.2f} | {share} |")
    if not rows:
        return []
    return [
        "### One monthly delivery against a full build",
        "",
        "CPU time of `dbt build` after one new delivery on a warehouse that holds the ones "
        "before it, against a full `dbt build` of them all. The last column is the new "
        "delivery's share of all the deliveries' rows (MANIFEST.json): the full extracts "
        "restate every case each month, so the newest delivery is the largest, and a "
        "monthly run must at least read and type its rows.",
        "",
        "| scale | full `dbt build` | one monthly delivery | ratio | the new delivery's rows |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ]


def write_markdown(doc: Path, results: dict[str, Any]) -> None:
    """Replace the results block of ``doc`` (created with a heading when missing)."""
    text = doc.read_text(encoding="utf-8") if doc.is_file() else "# Benchmarks\n\n"
    block = markdown(results)
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    doc.write_text(text, encoding="utf-8")


def write_chart(png: Path, results: dict[str, Any]) -> None:
    """CPU time and peak tree RSS of each step against scale (log-log). CPU time, not wall
    time: on the shared machine wall time mostly shows the other engineers' load."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.2))
    for step, label in STEP_LABELS.items():
        xs, ts, ms = [], [], []
        for scale, res in results["scales"].items():
            for s in res["steps"]:
                if s["step"] == step and "median" in s:
                    xs.append(float(scale))
                    ts.append(s["median"]["cpu_seconds"])
                    ms.append(s["median"]["peak_tree_rss_mib"] / 1024)
        if xs:
            ax_t.plot(xs, ts, marker="o", label=label.replace("`", ""))
            ax_m.plot(xs, ms, marker="o", label=label.replace("`", ""))
    labels = ((ax_t, "CPU time, user + sys (s)"), (ax_m, "peak RSS of the process tree (GiB)"))
    for ax, ylabel in labels:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("scale (1 = Copenhagen)")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
    ax_t.legend(fontsize=8)
    fig.suptitle("sagskvalitet benchmark (shared machine: figures are noisy)")
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=100)
    plt.close(fig)
