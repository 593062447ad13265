"""Command line: ``python -m sagskvalitet <command>``.

Each command lives in its own module, which exposes ``add_parser(subparsers)``; the
parser sets ``func`` to a callable taking the parsed args and returning an exit code.
Modules are imported lazily, so ``generate`` does not pay for Great Expectations.
"""

from __future__ import annotations

import argparse
import importlib

COMMANDS = {
    "generate": "sagskvalitet.generator.cli",
    "land": "sagskvalitet.landing.cli",
    "verify": "sagskvalitet.verify",
    "holiday-seed": "sagskvalitet.calendar_seed",
    "publish": "sagskvalitet.publish",
    "build": "sagskvalitet.build",
    "benchmark": "sagskvalitet.benchmark",
    "report": "sagskvalitet.report.cli",
    "freeze": "sagskvalitet.ledger",
    "history": "sagskvalitet.history",
    "eventlog": "sagskvalitet.eventlog",
    "load-postgres": "sagskvalitet.engines.pg_load",
}


def build_parser(argv: list[str] | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sagskvalitet")
    sub = parser.add_subparsers(dest="command", required=True)
    wanted = argv[0] if argv else None
    for name, module in COMMANDS.items():
        if wanted is not None and wanted != name and wanted in COMMANDS:
            # Register only the asked-for command fully; others as placeholders.
            sub.add_parser(name)
            continue
        try:
            importlib.import_module(module).add_parser(sub)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("sagskvalitet"):
                sub.add_parser(name, help="(not available)")
            else:
                raise
    return parser


def main(argv: list[str] | None = None) -> int:
    import sys

    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        print(f"command {args.command!r} is not available")
        return 2
    return int(func(args) or 0)
