"""Fuzz test of the landing readers (hypothesis): arbitrary bytes and mutated valid files.

Whatever the bytes, a reader either returns one landed row per record (its fields, or
a ``landing_error`` saying why it could not be split) or raises the project's own
``LandingError`` with one line; never another exception (a traceback for the user), and
never a record dropped: every character of the input is in the header or in a raw record.
Pseudonymisation runs on every parsed file too. Time is bounded by a fixed number of
examples per file kind (about 20 s in all on a shared machine).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagskvalitet import contract
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.pseudonymise import Pseudonymiser, pseudonymise
from sagskvalitet.landing.readers import ParsedFile, decode, read_export, split_csv_records

SPECS = {spec.key: spec for spec in contract.FILES}
PS = Pseudonymiser(b"fuzz")
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples on every run: a red build is reproducible
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SPECIAL = [b'"', b"\n", b"\r", b"\r\n", b";", b",", b"{", b"}", b'""', b"\xff", b"\xd8", b" "]


def _head(data: bytes, records: int = 25) -> bytes:
    """The first records of a file (cut at a line end): small inputs keep the test fast."""
    cut = 0
    for _ in range(records + 1):
        nxt = data.find(b"\n", cut)
        if nxt < 0:
            return data
        cut = nxt + 1
    return data[:cut]


def _check(data: bytes, spec: contract.ExportFile) -> None:
    try:
        parsed = read_export(data, spec, f"2010-07-31/{spec.path}")
    except LandingError as exc:
        message = str(exc)
        assert message and "\n" not in message, message
        assert spec.path in message, message  # names the file
        return
    assert isinstance(parsed, ParsedFile)
    n = parsed.n_rows
    assert len(parsed.errors) == n
    for col in spec.columns:
        assert len(parsed.values[col]) == n
    for i, err in enumerate(parsed.errors):
        if err is not None:
            assert all(parsed.values[c][i] is None for c in spec.columns)
            assert err.split(":", 1)[0] in ("field_count", "invalid_json", "stray_quote"), err
        elif spec.fmt == "csv":
            assert all(parsed.values[c][i] is not None for c in spec.columns)
    text = decode(data, spec)
    if spec.fmt == "csv":
        records, _ = split_csv_records(text, delimiter=spec.delimiter or ",")
        assert len(records) == n + 1  # the header and one row per record
        kept = "".join(records)
    else:
        kept = "".join(parsed.raw_records)
    # no character of the input is lost: every one is in a record (or the header)
    squash = str.maketrans("", "", "\r\n")
    assert kept.translate(squash) == text.translate(squash)
    keys, statuses = pseudonymise(parsed, PS)
    assert len(keys) == len(statuses) == n


@pytest.mark.parametrize("key", sorted(SPECS))
@FUZZ
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_give_rows_or_one_clear_error(key, data):
    _check(data, SPECS[key])


@pytest.mark.parametrize("key", sorted(SPECS))
@FUZZ
@given(st.data())
def test_mutated_valid_files_give_rows_or_one_clear_error(generated_raw, key, data):
    spec = SPECS[key]
    valid = _head((generated_raw / "2010-06-30" / spec.path).read_bytes())
    buf = bytearray(valid)
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        pos = data.draw(st.integers(0, len(buf)), label="position")
        kind = data.draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        piece = data.draw(st.one_of(st.sampled_from(SPECIAL), st.binary(min_size=1, max_size=4)))
        if kind == "insert":
            buf[pos:pos] = piece
        elif kind == "delete":
            del buf[pos : pos + len(piece)]
        elif kind == "replace":
            buf[pos : pos + len(piece)] = piece
        else:
            del buf[pos:]
    _check(bytes(buf), spec)
