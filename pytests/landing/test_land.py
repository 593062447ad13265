"""End-to-end landing of hand-made deliveries (Great Expectations included)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from landing_builders import (
    A_HEADER,
    A_ROWS,
    CPRS,
    DEMO_KEY,
    ESDH_ROWS,
    csv_bytes,
    write_delivery,
)

from sagskvalitet import contract
from sagskvalitet.cli import main
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.land import land, landed_schema

D1, D2 = "2010-05-31", "2010-06-30"
# ddmmyy-nnnn, ddmmyynnnn, ddmmyy nnnn bounded by non-digits
CPR_RE = re.compile(rb"(?<!\d)\d{6}[- ]?\d{4}(?!\d)")
HEX_KEY = re.compile(r"P[0-9a-f]{32}")


@pytest.fixture(scope="module")
def landed(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SAGSKVALITET_CPR_KEY", DEMO_KEY)
    root = tmp_path_factory.mktemp("land")
    raw, landing = root / "raw", root / "landing"
    write_delivery(raw, D1)
    write_delivery(raw, D2)
    lines: list[str] = []
    results = land(raw, landing, echo=lines.append)
    mp.undo()
    return raw, landing, results, lines


def test_every_file_lands_with_the_architecture_schema(landed):
    raw, landing, results, _ = landed
    assert [r.delivery for r in results] == [D1, D2]
    for spec in contract.FILES:
        for d in (D1, D2):
            table = pq.read_table(landing / spec.key / f"{d}.parquet")
            assert table.schema.remove_metadata() == landed_schema(spec)
            manifest = json.loads((raw / d / "MANIFEST.json").read_text())
            assert table.num_rows == manifest["files"][spec.path]["rows"]
            assert table.column("row_number").to_pylist() == list(range(1, table.num_rows + 1))
            assert set(table.column("source_file").to_pylist()) == {f"{d}/{spec.path}"}
            assert "cpr" not in table.column_names
    a = pq.read_table(landing / "sagssystem_a__sager" / f"{D1}.parquet").to_pylist()
    assert a[0]["sagsomraade"] == "FØP" and a[1]["enhed"] == " jc nord "
    assert a[1]["afgjort"] == "" and a[0]["delivery_date"].isoformat() == D1
    assert [r["cpr_status"] for r in a] == ["ok", "ok", "ok", "ok", "invalid"]
    assert a[4]["citizen_key"] is None
    # the same citizen gets the same key in system A (dash) and B (10 digits)
    b = pq.read_table(landing / "sagssystem_b__cases" / f"{D1}.parquet").to_pylist()
    assert b[0]["citizen_key"] == a[0]["citizen_key"]
    assert b[0]["decided"] is None and b[0]["legacy_ref"] == " a0000001"
    assert b[1]["extra_keys"] == "new_field" and b[0]["extra_keys"] is None
    esdh = pq.read_table(landing / "esdh__dokumenter" / f"{D1}.parquet")
    assert esdh.num_rows == len(ESDH_ROWS)
    assert "\n" in esdh.column("titel")[1].as_py()


def test_manifest_parquet(landed):
    _, landing, _, _ = landed
    m = pq.read_table(landing / "manifest" / f"{D1}.parquet")
    assert m.schema.field("manifest_rows").type == pa.int32()
    assert sorted(m.column("file_key").to_pylist()) == sorted(f.key for f in contract.FILES)


def test_no_cpr_in_any_landed_file_or_data_docs(landed):
    _, landing, _, lines = landed
    known = set()
    for cpr in CPRS:
        d = re.sub(r"\D", "", cpr)
        known |= {d, f"{d[:6]}-{d[6:]}", f"{d[:6]} {d[6:]}"}
    assert (landing / "data_docs" / "index.html").is_file()
    pages = list((landing / "data_docs" / "validations").rglob("*.html"))
    assert len(pages) == 2 * len(contract.FILES)
    n_parquet = 0
    for path in landing.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert not any(k in text for k in known), path
        if path.suffix != ".parquet":
            continue
        n_parquet += 1
        table = pq.read_table(path)
        for name in table.column_names:
            if name in ("citizen_key", "sha256") or not pa.types.is_string(
                table.schema.field(name).type
            ):
                continue  # hex digests may hold digit runs by chance
            for v in table.column(name).to_pylist():
                # citizen keys inside raw_record are hex too; journal numbers are no CPR
                v = HEX_KEY.sub("", v or "")
                assert not CPR_RE.search(v.encode()), (path, name, v)
                assert not any(k in v for k in known), (path, name, v)
    assert n_parquet == 2 * (len(contract.FILES) + 2)  # files, manifest, landing log
    assert not any(CPR_RE.search(line.encode()) for line in lines)


def test_rerun_skips_landed_and_relands_changed_manifest(landed, tmp_path):
    raw, landing, _, _ = landed
    out: list[str] = []
    assert land(raw, landing, echo=out.append) == []
    assert f"skipped {D1}: already landed" in out
    # a changed manifest (here: a re-sent delivery) re-lands only that delivery
    write_delivery(
        raw,
        D2,
        files={
            "henvendelser/henvendelser.csv": csv_bytes(
                "HenvendelseID,Enhed,Kanal,Modtaget,ForsteTilbagemelding",
                ["H9,SDC,Mail,2010-06-01 10:00,"],
                "utf-8",
            )
        },
        rows={"henvendelser/henvendelser.csv": 1},
    )
    results = land(raw, landing, echo=out.append)
    assert [r.delivery for r in results] == [D2]
    assert pq.read_table(landing / "henvendelser__henvendelser" / f"{D2}.parquet").num_rows == 1
    assert [r.delivery for r in land(raw, landing, force=True, echo=out.append)] == [D1, D2]


def _fails(tmp_path: Path, capsys, **kw) -> str:
    raw = tmp_path / "raw"
    write_delivery(raw, "2014-12-31", **kw)
    rc = main(["land", "--raw-dir", str(raw), "--landing-dir", str(tmp_path / "landing")])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert err.startswith("landing failed: delivery 2014-12-31, file "), err
    # nothing half-landed; only the landing log says it failed
    landed = list((tmp_path / "landing").rglob("*.parquet"))
    assert [p.parent.name for p in landed] == ["_landing_log"], landed
    log = pq.read_table(landed[0]).to_pylist()
    assert [e["event"] for e in log] == ["landing_failed"]
    return err


def test_missing_column_names_file_and_column(tmp_path, capsys):
    header = A_HEADER.replace(";Modtaget", ";Modtaget_dato")
    err = _fails(
        tmp_path, capsys, files={"sagssystem_a/sager.csv": csv_bytes(header, A_ROWS, "cp1252")}
    )
    assert "file sagssystem_a/sager.csv: required column 'Modtaget' is missing" in err


def test_missing_file(tmp_path, capsys):
    err = _fails(tmp_path, capsys, files={"klageregister/klager.csv": None})
    assert "klageregister/klager.csv: the file is missing" in err


def test_empty_file(tmp_path, capsys):
    err = _fails(tmp_path, capsys, files={"aktindsigt/anmodninger.csv": b""})
    assert "aktindsigt/anmodninger.csv: the file is empty" in err


def test_empty_jsonl_is_zero_rows_only_when_the_manifest_says_so(tmp_path, capsys):
    # System B before it went live (2010-04-01): a 0-byte JSON Lines file, 0 rows.
    raw = tmp_path / "raw"
    b_file = "sagssystem_b/cases.jsonl"
    write_delivery(raw, "2009-05-31", files={b_file: b""}, rows={b_file: 0})
    rc = main(["land", "--raw-dir", str(raw), "--landing-dir", str(tmp_path / "landing")])
    assert rc == 0, capsys.readouterr().err
    landed = pq.read_table(tmp_path / "landing" / "sagssystem_b__cases" / "2009-05-31.parquet")
    assert landed.num_rows == 0
    # The same empty file where the manifest promises rows is fatal.
    err = _fails(tmp_path / "again", capsys, files={b_file: b""})
    assert f"{b_file}: the file is empty" in err


def test_wrong_encoding(tmp_path, capsys):
    err = _fails(
        tmp_path, capsys, files={"sagssystem_a/sager.csv": csv_bytes(A_HEADER, A_ROWS, "utf-8")}
    )
    assert "sagssystem_a/sager.csv: wrong encoding" in err


def test_manifest_row_mismatch(tmp_path, capsys):
    err = _fails(tmp_path, capsys, rows={"esdh/dokumenter.csv": 4})
    assert "esdh/dokumenter.csv: 3 records, the manifest says 4" in err


def test_sha256_mismatch(tmp_path, capsys):
    raw = tmp_path / "raw"
    folder = write_delivery(raw, "2014-12-31")
    (folder / "henvendelser" / "henvendelser.csv").write_bytes(b"changed\r\n")
    rc = main(["land", "--raw-dir", str(raw), "--landing-dir", str(tmp_path / "landing")])
    assert rc == 2
    assert "henvendelser/henvendelser.csv: sha256" in capsys.readouterr().err


def test_row_fault_lands_with_error_and_row_number(tmp_path):
    rows = [*A_ROWS[:2], "A0000009;0101701234;FLEX;SDC", A_ROWS[2]]
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    write_delivery(
        raw,
        D1,
        files={"sagssystem_a/sager.csv": csv_bytes(A_HEADER, rows, "cp1252")},
        rows={"sagssystem_a/sager.csv": 4},
    )
    land(raw, landing, echo=lambda _: None)
    t = pq.read_table(landing / "sagssystem_a__sager" / f"{D1}.parquet").to_pylist()
    bad = t[2]
    assert bad["row_number"] == 3
    assert bad["landing_error"] == "field_count: 4 fields, expected 8"
    assert bad["sagsid"] is None and bad["citizen_key"] is None
    assert "0101701234" not in bad["raw_record"] and bad["raw_record"].startswith("A0000009;P")
    assert t[3]["landing_error"] is None and t[3]["sagsid"] == "A0000003"


def test_missing_key_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("SAGSKVALITET_CPR_KEY")
    write_delivery(tmp_path / "raw", D1)
    with pytest.raises(LandingError, match="SAGSKVALITET_CPR_KEY"):
        land(tmp_path / "raw", tmp_path / "landing")
