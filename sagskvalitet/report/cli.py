"""``report``: the committee report of one quarter or half-year, as HTML and PDF.

``python -m sagskvalitet report --period 2010Q2`` writes ``reports/2010Q2/`` with
``rapport_2010Q2.html`` and ``rapport_2010Q2.pdf``. Numbers are read from the published
DuckDB copy when there is one, else from the warehouse (read-only either way).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import duckdb

from sagskvalitet.report import chromium
from sagskvalitet.report.data import ReportError, load
from sagskvalitet.report.render import render_html
from sagskvalitet.report.source import connect, default_source

HELP = "the committee report of a quarter or half-year (HTML + PDF)"  # in the command list


def make_report(period: str, source: Path, out_root: Path, pdf: bool = True) -> Path:
    """Write the report of ``period``; returns its folder."""
    con = connect(source)
    try:
        data = load(con, period, source)
    finally:
        con.close()
    folder = Path(out_root) / period
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / f"rapport_{period}.html"
    tmp = html_path.with_name(html_path.name + ".tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    os.replace(tmp, html_path)
    if pdf:
        chromium.print_pdf(html_path.resolve().as_uri(), folder / f"rapport_{period}.pdf")
    return folder


def run(args: argparse.Namespace) -> int:
    source = Path(args.duckdb) if args.duckdb else default_source()
    try:
        folder = make_report(args.period, source, Path(args.out), pdf=not args.no_pdf)
    except (ReportError, FileNotFoundError, chromium.ChromiumMissing) as exc:
        print(f"report failed: {exc}")
        return 2
    except (RuntimeError, duckdb.Error) as exc:
        print(f"report failed: {str(exc).splitlines()[0]}")
        return 1
    print(f"report {args.period}: {folder}/ (from {source})")
    return 0


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser("report", help=HELP, description=__doc__)
    parser.add_argument("--period", required=True, help="2010Q2 (quarter) or 2010H1 (half-year)")
    parser.add_argument(
        "--duckdb",
        default=None,
        help="DuckDB file to read (default: $PUBLISH_DIR/sagskvalitet.duckdb if present, "
        "else $SAGSKVALITET_DUCKDB)",
    )
    parser.add_argument("--out", default="reports", help="output root (default: %(default)s)")
    parser.add_argument("--no-pdf", action="store_true", help="HTML only")
    parser.set_defaults(func=run)
    return parser
