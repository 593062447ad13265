"""System B's JSON Lines reader (``readers.load_record``) against Python's ``json.loads``.

Landing reads each record with orjson first, for speed (issue 14), and falls back to
Python's reader wherever orjson could give another result. Python's reader is the
definition: for every line, fuzzed or chosen for a known difference between the two,
``load_record`` must give the same value (the same types, key order and digits) or the
same error. Also: lines that Python's reader refuses with something other than its
decode error (a number too long, nesting too deep) are rejected rows, not a traceback.
"""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sagskvalitet import contract
from sagskvalitet.landing.readers import load_record, read_export

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None)

# Lines where orjson and json.loads differ (most of them, checked below), or where they
# might (duplicate keys, values that are not objects): the reader must give json.loads's
# answer for each.
KNOWN_DIFFERENCES = [
    '{"n": 18446744073709551616}',  # orjson: a float
    '{"n": -9223372036854775809}',  # orjson: a float
    '{"n": ' + "1" * 400 + "}",  # orjson: infinity, an error
    '{"a": NaN}',
    '{"a": Infinity, "b": -Infinity}',
    '{"a": 1e999}',
    '{"a": "\\ud800"}',  # a lone surrogate as an escape
    '{"a": "\ud800"}',  # ... and as a character
    '\ufeff{"a": "b"}',  # a byte order mark
    '{"a": "x\x01"}',  # a control character (both refuse, with other messages)
    '{"a": 1} x',
    '{"a": 1, "a": 2}',  # duplicate keys: the last value, the first place
    '{"b": 1, "a": 2, "b": 3}',
    "[1, 2]",
    '"text"',
    "",
]


def outcome(read, line: str) -> str:
    """A value's repr (types, key order, float digits) or the error's type and text."""
    try:
        return "value " + repr(read(line))
    except (ValueError, RecursionError) as exc:
        return f"error {type(exc).__name__}: {exc}"


@pytest.mark.parametrize("line", KNOWN_DIFFERENCES)
def test_known_differences_give_pythons_answer(line):
    assert outcome(load_record, line) == outcome(json.loads, line)


def test_the_known_differences_are_still_differences():
    """The list above is worth keeping only while orjson differs on it: most of it does."""
    differing = [
        line
        for line in KNOWN_DIFFERENCES
        if outcome(orjson.loads, line) != outcome(json.loads, line)
    ]
    assert len(differing) >= 10, differing


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
records = st.dictionaries(st.text(max_size=8), json_values | st.text() | st.none(), max_size=8)


@SETTINGS
@given(records, st.booleans())
def test_fuzzed_records_read_as_python_reads_them(record, ascii_only):
    line = json.dumps(record, ensure_ascii=ascii_only)
    assert outcome(load_record, line) == outcome(json.loads, line)


@SETTINGS
@given(records, st.integers(min_value=0, max_value=200), st.text(max_size=3))
def test_cut_and_spliced_lines_read_as_python_reads_them(record, cut, splice):
    """Broken lines: a record cut anywhere and something put in its place."""
    line = json.dumps(record, ensure_ascii=False)
    line = line[:cut] + splice + line[cut + len(splice) :]
    assert outcome(load_record, line) == outcome(json.loads, line)


def test_lines_python_cannot_read_are_rejected_rows_not_a_traceback():
    lines = [
        '{"case_id": "c1", "area": ' + "7" * 5000 + "}",  # past Python's 4,300 digits
        "[" * 100_000 + "]" * 100_000,  # past Python's recursion limit
        json.dumps({column: "c2" for column in contract.SAGSSYSTEM_B.columns}),
    ]
    parsed = read_export(("\n".join(lines) + "\n").encode(), contract.SAGSSYSTEM_B, "x")
    assert parsed.errors[0].startswith("invalid_json: Exceeds the limit (4300 digits)")
    assert parsed.errors[1] == "invalid_json: nested deeper than the reader follows"
    assert parsed.errors[2] is None
    assert parsed.values["case_id"] == [None, None, "c2"]
    assert parsed.raw_records[:2] == lines[:2]
