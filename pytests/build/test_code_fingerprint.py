"""The build rebuilds the incremental models in full when the code that typed them changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from sagskvalitet import code_fingerprint
from sagskvalitet.code_fingerprint import fingerprint, full_refresh_reason

REPO = code_fingerprint.REPO


def _tree(tmp_path: Path) -> Path:
    """A copy of the files the fingerprint reads, plus a mart it must not read."""
    root = tmp_path / "repo"
    for pattern in code_fingerprint.PATTERNS:
        for path in REPO.glob(pattern):
            target = root / path.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    mart = root / "models" / "marts" / "fct_x.sql"
    mart.parent.mkdir(parents=True, exist_ok=True)
    mart.write_text("select 1 as x\n")
    return root


def test_the_repository_fingerprint_is_stable_and_reads_the_staging_code() -> None:
    assert fingerprint() == fingerprint()
    assert len(list(REPO.glob("models/staging/**/base/*.sql"))) >= 6


def test_a_change_to_staging_history_a_macro_or_a_seed_changes_it_a_mart_does_not(
    tmp_path,
) -> None:
    root = _tree(tmp_path)
    before = fingerprint(root)
    (root / "models" / "marts" / "fct_x.sql").write_text("select 2 as x\n")
    assert fingerprint(root) == before
    for changed in (
        next(root.glob("models/staging/**/base/base_esdh__documents.sql")),
        next(root.glob("models/intermediate/history/int_case_versions_classified.sql")),
        next(root.glob("models/marts/history/fct_case_event_log.sql")),
        next(root.glob("macros/**/*.sql")),
        next(root.glob("seeds/**/*.csv")),
        next(root.glob("sagskvalitet/landing/**/*.py")),
    ):
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text + "\n", encoding="utf-8")
        assert fingerprint(root) != before, changed
        changed.write_text(text, encoding="utf-8")
        assert fingerprint(root) == before


def test_full_refresh_only_when_a_warehouse_of_other_code_is_in_place() -> None:
    assert full_refresh_reason(None, "abc", warehouse_exists=False) is None
    assert full_refresh_reason({"code_fingerprint": "abc"}, "abc", warehouse_exists=True) is None
    assert "changed" in full_refresh_reason({"code_fingerprint": "old"}, "abc", True)
    assert "no code fingerprint" in full_refresh_reason({"status": "complete"}, "abc", True)
    assert "no code fingerprint" in full_refresh_reason(None, "abc", True)
