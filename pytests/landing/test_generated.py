"""Landing of the generator's own output (skipped when ``generate`` is not available)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re

import pyarrow.parquet as pq
import pytest

from sagskvalitet import contract
from sagskvalitet.landing.land import land


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    try:
        from sagskvalitet.cli import main
    except ImportError:  # pragma: no cover
        pytest.skip("cli not available")
    root = tmp_path_factory.mktemp("gen")
    raw = root / "raw"
    try:
        rc = main(
            [
                "generate",
                "--scale",
                "0.01",
                "--deliveries",
                "2",
                "--bad-rows",
                "0.01",
                "--no-truth",
                "--out",
                str(raw),
            ]
        )
    except SystemExit as exc:  # argparse: command not there yet
        pytest.skip(f"generate not available ({exc})")
    if rc != 0 or not raw.is_dir():
        pytest.skip("generate not available")
    mp = pytest.MonkeyPatch()
    mp.setenv("SAGSKVALITET_CPR_KEY", "demo")
    land(raw, root / "landing", echo=lambda _: None)
    mp.undo()
    return raw, root / "landing"


def _raw_cprs(raw) -> set[str]:
    """Every CPR of the raw files, as 10 digits."""
    out: set[str] = set()
    for spec in contract.FILES:
        for path in raw.glob(f"*/{spec.path}"):
            if spec.fmt == "jsonl":
                for line in path.read_text("utf-8").splitlines():
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        out.add(json.loads(line)["cpr"])
            elif "CPR" in spec.columns:
                text = path.read_bytes().decode(spec.encoding)
                for row in csv.DictReader(io.StringIO(text, newline=""), delimiter=spec.delimiter):
                    out.add(re.sub(r"\D", "", row.get("CPR") or ""))
    return {c for c in out if c and len(c) == 10}


def test_rows_equal_manifest_and_no_cpr_survives(generated):
    raw, landing = generated
    cprs = _raw_cprs(raw)
    assert len(cprs) > 100
    for manifest_path in raw.glob("*/MANIFEST.json"):
        manifest = json.loads(manifest_path.read_text())
        d = manifest_path.parent.name
        for spec in contract.FILES:
            t = pq.read_table(landing / spec.key / f"{d}.parquet")
            assert t.num_rows == manifest["files"][spec.path]["rows"]
    for path in landing.rglob("*"):
        if path.is_file() and path.suffix in (".parquet", ".html", ".json"):
            if path.suffix == ".parquet":
                t = pq.read_table(path)
                text = "\n".join(str(v) for col in t.columns for v in col.to_pylist())
            else:
                text = path.read_text("utf-8", errors="replace")
            digits = re.sub(r"(?<=\d)[- ](?=\d)", "", text)
            found = set(re.findall(r"(?<!\d)\d{10}(?!\d)", digits)) & cprs
            assert not found, (path, sorted(found)[:3])
