"""The column-wise pseudonymisation (Arrow, RE2) equals the per-row rule, row for row.

``pseudonymise`` handles the common CPR forms column-wise and sends every other row to
the per-row functions (issue 14: landing's time). ``pseudonymise_by_row`` is the rule
applied to every row. Hypothesis writes records in the forms where the two regular
expression engines differ: Unicode digits (Python's ``\\d``), Unicode spaces (Python's
``\\s``), quotes, a CPR-shaped value inside a UUID or a citizen_key, a nested ``"cpr"``
key, an unquoted JSON value, and rows that could not be split. Keys, statuses, raw
records, fields and the masked counts must all be equal.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagskvalitet import contract
from sagskvalitet.landing.pseudonymise import (
    CPR_COLUMNS,
    INVALID_MARK,
    Pseudonymiser,
    pseudonymise,
    pseudonymise_by_row,
)
from sagskvalitet.landing.readers import ParsedFile

PS = Pseudonymiser(b"columnwise")
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CPR_SPECS = [s for s in contract.FILES if any(c in CPR_COLUMNS for c in s.columns)]
FREE_SPECS = [s for s in contract.FILES if not any(c in CPR_COLUMNS for c in s.columns)]

_digit = st.sampled_from("0123456789")
_odd = st.sampled_from(["\u00a0", "\u2003", "\x0b", "\x1f", "\u3000", "\u0663", "\u0660"])
_cpr10 = st.builds(
    lambda d, m, rest: f"{d:02d}{m:02d}{rest}",
    st.integers(0, 35),
    st.integers(0, 14),
    st.text(_digit, min_size=6, max_size=6),
)
_cpr_written = st.one_of(
    _cpr10,
    _cpr10.map(lambda c: f"{c[:6]}-{c[6:]}"),
    _cpr10.map(lambda c: f"{c[:6]} {c[6:]}"),
    _cpr10.map(lambda c: f" {c} "),
    _cpr10.map(lambda c: f"{c[:2]}.{c[2:4]}.{c[4:6]}-{c[6:]}"),
    _cpr10.map(lambda c: c[:9]),
    _cpr10.map(lambda c: c + "1"),
    st.builds(lambda c, o: c[:4] + o + c[4:], _cpr10, _odd),
    st.just(""),
    st.just("   "),
    st.none(),
)
_free_text = st.one_of(
    st.text(st.sampled_from('ab 0123456789-.;,"\n\u00e6\u00d8') | _odd, max_size=30),
    st.builds(lambda c: f"cpr {c} i notat", _cpr_written.filter(bool)),
    st.builds(lambda c: f"P0f{c}ab12ab12ab12ab12ab1", _cpr10),  # P + 32 hex: a key
    st.builds(lambda c: f"{c[:8]}-{c[8:]}aa-4aaa-8aaa-aaaaaaaaaaaa", _cpr10),  # a UUID
    st.just("2010-01-31 12:00:00"),
    st.none(),
)


def _csv_field(value: str | None, delimiter: str, quote: bool) -> str:
    text = value or ""
    if quote or '"' in text or delimiter in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def _parsed(draw: st.DrawFn, spec: contract.ExportFile) -> ParsedFile:
    n = draw(st.integers(0, 12))
    parsed = ParsedFile(spec=spec, source_file=f"2010-07-31/{spec.path}")
    parsed.values = {c: [] for c in spec.columns}
    delimiter = spec.delimiter or ","
    for _ in range(n):
        row = {c: draw(_cpr_written if c in CPR_COLUMNS else _free_text) for c in spec.columns}
        if draw(st.integers(0, 9)) == 0:  # not split: the whole text is scrubbed
            parsed.errors.append("stray_quote: test")
            for c in spec.columns:
                parsed.values[c].append(None)
            parsed.raw_records.append(draw(_free_text) or "x")
            continue
        parsed.errors.append(None)
        for c in spec.columns:
            parsed.values[c].append(row[c])
        if spec.fmt == "csv":
            quote = st.booleans()
            fields = [_csv_field(row[c], delimiter, draw(quote)) for c in spec.columns]
            if fields and draw(st.integers(0, 5)) == 0:  # a stray or unbalanced quote
                at = draw(st.integers(0, len(fields) - 1))
                fields[at] = draw(st.sampled_from(['a"b', '"ab', 'ab"', '"a"b"', '"""']))
            parsed.raw_records.append(delimiter.join(fields))
        else:
            space = draw(st.sampled_from(["", " ", "\t", "\u00a0", "\n"]))
            body = []
            if draw(st.booleans()):
                body.append('"note": {"cpr": 5}')
            for c in spec.columns:
                v = row[c]
                if c in CPR_COLUMNS and v and draw(st.booleans()) and v.strip().isdigit():
                    body.append(f'"{c}"{space}:{space}{v.strip()}')  # unquoted
                else:
                    text = "null" if v is None else '"' + v.replace('"', '\\"') + '"'
                    body.append(f'"{c}"{space}:{space}{text}')
            parsed.raw_records.append("{" + ", ".join(body) + "}")
    return parsed


def _both(parsed: ParsedFile) -> tuple[tuple, tuple]:
    by_row = copy.deepcopy(parsed)
    got = pseudonymise(parsed, PS)
    want = pseudonymise_by_row(by_row, PS)
    return (
        (got, parsed.raw_records, parsed.values, parsed.cpr_masked),
        (want, by_row.raw_records, by_row.values, by_row.cpr_masked),
    )


@pytest.mark.parametrize("spec", CPR_SPECS + FREE_SPECS, ids=lambda s: s.key)
def test_columnwise_equals_by_row(spec: contract.ExportFile) -> None:
    @SETTINGS
    @given(_parsed(spec))
    def check(parsed: ParsedFile) -> None:
        got, want = _both(parsed)
        assert got == want

    check()


def test_columnwise_masks_every_written_form() -> None:
    """Not only equal: the CPR is gone from the raw record in every form. A dotted CPR in
    the CPR column is not a CPR number there (status invalid, ``normalise_cpr``) but is
    still masked; typed into free text, every form is replaced by the citizen_key."""
    spec = next(s for s in CPR_SPECS if s.fmt == "csv")
    cpr = "0101801234"
    parsed = ParsedFile(spec=spec, source_file=f"2010-07-31/{spec.path}")
    parsed.values = {c: [] for c in spec.columns}
    for form in (cpr, "010180-1234", "010180 1234", "01.01.80-1234"):
        parsed.errors.append(None)
        row = {c: (form if c in CPR_COLUMNS else f"note {form}") for c in spec.columns}
        for c in spec.columns:
            parsed.values[c].append(row[c])
        delimiter = spec.delimiter or ","
        parsed.raw_records.append(
            delimiter.join(_csv_field(row[c], delimiter, False) for c in spec.columns)
        )
    keys, statuses = pseudonymise(parsed, PS)
    assert statuses == ["ok", "ok", "ok", "invalid"]
    assert keys[:3] == [PS.citizen_key(cpr)] * 3 and keys[3] is None
    for rec in parsed.raw_records:
        assert "1234" not in rec, rec
        assert keys[0] in rec
    assert INVALID_MARK in parsed.raw_records[3]
    assert parsed.cpr_masked


def test_the_key_cache_is_bounded_and_keys_stay_the_same():
    small = Pseudonymiser(b"columnwise", cache_max=3)
    cprs = [f"01018{i:05d}" for i in range(10)]
    first = [small.citizen_key(c) for c in cprs]
    assert len(small._cache) <= 3
    assert [small.citizen_key(c) for c in cprs] == first == [PS.citizen_key(c) for c in cprs]
