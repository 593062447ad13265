"""Every written form of a CPR number is masked in every field; look-alikes are not."""

from __future__ import annotations

import pytest

from sagskvalitet import contract
from sagskvalitet.landing.pseudonymise import Pseudonymiser, pseudonymise
from sagskvalitet.landing.readers import read_export

PS = Pseudonymiser(b"k")
KEY = PS.citizen_key("0101701234")
KEY_POST_2007 = PS.citizen_key("3112851230")  # fails modulus 11: still a CPR


@pytest.mark.parametrize(
    "text",
    [
        "0101701234",
        "010170-1234",
        "010170 1234",
        "01.01.70-1234",
        "01.01.70 1234",
        "Notat om 01.01.70-1234, ringede",
        "cpr:010170-1234.",
        "01-01-70-1234",
    ],
)
def test_each_form_is_masked(text):
    masked, hits = PS.scrub_count(text)
    assert hits == 1
    assert KEY in masked
    assert "1234" not in masked.replace(KEY, "")


def test_a_cpr_failing_modulus_11_is_masked():
    assert PS.scrub("3112851230") == KEY_POST_2007


@pytest.mark.parametrize(
    "text",
    [
        "27.12.10-P20-1-10",  # journal number
        "01-06-2010",
        "01.06.2010",
        "2010-05-03 12:00:00",
        "2010-05-03",
        "A0012345",
        "12345678901",  # eleven digits: not a CPR
        "3201701234",  # day 32
        "0113701234",  # month 13
        "c0a80101-1234-4e2f-8b1a-010170123456",  # a UUID holding ten digits
        "ab010170-1234-4e2f-8b1a-0a0b0c0d0e0f",
        KEY,  # an earlier mask is not masked again
    ],
)
def test_look_alikes_are_left_alone(text):
    assert PS.scrub_count(text) == (text, 0)


def _esdh(rows: list[list[str]]) -> bytes:
    head = ",".join(f'"{c}"' for c in contract.ESDH.columns)
    body = "".join(",".join(f'"{v}"' for v in r) + "\r\n" for r in rows)
    return b"\xef\xbb\xbf" + (head + "\r\n" + body).encode("utf-8")


def test_cpr_in_id_and_text_fields_of_esdh_is_masked_and_counted():
    rows = [
        ["1", "010170-1234", "", "2010-05-03", "Notat 01.01.70 1234", "Notat", "Ja", ""],
        ["2", "27.12.10-P20-1-10", "0101701234", "03.05.2010", "Titel", "", "", ""],
        ['3", broken', "x"],  # cannot be split: raw record still masked
    ]
    data = _esdh(rows[:2]) + b'"3","010170-1234","x\r\n'
    parsed = read_export(data, contract.ESDH, "2010-05-31/esdh/dokumenter.csv")
    keys, _ = pseudonymise(parsed, PS)
    assert parsed.values["Sagsnummer"] == [KEY, "27.12.10-P20-1-10", None]
    assert parsed.values["Titel"][0] == f"Notat {KEY}"
    assert parsed.values["Dokumentdato"][1] == "03.05.2010"
    assert keys[1] == KEY
    assert parsed.errors[2] is not None
    assert parsed.cpr_masked == {"sagsnummer": 1, "titel": 1, "raw_record": 1}
    for rec in parsed.raw_records:
        assert "1234" not in rec.replace(KEY, ""), rec
