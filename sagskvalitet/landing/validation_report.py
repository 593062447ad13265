"""The landing's data-quality pages, from the stored Great Expectations results.

Great Expectations' own Data Docs load their styles and scripts from the internet and
link to expectation-suite pages an ephemeral context never writes, so offline they render
blank and 404. This writes what an auditor needs instead, self-contained (inline CSS, no
script, every link relative and present): ``data_docs/index.html`` with one row per
delivery and export file (expectations evaluated, met, failed), and
``data_docs/validations/<file>/<delivery>.html`` with every expectation, its arguments
and its observed result. Counts only, never unexpected values, so no personal data.
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path
from typing import Any

STYLE = (
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10.5pt;margin:20px 28px;color:#222}"
    "h1{color:#1f4e79;font-size:16pt}table{border-collapse:collapse}"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#eef2f7}.ok{color:#1b6e20;font-weight:bold}.fail{color:#b22222;font-weight:bold}"
    "code{font-size:9pt}"
)
KWARGS_SHOWN = ("column", "value", "min_value", "max_value", "regex", "mostly", "value_set")


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>\n"
    )


def _load(validations: Path) -> list[dict[str, Any]]:
    """The newest stored result per file key and delivery (run name)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(validations.rglob("*.json")):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        meta = result.get("meta", {})
        file_key = meta.get("active_batch_definition", {}).get("data_asset_name")
        delivery = meta.get("run_id", {}).get("run_name")
        if file_key and delivery:
            found[(delivery, file_key)] = result
    return [found[k] | {"_key": k} for k in sorted(found)]


def _kwargs(kwargs: dict[str, Any]) -> str:
    shown = {k: kwargs[k] for k in KWARGS_SHOWN if k in kwargs}
    if isinstance(shown.get("value_set"), list) and len(shown["value_set"]) > 12:
        shown["value_set"] = [*shown["value_set"][:12], "…"]
    return escape(json.dumps(shown, ensure_ascii=False, default=str))


def _observed(result: dict[str, Any]) -> str:
    res = result.get("result") or {}
    if "observed_value" in res:
        return escape(f"observed {res['observed_value']}")
    if "unexpected_count" in res:
        return escape(
            f"{res.get('unexpected_count')} unexpected of {res.get('element_count')} "
            f"({res.get('unexpected_percent') or 0:.2f} %)"
        )
    return ""


def write_report(landing_dir: Path) -> Path:
    """Write the index and one page per stored validation; returns the index path."""
    landing_dir = Path(landing_dir)
    docs = landing_dir / "data_docs"
    docs.mkdir(parents=True, exist_ok=True)
    for stale in ("validations", "static"):  # every page is written anew (GE's old layout too)
        shutil.rmtree(docs / stale, ignore_errors=True)
    rows = []
    for result in _load(landing_dir / "_gx" / "validations"):
        delivery, file_key = result["_key"]
        rel = f"validations/{file_key}/{delivery}.html"
        stats = result.get("statistics", {})
        lines = []
        for r in result.get("results", []):
            cfg = r.get("expectation_config", {})
            ok = bool(r.get("success"))
            kind, args = escape(str(cfg.get("type"))), _kwargs(cfg.get("kwargs", {}))
            status = '<td class="ok">met</td>' if ok else '<td class="fail">not met</td>'
            lines.append(
                f"<tr><td>{kind}</td><td><code>{args}</code></td>{status}"
                f"<td>{_observed(r)}</td></tr>"
            )
        body = (
            f'<p><a href="../../index.html">All deliveries</a></p>'
            f"<p>Delivery {escape(delivery)}, export file <code>{escape(file_key)}</code>: "
            f"{stats.get('successful_expectations')} of {stats.get('evaluated_expectations')} "
            "expectations met. Only the row count against MANIFEST.json stops landing; the "
            "row-level expectations are reported here and rows that fail them are rejected "
            "by dbt (see fct_rejected_rows).</p>"
            "<table><tr><th>expectation</th><th>arguments</th><th>result</th><th>observed</th></tr>"
            + "".join(lines)
            + "</table>"
        )
        page = docs / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_page(f"Validation {file_key} {delivery}", body), encoding="utf-8")
        ok = bool(result.get("success"))
        status = '<td class="ok">all met</td>' if ok else '<td class="fail">not all met</td>'
        rows.append(
            f"<tr><td>{escape(delivery)}</td>"
            f'<td><a href="{escape(rel)}">{escape(file_key)}</a></td>'
            f"<td>{stats.get('evaluated_expectations')}</td>"
            f"<td>{stats.get('successful_expectations')}</td>{status}</tr>"
        )
    body = (
        "<p>Great Expectations results of every landed file (Landing: datakvalitet ved "
        "modtagelse). Self-contained: opens offline, no script.</p>"
        "<table><tr><th>delivery</th><th>export file</th><th>evaluated</th><th>met</th>"
        "<th>status</th></tr>" + "".join(rows) + "</table>"
    )
    index = docs / "index.html"
    index.write_text(_page("Landing validation results", body), encoding="utf-8")
    return index
