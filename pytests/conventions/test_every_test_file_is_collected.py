"""Every test file under pytests/ runs in `make test`: a file pytest never collects is a
silent skip. pytest's default ``norecursedirs`` holds ``build``, and pytests/build/ (the
tests of sagskvalitet/build.py) went uncollected until the thirteenth session of issue 14.
The engine tests are the one folder left out on purpose (pytests/engines/conftest.py:
only with SAGSKVALITET_ENGINES set, by `make test-engines`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_test_file_under_pytests_is_collected():
    env = {k: v for k, v in os.environ.items() if k != "SAGSKVALITET_ENGINES"}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "pytests"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    collected = {line.split("::")[0] for line in out.splitlines() if "::" in line}
    files = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "pytests").rglob("test_*.py")
        if "engines" not in p.relative_to(REPO / "pytests").parts
    }
    assert files, "no test files found"
    assert files - collected == set(), "test files pytest does not collect"
    assert "pytests/build/test_out_of_memory_retry.py" in collected
