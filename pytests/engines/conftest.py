"""The engine tests (issue 15) need built warehouses on PostgreSQL and Spark.

They are collected only when ``SAGSKVALITET_ENGINES`` names the engines that were built
(``make test-postgres``, ``make test-spark`` and ``make test-engines`` set it after their
builds); ``make test`` (DuckDB only) does not collect them, and says so in its header.
"""

from __future__ import annotations

import os

ENGINES = [e for e in os.environ.get("SAGSKVALITET_ENGINES", "").split(",") if e]

collect_ignore_glob = [] if ENGINES else ["test_*.py"]


def pytest_report_header(config) -> str:
    if ENGINES:
        return f"engine tests (issue 15) on: {', '.join(ENGINES)}"
    return "engine tests (issue 15): not collected; run make test-engines"
