"""The models incremental by case take their incremental path on PostgreSQL (issue 14).

``fct_case_event_log``, ``int_case_versions_compared`` and ``fct_case_history`` are
incremental by case on DuckDB and PostgreSQL. make's PG_STEPS build them a second time
after the full build, so the second build takes the incremental path (its compiled SQL
joins the cases to rebuild); ``test_engine_equality`` then compares the marts with
DuckDB's full build row for row (make test-engines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytests.engines.conftest import ENGINES

REPO = Path(__file__).resolve().parents[2]
COMPILED = REPO / "target" / "engines" / "postgres" / "compiled"
# model -> what only its incremental path compiles
INCREMENTAL_PATH = {
    "fct_case_event_log": "inner join cases_to_rebuild",
    "int_case_versions_compared": "inner join case_keys_to_rebuild",
    "fct_case_history": "inner join case_keys_to_rebuild",
}

pytestmark = pytest.mark.skipif(
    "postgres" not in ENGINES, reason="SAGSKVALITET_ENGINES does not name postgres"
)


@pytest.mark.parametrize("model", sorted(INCREMENTAL_PATH))
def test_the_second_build_took_the_incremental_path(model: str) -> None:
    found = [p for p in COMPILED.rglob(f"{model}.sql") if p.parent.name == "history"]
    assert len(found) == 1, f"compiled {model} under {COMPILED}: {found}"
    assert INCREMENTAL_PATH[model] in found[0].read_text(encoding="utf-8"), (
        f"the last PostgreSQL build of {model} was not incremental"
    )
