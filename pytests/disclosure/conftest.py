"""A warehouse built the way the end-to-end tests build theirs, for the disclosure tests.

The e2e conftest's `make_build` (generate -> land -> dbt build, small scale) is loaded by
path, so both suites build alike without this folder importing the other as a package.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_E2E_CONFTEST = Path(__file__).resolve().parents[1] / "e2e" / "conftest.py"


def _make_build():
    spec = importlib.util.spec_from_file_location("e2e_builds_for_disclosure", _E2E_CONFTEST)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module.make_build


@pytest.fixture(scope="session")
def published_build(tmp_path_factory):
    return _make_build()(tmp_path_factory.mktemp("disclosure"), seed="13")
