"""End-to-end fixtures: generate -> land -> dbt build, in a temporary folder.

Each build is a session fixture so the tests below share one run per data set; they
run the same commands `make build` runs, at a small scale.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
E2E_SCALE = os.environ.get("E2E_SCALE", "0.02")
# Gaps and neighbours: system B is empty before 2010-04, incremental files span gaps.
# An earlier delivery to build the warehouse "as of" (dbt var as_of_date) as well.
EARLIER_AS_OF = "2010-06-30"
E2E_DELIVERIES = os.environ.get("E2E_DELIVERIES", "2009-05,2010-03,2010-06,2010-07,2013-06")


@dataclass
class Build:
    root: Path
    raw: Path
    truth: Path
    landing: Path
    duckdb: Path
    env: dict[str, str]

    def run(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(cmd, cwd=REPO, env=self.env, capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise AssertionError(
                f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-8000:]}\n"
                f"{proc.stderr[-8000:]}"
            )
        return proc

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        dbt = str(Path(sys.executable).with_name("dbt"))
        return self.run(
            dbt,
            *args,
            "--target-path",
            str(self.root / "target"),
            "--log-path",
            str(self.root / "logs"),
            check=check,
        )


def make_build(root: Path, *, bad_rows: str = "0", seed: str = "11") -> Build:
    b = Build(
        root=root,
        raw=root / "raw",
        truth=root / "truth",
        landing=root / "landing",
        duckdb=root / "warehouse.duckdb",
        env={},
    )
    env = dict(os.environ)
    # The profile's default compression (test_strings_are_stored_without_fsst).
    env.pop("SAGSKVALITET_DUCKDB_DISABLED_COMPRESSION", None)
    env.update(
        RAW_DIR=str(b.raw),
        LANDING_DIR=str(b.landing),
        SAGSKVALITET_DUCKDB=str(b.duckdb),
        SAGSKVALITET_CPR_KEY="e2e-test-key",
        DBT_PROFILES_DIR=str(REPO),
        # The reporting ledger of this build, never the developer's (the Makefile exports
        # LEDGER_DIR=data/ledger; a test's freeze must not land there).
        LEDGER_DIR=str(root / "ledger"),
    )
    b.env = env
    py = sys.executable
    b.run(
        py, "-m", "sagskvalitet", "generate",
        "--scale", E2E_SCALE, "--deliveries", E2E_DELIVERIES, "--seed", seed,
        "--bad-rows", bad_rows, "--out", str(b.raw), "--truth-out", str(b.truth),
        "--truth-as-of", EARLIER_AS_OF,
    )  # fmt: skip
    land = ("land", "--raw-dir", str(b.raw), "--landing-dir", str(b.landing))
    b.run(py, "-m", "sagskvalitet", *land)
    b.dbt("build")
    return b


@pytest.fixture(scope="session")
def clean_build(tmp_path_factory) -> Build:
    return make_build(tmp_path_factory.mktemp("e2e_clean"))


@pytest.fixture(scope="session")
def bad_rows_build(tmp_path_factory) -> Build:
    return make_build(tmp_path_factory.mktemp("e2e_bad"), bad_rows="0.01", seed="12")


@pytest.fixture(scope="session")
def as_of_build(clean_build, tmp_path_factory) -> Build:
    """The clean build's landing area, built again as of an earlier delivery."""
    root = tmp_path_factory.mktemp("e2e_as_of")
    b = Build(
        root=root,
        raw=clean_build.raw,
        truth=clean_build.truth / f"as_of_{EARLIER_AS_OF}",
        landing=clean_build.landing,
        duckdb=root / "warehouse.duckdb",
        env={
            **clean_build.env,
            "SAGSKVALITET_DUCKDB": str(root / "warehouse.duckdb"),
            "LEDGER_DIR": str(root / "ledger"),
        },
    )
    b.dbt("build", "--vars", f"{{as_of_date: '{EARLIER_AS_OF}'}}")
    return b
