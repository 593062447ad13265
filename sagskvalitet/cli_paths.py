"""Path options of the commands whose default comes from the environment.

The Makefile exports the project's folders and files (``SAGSKVALITET_DUCKDB``,
``LANDING_DIR``, ``LEDGER_DIR``, ``PUBLISH_DIR``); every command takes the same variable
as the default of its option, so ``make`` and a command typed by hand agree. One helper,
so each command does not spell the rule out again.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

WAREHOUSE_ENV = "SAGSKVALITET_DUCKDB"
DEFAULT_WAREHOUSE = "warehouse/sagskvalitet.duckdb"


def add_env_path(
    parser: argparse.ArgumentParser, flag: str, env: str, default: str, help: str = ""
) -> None:
    """``flag`` as a Path option whose default is ``$env``, else ``default``."""
    parser.add_argument(
        flag,
        type=Path,
        default=Path(os.environ.get(env, default)),
        help=f"{help} (default: ${env} or {default})".strip(),
    )


def add_warehouse(parser: argparse.ArgumentParser) -> None:
    """``--duckdb``: the warehouse file ($SAGSKVALITET_DUCKDB)."""
    add_env_path(parser, "--duckdb", WAREHOUSE_ENV, DEFAULT_WAREHOUSE, "the warehouse file")
