"""CPR normalisation and the keyed hash (no Great Expectations: fast)."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from sagskvalitet import contract
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.pseudonymise import (
    CPR_SHAPED,
    Pseudonymiser,
    key_from_env,
    normalise_cpr,
    pseudonymise,
)
from sagskvalitet.landing.readers import read_export


@pytest.mark.parametrize(
    "raw", ["010170-1234", "0101701234", "010170 1234", " 010170-1234 ", "  0101701234"]
)
def test_every_contract_format_gives_the_same_key(raw):
    ps = Pseudonymiser(b"k")
    expected = "P" + hmac.new(b"k", b"0101701234", hashlib.sha256).hexdigest()[:32]
    assert ps.key_of(raw) == (expected, "ok")


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("", "missing"),
        ("   ", "missing"),
        (None, "missing"),
        ("12345", "invalid"),
        ("010170-123x", "invalid"),
        ("010170-12345", "invalid"),
    ],
)
def test_status_of_non_cprs(raw, status):
    cpr10, got = normalise_cpr(raw)
    assert (cpr10, got) == (None, status)


def test_different_keys_give_different_citizen_keys():
    assert Pseudonymiser(b"a").citizen_key("0101701234") != Pseudonymiser(b"b").citizen_key(
        "0101701234"
    )


def test_missing_key_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("SAGSKVALITET_CPR_KEY", raising=False)
    with pytest.raises(LandingError, match="SAGSKVALITET_CPR_KEY"):
        key_from_env()


def test_raw_records_lose_the_cpr_in_every_file_kind():
    from landing_builders import default_files

    ps = Pseudonymiser(b"k")
    for spec in contract.FILES:
        data = default_files()[spec.path]
        parsed = read_export(data, spec, f"2010-05-31/{spec.path}")
        keys, statuses = pseudonymise(parsed, ps)
        assert "CPR" not in parsed.values and "cpr" not in parsed.values
        for rec in parsed.raw_records:
            assert not CPR_SHAPED.search(rec.replace("27.12.10-P20-1-10", "")), rec
        if spec.key == contract.SAGSSYSTEM_A.key:
            assert statuses == ["ok", "ok", "ok", "ok", "invalid"]
            assert "<invalid-cpr>" in parsed.raw_records[4]
            assert keys[0] == ps.citizen_key("0101701234")
            # the record keeps its other fields untouched
            assert (
                parsed.raw_records[0] == f"A0000001;{keys[0]};FØP;JC Nord;01-02-2010;"
                "15-04-2010;IND;ABC"
            )


def test_unsplittable_rows_and_titles_are_scrubbed():
    spec = contract.ESDH
    header = ",".join(spec.columns)
    rows = [
        '"9","A1","0101701234","2010-01-01","Kopi til 020180-1235","Notat","","x"',
        '"10","A1","0101701234"',
    ]  # too few fields: CPR still removed
    data = b"\xef\xbb\xbf" + "\r\n".join([header, *rows, ""]).encode()
    parsed = read_export(data, spec, "d/esdh/dokumenter.csv")
    pseudonymise(parsed, Pseudonymiser(b"k"))
    assert parsed.errors[1] == "field_count: 3 fields, expected 8"
    for rec in parsed.raw_records:
        assert not CPR_SHAPED.search(rec), rec
    assert not CPR_SHAPED.search(parsed.values["Titel"][0])
