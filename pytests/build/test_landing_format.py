"""The build refuses a landing an older landing format left (issue 14): the incremental
base models compare the landing_id of every landed file, which it did not write."""

from __future__ import annotations

import json
from pathlib import Path

from sagskvalitet.build import landed_by_older_landing
from sagskvalitet.landing.land import LANDING_FORMAT


def _state(landing: Path, formats: dict[str, int | None]) -> None:
    deliveries = {
        name: {"manifest_sha256": "0"} | ({} if fmt is None else {"landing_format": fmt})
        for name, fmt in formats.items()
    }
    landing.mkdir(parents=True, exist_ok=True)
    (landing / "_state.json").write_text(json.dumps({"deliveries": deliveries}))


def test_deliveries_of_an_older_landing_are_named(tmp_path: Path) -> None:
    _state(tmp_path, {"2010-05-31": None, "2010-06-30": 1, "2010-07-31": LANDING_FORMAT})
    assert landed_by_older_landing(tmp_path) == ["2010-05-31", "2010-06-30"]


def test_a_current_or_missing_landing_is_not_refused(tmp_path: Path) -> None:
    assert landed_by_older_landing(tmp_path / "none") == []
    _state(tmp_path, {"2010-05-31": LANDING_FORMAT})
    assert landed_by_older_landing(tmp_path) == []
