"""Landing reads a file in blocks and chunks (issue 14): the result must not depend on
the block or chunk size. Whole-file reading, tiny blocks and tiny chunks give the same
rows or the same one-line error; landing with 2-row chunks writes the same Parquet and
the same Great Expectations counts as landing each file in one chunk."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from landing_builders import default_files, write_delivery

from sagskvalitet import contract
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.land import land
from sagskvalitet.landing.readers import ParsedFile
from sagskvalitet.landing.stream import BLOCK_BYTES, read_chunks
from sagskvalitet.landing.validate import Validator

SPECS = {spec.key: spec for spec in contract.FILES}
SPECIAL = [b'"', b"\n", b"\r", b"\r\n", b",", b";", b"{", b"\xff", b"\xc3", b"\xef\xbb\xbf"]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _read(data: bytes, spec, chunk_rows: int, block_bytes: int) -> list[ParsedFile] | str:
    try:
        return read_chunks(data, spec, "d/f", chunk_rows, block_bytes)
    except LandingError as exc:
        return f"LandingError: {exc}"


def _flat(chunks: list[ParsedFile] | str) -> object:
    if isinstance(chunks, str):
        return chunks
    first_rows = [c.first_row for c in chunks]
    sizes = [c.n_rows for c in chunks]
    assert first_rows == [1 + sum(sizes[:i]) for i in range(len(chunks))]
    spec = chunks[0].spec
    return {
        "raw": [r for c in chunks for r in c.raw_records],
        "errors": [e for c in chunks for e in c.errors],
        "values": {col: [v for c in chunks for v in c.values[col]] for col in spec.columns},
        "extra": None if spec.fmt == "csv" else [x for c in chunks for x in c.extra_keys],
        "header": chunks[0].header,
    }


@pytest.mark.parametrize("key", sorted(SPECS))
@FUZZ
@given(st.data())
def test_tiny_blocks_and_chunks_read_as_the_whole_file(key, data):
    spec = SPECS[key]
    buf = bytearray(default_files()[spec.path])
    for _ in range(data.draw(st.integers(0, 4), label="mutations")):
        pos = data.draw(st.integers(0, len(buf)), label="position")
        piece = data.draw(st.one_of(st.sampled_from(SPECIAL), st.binary(min_size=1, max_size=3)))
        if data.draw(st.booleans(), label="insert"):
            buf[pos:pos] = piece
        else:
            del buf[pos : pos + len(piece)]
    whole = _flat(_read(bytes(buf), spec, sys.maxsize, BLOCK_BYTES))
    block = data.draw(st.integers(1, 64), label="block bytes")
    rows = data.draw(st.integers(1, 4), label="chunk rows")
    assert _flat(_read(bytes(buf), spec, rows, block)) == whole


def test_error_positions_count_from_the_file_start():
    """An encoding fault found in a later block names its byte in the whole file."""
    data = default_files()[contract.AKTINDSIGT.path] + b"A9,x,2010-01-01,OFFL,,\xff\r\n"
    whole = _read(data, contract.AKTINDSIGT, sys.maxsize, BLOCK_BYTES)
    assert isinstance(whole, str) and f"at byte {len(data) - 3}" in whole
    assert _read(data, contract.AKTINDSIGT, 1, 16) == whole


def _stored_results(landing) -> dict:
    out = {}
    for path in sorted((landing / "_gx" / "validations").rglob("*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        key = path.relative_to(landing).parts[2:4]
        out[key] = (
            result["success"],
            result["statistics"],
            [
                (
                    r["expectation_config"]["type"],
                    r["success"],
                    *(r["result"].get(k) for k in ("observed_value", "element_count")),
                    r["result"].get("unexpected_count"),
                )
                for r in result["results"]
            ],
        )
    return out


def test_landing_in_two_row_chunks_writes_the_same(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    write_delivery(raw, "2010-05-31")
    write_delivery(raw, "2010-06-30")
    whole, chunked = tmp_path / "whole", tmp_path / "chunked"
    land(raw, whole, echo=lambda *_: None)
    monkeypatch.setenv("SAGSKVALITET_LANDING_CHUNK_ROWS", "2")
    land(raw, chunked, echo=lambda *_: None)
    files = sorted(p.relative_to(whole) for p in whole.glob("*/*.parquet"))
    assert len(files) == 2 * (len(contract.FILES) + 2)  # files, manifest and landing log
    assert files == sorted(p.relative_to(chunked) for p in chunked.glob("*/*.parquet"))
    for rel in files:
        assert pq.read_table(chunked / rel).equals(pq.read_table(whole / rel)), rel
    assert _stored_results(chunked) == _stored_results(whole)


def test_mostly_applies_to_the_whole_file_not_each_chunk(tmp_path):
    """2 bad ids in 40 rows (95 % good: met) all in the first 10-row chunk (80 %)."""
    spec = contract.KLAGER
    cols = ["landing_error", *(c.lower() for c in spec.columns), "cpr_status"]
    frame = pd.DataFrame({c: ["x"] * 40 for c in cols}, dtype=object)
    frame["landing_error"] = None
    frame["klagenr"] = ["", None] + [f"K{i}" for i in range(38)]
    validator = Validator(tmp_path)
    one = validator.validate("2010-05-31", spec, frame, 40)
    run = validator.start_file("2010-06-30", spec, 40)
    run.add(frame.iloc[:10])
    run.add(frame.iloc[10:])
    merged = run.finish()
    assert merged.met == one.met and merged.failed == one.failed
    assert merged.row_count_ok
    short = validator.start_file("2010-07-31", spec, 41)
    short.add(frame.iloc[:10])
    short.add(frame.iloc[10:])
    assert not short.finish().row_count_ok


def test_validation_does_not_hash_the_frame(tmp_path, monkeypatch):
    """GE's batch fingerprint (a hash of the whole frame) is off: it cost 8 % of landing."""
    from great_expectations.execution_engine import pandas_execution_engine

    hashed = []
    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", hashed.append)
    spec = contract.KLAGER
    cols = ["landing_error", *(c.lower() for c in spec.columns), "cpr_status"]
    frame = pd.DataFrame({c: ["x"] * 40 for c in cols}, dtype=object)
    frame["landing_error"] = None
    result = Validator(tmp_path).validate("2010-05-31", spec, frame, 40)
    assert result.row_count_ok and result.evaluated > 0
    assert hashed == []
