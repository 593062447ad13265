"""Which step, and which model, grows faster than the data (issue 14 item 4).

Between two measured scales, a step's growth exponent is log(CPU ratio) / log(data
ratio), the data being the raw deliveries' bytes (what the step reads; the scale is only
the generator's knob). 1 is linear; above ``FASTER`` the step or model is named in
``docs/benchmarks.md`` as growing faster than the data. Per model the time is dbt's
``execution_time`` from the full build's ``run_results.json`` (wall time of the node,
so noisier than the steps' CPU time, and shared with the other thread).
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

from sagskvalitet.bench import stepcode

FASTER = 1.15  # above this the cost grows visibly faster than the data
TOP_MODELS = 12


def node_seconds(run_results: Path) -> dict[str, float]:
    """Seconds of each model and snapshot of a ``dbt build`` (its ``run_results.json``)."""
    if not run_results.is_file():
        return {}
    data = json.loads(run_results.read_text(encoding="utf-8"))
    out = {}
    for r in data.get("results", []):
        kind, *_, name = r["unique_id"].split(".")
        if kind in ("model", "snapshot"):
            out[name] = round(float(r.get("execution_time") or 0.0), 2)
    return out


def exponent(cost_a: float, cost_b: float, data_a: float, data_b: float) -> float | None:
    """Growth exponent of a cost between two data sizes (None when undefined)."""
    if min(cost_a, cost_b, data_a, data_b) <= 0 or data_a == data_b:
        return None
    return math.log(cost_b / cost_a) / math.log(data_b / data_a)


def _cpu(res: dict[str, Any], step: str) -> float | None:
    for s in res["steps"]:
        if s["step"] == step and "median" in s and s["runs"][-1]["exit_code"] == 0:
            return s["median"]["cpu_seconds"]
    return None


def _row(res: dict[str, Any], step: str) -> dict[str, Any] | None:
    for s in res["steps"]:
        if s["step"] == step and "median" in s:
            return s
    return None


def _other_code(ra: dict[str, Any], rb: dict[str, Any], step: str) -> bool:
    """The step ran other code at the two scales (``stepcode``: the files it runs, not
    the whole commit)."""
    a, b = _row(ra, step), _row(rb, step)
    return a is not None and b is not None and not stepcode.same_code(a, b)


def processor_of(machine: dict[str, Any]) -> str:
    """The processor of a machine (``benchmark.machine``), as a step records it: what
    makes the CPU seconds of two rows comparable or not."""
    return f"{machine.get('cpus')} cores ({machine.get('cpu_model')})"


def step_processor(step: dict[str, Any], res: dict[str, Any]) -> str:
    """The processor a step ran on: its own record (since the eighteenth session), else its
    scale's machine (each scale's steps until then came from one run)."""
    return step.get("processor") or processor_of(res.get("machine") or {})


def _other_machine(ra: dict[str, Any], rb: dict[str, Any], step: str) -> bool:
    """The step ran on different processors at the two scales: its CPU seconds then hold
    the machines' speeds too (the same generator took 6-13 % less CPU on the sessions'
    Intel machine than on their AMD one)."""
    a, b = _row(ra, step), _row(rb, step)
    return a is not None and b is not None and step_processor(a, ra) != step_processor(b, rb)


def _marks(ra: dict[str, Any], rb: dict[str, Any], step: str) -> str:
    """The marks of an exponent: other code, other machine, both or none."""
    marks = [
        mark
        for mark, differs in (("other code", _other_code), ("other machine", _other_machine))
        if differs(ra, rb, step)
    ]
    return f" ({', '.join(marks)})" if marks else ""


def _commit(res: dict[str, Any], step: str) -> str | None:
    row = _row(res, step)
    return row.get("commit") if row else None


def _builds_compared(ra: dict[str, Any], rb: dict[str, Any]) -> str:
    """The end of the models table's caption: which code the two builds ran, and on which
    processors when those differ."""
    a, b = _commit(ra, "dbt_build"), _commit(rb, "dbt_build")
    machines = ""
    if _other_machine(ra, rb, "dbt_build"):
        pa, pb = (
            step_processor(_row(ra, "dbt_build"), ra),
            step_processor(_row(rb, "dbt_build"), rb),
        )
        machines = f" on different processors ({pa}, {pb})"
    if _other_code(ra, rb, "dbt_build"):
        return (
            f"; the two builds ran different code ({a}, {b}){machines}, so a model changed "
            "between them shows that too:"
        )
    if machines:
        return f"; the two builds ran{machines}, so each model's seconds hold that too:"
    if a != b:
        return f" (the same models, macros, seeds and profile at {a} and {b}):"
    return ":"


def _raw(res: dict[str, Any]) -> float | None:
    return (res.get("sizes_mib") or {}).get("raw")


def _fmt(e: float | None) -> str:
    if e is None:
        return "-"
    return f"**{e:.2f}**" if e > FASTER else f"{e:.2f}"


def markdown(results: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """The growth section: steps between consecutive scales, then the largest models."""
    scales = [(k, v) for k, v in results["scales"].items() if _raw(v)]
    if len(scales) < 2:
        return []
    pairs = list(itertools.pairwise(scales))
    lines = [
        "### Growth against the data",
        "",
        "Exponent of CPU time against the raw deliveries' size between consecutive scales "
        f"(1 = linear; in bold above {FASTER}: grows faster than the data). "
        '"other code": the step ran different code at the two scales (the files '
        "it runs differ between the commits listed above; a change of the docs, the bench "
        "or another step's code is not one), so the exponent also holds what the code "
        'changed; "other machine": it ran on different processors (listed above), so the '
        "exponent also holds their speeds.",
        "",
        "| step | " + " | ".join(f"{a} -> {b}" for (a, _), (b, _) in pairs) + " |",
        "|---" * len(scales) + "|",
    ]
    for step, label in labels.items():
        cells = []
        for (_, ra), (_, rb) in pairs:
            ca, cb = _cpu(ra, step), _cpu(rb, step)
            cell = _fmt(exponent(ca, cb, _raw(ra), _raw(rb)) if ca and cb else None)
            if cell != "-":
                cell += _marks(ra, rb, step)
            cells.append(cell)
        if any(c != "-" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    with_nodes = [(k, v) for k, v in scales if v.get("node_seconds")]
    if len(with_nodes) >= 2:
        (sa, ra), (sb, rb) = with_nodes[-2], with_nodes[-1]
        na, nb = ra["node_seconds"], rb["node_seconds"]
        top = sorted(nb, key=lambda n: -nb[n])[:TOP_MODELS]
        lines += [
            "",
            f"The {len(top)} slowest models of the full `dbt build` at scale {sb}, against "
            f"scale {sa} (node seconds from `run_results.json`){_builds_compared(ra, rb)}",
            "",
            f"| model | scale {sa} | scale {sb} | exponent |",
            "|---|---|---|---|",
        ]
        for name in top:
            e = exponent(na.get(name, 0.0), nb[name], _raw(ra), _raw(rb))
            lines.append(f"| `{name}` | {na.get(name, 0.0):.1f} s | {nb[name]:.1f} s | {_fmt(e)} |")
    return [*lines, ""]
