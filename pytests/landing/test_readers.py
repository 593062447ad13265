"""Contract-true reading: records, row faults and fatal file faults (no GE: fast)."""

from __future__ import annotations

import json

import pytest

from sagskvalitet import contract
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.readers import read_export


def test_multiline_quoted_esdh_title_is_one_record():
    from landing_builders import ESDH_ROWS, default_files

    parsed = read_export(default_files()[contract.ESDH.path], contract.ESDH, "x")
    assert parsed.n_rows == len(ESDH_ROWS)
    assert parsed.values["Titel"][1] == 'Notat, med "citat"\r\nog linjeskift'
    assert parsed.values["Dokumentdato"][1] == "11.02.2010"
    assert all(e is None for e in parsed.errors)


def test_cp1252_values_are_raw_and_untrimmed():
    from landing_builders import default_files

    parsed = read_export(default_files()[contract.SAGSSYSTEM_A.path], contract.SAGSSYSTEM_A, "x")
    assert parsed.values["Sagsomraade"][0] == "FØP"
    assert parsed.values["Enhed"][1] == " jc nord "
    assert parsed.values["Afgjort"][1] == ""
    assert parsed.values["Enhed"][3] == "Jobcenter; Valby"


def test_jsonl_nulls_numbers_extra_keys_and_bad_lines():
    lines = [
        json.dumps(
            {
                "case_id": "c1",
                "cpr": "0101701234",
                "area": 330,
                "decided": None,
                "zz": 1,
                "unit_id": "U-101",
                "received": "2010-01-01",
                "decision": None,
                "legacy_ref": None,
                "updated_at": "x",
            }
        ),
        "{not json",
        "[1, 2]",
    ]
    parsed = read_export(("\n".join(lines) + "\n").encode(), contract.SAGSSYSTEM_B, "x")
    assert parsed.values["area"] == ["330", None, None]
    assert parsed.values["decided"][0] is None
    assert parsed.extra_keys == ["zz", None, None]
    assert parsed.errors[0] is None
    assert parsed.errors[1].startswith("invalid_json:")
    assert parsed.errors[2] == "invalid_json: not a JSON object (list)"


def test_too_few_fields_is_a_row_fault():
    text = (
        "AnmodningID,Enhed,Modtaget,Lovgrundlag,Besvaret,UnderretningSendt\r\n"
        "R1,SDC,2010-01-01\r\nR2,SDC,2010-01-01,OFFL,,\r\n"
    )
    parsed = read_export(text.encode(), contract.AKTINDSIGT, "x")
    assert parsed.errors == ["field_count: 3 fields, expected 6", None]
    assert parsed.values["AnmodningID"] == [None, "R2"]
    assert parsed.raw_records[0] == "R1,SDC,2010-01-01"


def test_a_written_as_utf8_is_fatal():
    from landing_builders import A_HEADER, A_ROWS, csv_bytes

    with pytest.raises(LandingError, match=r"sagssystem_a/sager\.csv.*UTF-8"):
        read_export(csv_bytes(A_HEADER, A_ROWS, "utf-8"), contract.SAGSSYSTEM_A, "x")


def test_esdh_without_bom_is_fatal():
    from landing_builders import ESDH_HEADER, ESDH_ROWS, csv_bytes

    with pytest.raises(LandingError, match="BOM"):
        read_export(csv_bytes(ESDH_HEADER, ESDH_ROWS, "utf-8"), contract.ESDH, "x")


def test_utf8_file_in_cp1252_is_fatal():
    with pytest.raises(LandingError, match=r"aktindsigt/anmodninger\.csv.*not UTF-8"):
        read_export(
            "AnmodningID,Enhed\r\nR1,Nørrebro\r\n".encode("cp1252"), contract.AKTINDSIGT, "x"
        )


def test_header_only_is_zero_rows_but_blank_is_fatal():
    header = ",".join(contract.AKTINDSIGT.columns) + "\r\n"
    assert read_export(header.encode(), contract.AKTINDSIGT, "x").n_rows == 0
    with pytest.raises(LandingError, match="empty"):
        read_export(b"\r\n", contract.AKTINDSIGT, "x")
