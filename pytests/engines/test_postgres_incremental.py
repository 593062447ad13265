"""The case event log's incremental path runs on PostgreSQL (issue 14, eighth session).

``fct_case_event_log`` is incremental by case on DuckDB and PostgreSQL. make's PG_STEPS
build it a second time after the full build, so the second build takes the incremental
path (its compiled SQL joins ``cases_to_rebuild``); ``test_engine_equality`` then compares
the table with DuckDB's full build row for row (make test-engines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytests.engines.conftest import ENGINES

REPO = Path(__file__).resolve().parents[2]
COMPILED = REPO / "target" / "engines" / "postgres" / "compiled"
INCREMENTAL_PATH = "inner join cases_to_rebuild"

pytestmark = pytest.mark.skipif(
    "postgres" not in ENGINES, reason="SAGSKVALITET_ENGINES does not name postgres"
)


def test_the_second_build_took_the_incremental_path() -> None:
    found = list(COMPILED.rglob("fct_case_event_log.sql"))
    assert len(found) == 1, f"compiled event log under {COMPILED}: {found}"
    assert INCREMENTAL_PATH in found[0].read_text(encoding="utf-8"), (
        "the last PostgreSQL build of fct_case_event_log was not incremental"
    )
