"""Fixtures of the reliability tests: one small generated export set per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_world import DELIVERIES, REPO, TEST_KEY


@pytest.fixture(autouse=True, scope="module")
def _cpr_key():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SAGSKVALITET_CPR_KEY", TEST_KEY)
        yield


@pytest.fixture(scope="session")
def generated_raw(tmp_path_factory) -> Path:
    """Raw exports at scale 0.01 with unreadable rows at 1 % (about 12,000 rows)."""
    root = tmp_path_factory.mktemp("reliability_raw")
    raw = root / "raw"
    subprocess.run(
        [
            sys.executable, "-m", "sagskvalitet", "generate",
            "--scale", "0.01", "--seed", "111", "--bad-rows", "0.01",
            "--first-month", "2009-01", "--deliveries", "2010-06", "--last-month", "2010-07",
            "--no-truth", "--out", str(raw),
        ],
        cwd=REPO, check=True, capture_output=True,
        env={**os.environ, "SAGSKVALITET_CPR_KEY": TEST_KEY},
    )  # fmt: skip
    assert sorted(p.name for p in raw.iterdir()) == list(DELIVERIES)
    return raw
