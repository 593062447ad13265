"""The landing id of a landed file (issue 14): what an incremental base model compares to
know which landed files it holds. One id per landed file, the same when the same raw file
is landed again with the same key, another for a re-delivered month or another key; a
delivery landed before the id existed is landed again."""

from __future__ import annotations

import json
import re
import shutil

import pyarrow.parquet as pq
from landing_builders import DEMO_KEY, ESDH_HEADER, ESDH_ROWS, csv_bytes, write_delivery

from sagskvalitet import contract
from sagskvalitet.landing.land import LANDING_FORMAT, land

D1, D2 = "2010-05-31", "2010-06-30"


def _ids(landing, delivery):
    """{file key: the distinct landing ids of its landed file}."""
    return {
        spec.key: set(
            pq.read_table(landing / spec.key / f"{delivery}.parquet", columns=["landing_id"])
            .column("landing_id")
            .to_pylist()
        )
        for spec in contract.FILES
    }


def _land(raw, landing, monkeypatch, key=DEMO_KEY, **kw):
    monkeypatch.setenv("SAGSKVALITET_CPR_KEY", key)
    lines: list[str] = []
    land(raw, landing, echo=lines.append, **kw)
    return lines


def test_one_id_per_landed_file_letters_only_and_stable(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    write_delivery(raw, D1)
    write_delivery(raw, D2)
    _land(raw, tmp_path / "a", monkeypatch)
    first = {d: _ids(tmp_path / "a", d) for d in (D1, D2)}
    every = [i for ids in first.values() for s in ids.values() for i in s]
    assert all(len(s) == 1 for ids in first.values() for s in ids.values())
    assert len(set(every)) == len(every) == 2 * len(contract.FILES)  # one per file
    assert all(re.fullmatch(r"[a-p]{32}", i) for i in every)  # no digit a CPR scan could hit
    _land(raw, tmp_path / "b", monkeypatch)  # the same raw files, the same key
    assert {d: _ids(tmp_path / "b", d) for d in (D1, D2)} == first
    _land(raw, tmp_path / "c", monkeypatch, key="another-key")
    other = {d: _ids(tmp_path / "c", d) for d in (D1, D2)}
    assert all(
        other[d][k].isdisjoint(first[d][k]) for d in (D1, D2) for k in first[d]
    )  # another key: other pseudonyms in the rows, so other ids


def test_a_redelivered_month_gets_new_ids_for_its_changed_files(tmp_path, monkeypatch):
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    write_delivery(raw, D1)
    _land(raw, landing, monkeypatch)
    before = _ids(landing, D1)
    shutil.rmtree(raw / D1)
    changed = [ESDH_ROWS[0].replace('"Ressourceprofil"', '"Ressourceprofil (rettet)"')]
    esdh = csv_bytes(ESDH_HEADER, changed + ESDH_ROWS[1:], "utf-8", bom=True)
    write_delivery(raw, D1, files={"esdh/dokumenter.csv": esdh})
    lines = _land(raw, landing, monkeypatch)
    after = _ids(landing, D1)
    assert after["esdh__dokumenter"] != before["esdh__dokumenter"]
    unchanged = [k for k in before if k != "esdh__dokumenter"]
    assert all(after[k] == before[k] for k in unchanged)
    assert not any("out_of_order" in line for line in lines)


def test_a_delivery_landed_before_the_ids_is_landed_again(tmp_path, monkeypatch):
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    write_delivery(raw, D1)
    write_delivery(raw, D2)
    _land(raw, landing, monkeypatch)
    expected = {d: _ids(landing, d) for d in (D1, D2)}
    state_path = landing / "_state.json"
    state = json.loads(state_path.read_text())
    for d in (D1, D2):  # as an older landing left them: no format, no landing_id column
        del state["deliveries"][d]["landing_format"]
        for spec in contract.FILES:
            path = landing / spec.key / f"{d}.parquet"
            pq.write_table(pq.read_table(path).drop_columns(["landing_id"]), path)
    state_path.write_text(json.dumps(state))
    lines = _land(raw, landing, monkeypatch)
    assert [line for line in lines if "again" in line] == [
        f"landing {d} again: landed by an older landing (format 1, now {LANDING_FORMAT})"
        for d in (D1, D2)
    ]
    assert not any("out_of_order" in line for line in lines)  # D1 after D2: not a late month
    assert {d: _ids(landing, d) for d in (D1, D2)} == expected
    state = json.loads(state_path.read_text())
    assert {state["deliveries"][d]["landing_format"] for d in (D1, D2)} == {LANDING_FORMAT}
    assert any("nothing to land" in line for line in _land(raw, landing, monkeypatch))
