"""A corpus of bad deliveries, each one fault on a small generated data set.

Every case copies the generated exports (June and July 2010), puts one fault into the
July delivery (or adds a delivery), and lands it on top of June's landing. The outcome
is asserted: either one clear line naming delivery (and file or column) with nothing of
July landed and June untouched, or July landed with the bad records as rejects
(``landing_error``), every record of the manifest kept (rows lost: 0), the expected
landing-log events, and every file the fault did not touch landed exactly as in the
clean landing.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from reliability_world import DELIVERIES

from sagskvalitet import contract
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.land import land, load_state

JUNE, JULY = DELIVERIES
BY_PATH = {spec.path: spec for spec in contract.FILES}
CPR_FORMS = ["0101701234", "010170-1234", "01.01.70-1234", "010170 1234", "3112851230"]


def set_file(delivery: Path, path: str, data: bytes, rows: int | None = None) -> None:
    """Write a file and make the manifest agree with it (sha256, and rows when given)."""
    (delivery / path).parent.mkdir(parents=True, exist_ok=True)
    (delivery / path).write_bytes(data)
    manifest = json.loads((delivery / "MANIFEST.json").read_text(encoding="utf-8"))
    entry = manifest["files"].setdefault(path, {"rows": 0})
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    if rows is not None:
        entry["rows"] = rows
    (delivery / "MANIFEST.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def manifest_rows(delivery: Path, path: str) -> int:
    return json.loads((delivery / "MANIFEST.json").read_text())["files"][path]["rows"]


def lines_of(delivery: Path, path: str) -> tuple[list[bytes], bytes]:
    eol = BY_PATH[path].line_ending.encode()
    data = (delivery / path).read_bytes()
    return data.split(eol), eol


def edit_line(delivery: Path, path: str, index: int, fn: Callable[[str], str]) -> None:
    """Rewrite physical line ``index`` (0 = header) of a file, in its own encoding."""
    lines, eol = lines_of(delivery, path)
    enc = "cp1252" if BY_PATH[path].encoding == "cp1252" else "utf-8"
    lines[index] = fn(lines[index].decode(enc)).encode(enc)
    set_file(delivery, path, eol.join(lines))


def replace_field(line: str, delim: str, index: int, value: str) -> str:
    parts = line.split(delim)  # used on single-line records whose fields hold no delimiter
    quoted = parts[index].startswith('"')
    parts[index] = f'"{value}"' if quoted else value
    return delim.join(parts)


@dataclass
class Case:
    name: str
    make: Callable[[Path], None]  # gets the raw folder
    error: str | None = None  # regex of the one-line message, or None: July lands
    row_errors: dict[str, int] = field(default_factory=dict)  # file key -> extra rejects
    events: list[tuple[str, str | None]] = field(default_factory=list)  # (event, file)
    touched: tuple[str, ...] = ()  # file keys whose landing may differ from the clean one
    # The touched file keeps only its first records (cut, shrunk): compare the rejects
    # with the clean file's among those records.
    prefix: bool = False
    outcome: str = ""  # for the table in the report


def _truncate(raw: Path, fix_sha: bool, fix_rows: bool) -> None:
    d = raw / JULY
    path = "sagssystem_a/sager.csv"
    data = (d / path).read_bytes()
    cut = data.index(b"\r\n", len(data) // 2) + 15  # inside a record: its fields cut off
    truncated = data[:cut]
    if fix_sha:
        rows = truncated.count(b"\r\n")  # whole records + the cut one - header
        set_file(d, path, truncated, rows if fix_rows else None)
    else:
        (d / path).write_bytes(truncated)


def _stray_quote(raw: Path) -> None:
    edit_line(
        raw / JULY,
        "esdh/dokumenter.csv",
        2,
        lambda s: replace_field(s, ",", 4, 'Journalnotat "telefon, borger ringede'),
    )


def _cpr_everywhere(raw: Path) -> None:
    d = raw / JULY
    for i, form in enumerate(CPR_FORMS[:4], start=1):
        edit_line(
            d, "esdh/dokumenter.csv", i, lambda s, f=form: replace_field(s, ",", 4, f"Notat {f}")
        )
    edit_line(d, "esdh/dokumenter.csv", 5, lambda s: replace_field(s, ",", 1, CPR_FORMS[1]))
    edit_line(d, "klageregister/klager.csv", 1, lambda s: replace_field(s, ";", 1, CPR_FORMS[4]))
    edit_line(
        d,
        "aktindsigt/anmodninger.csv",
        1,
        lambda s: replace_field(s, ",", 1, f"SDC {CPR_FORMS[2]}"),
    )


def _garble_json(raw: Path) -> None:
    d = raw / JULY
    lines, eol = lines_of(d, "sagssystem_b/cases.jsonl")
    lines[3] = b'{"case_id": "x", "cpr": '
    lines[7] = b"\x00garbage}"
    set_file(d, "sagssystem_b/cases.jsonl", eol.join(lines))


def _random_line(raw: Path) -> None:
    d = raw / JULY
    path = "aktindsigt/anmodninger.csv"
    data = (d / path).read_bytes() + b"q#7!x(\x1f)~\r\n"
    set_file(d, path, data, manifest_rows(d, path) + 1)


def _duplicate_ids(raw: Path) -> None:
    d = raw / JULY
    path = "aktindsigt/anmodninger.csv"
    lines, eol = lines_of(d, path)
    lines.insert(2, lines[1])  # the same id twice in one file (the last row wins in staging)
    set_file(d, path, eol.join(lines), manifest_rows(d, path) + 1)


def _future_date(raw: Path) -> None:
    edit_line(
        raw / JULY, "sagssystem_a/sager.csv", 1, lambda s: replace_field(s, ";", 4, "01-06-2031")
    )


def _shrunk(raw: Path) -> None:
    d = raw / JULY
    path = "sagssystem_a/sager.csv"
    lines, eol = lines_of(d, path)
    keep = [*lines[: len(lines) // 2], b""]
    set_file(d, path, eol.join(keep), len(keep) - 2)


def _resend(raw: Path) -> None:
    src, dst = raw / JUNE, raw / "2010-08-31"
    shutil.copytree(src, dst)
    manifest = json.loads((dst / "MANIFEST.json").read_text())
    manifest["delivery_date"] = "2010-08-31"
    (dst / "MANIFEST.json").write_text(json.dumps(manifest, indent=2))


def _recode_utf8(raw: Path) -> None:
    d = raw / JULY
    path = "klageregister/klager.csv"
    set_file(d, path, (d / path).read_bytes().decode("cp1252").encode("utf-8"))


def _no_bom(raw: Path) -> None:
    d = raw / JULY
    path = "esdh/dokumenter.csv"
    set_file(d, path, (d / path).read_bytes()[3:])


def _rename_header(raw: Path) -> None:
    edit_line(raw / JULY, "klageregister/klager.csv", 0, lambda s: s.replace("Modtaget", "Modtget"))


def _drop_from_manifest(raw: Path) -> None:
    m = raw / JULY / "MANIFEST.json"
    manifest = json.loads(m.read_text())
    del manifest["files"]["aktindsigt/anmodninger.csv"]
    m.write_text(json.dumps(manifest))


def _wrong_manifest_date(raw: Path) -> None:
    m = raw / JULY / "MANIFEST.json"
    m.write_text(m.read_text().replace(JULY, "2010-07-30"))


def _garbled_manifest(raw: Path) -> None:
    (raw / JULY / "MANIFEST.json").write_text('{"delivery_date": "2010-07-31", "files": {')


def _empty_folder(raw: Path) -> None:
    (raw / "2010-08-31").mkdir()


def _extra_file(raw: Path) -> None:
    (raw / JULY / "esdh" / "noter.txt").write_bytes(b"x" * 123)


def _missing_file(raw: Path) -> None:
    (raw / JULY / "henvendelser" / "henvendelser.csv").unlink()


def _small_first_delivery(raw: Path) -> None:
    # system B's first months: a handful of rows, one of them unreadable
    d = raw / JULY
    path = "sagssystem_b/cases.jsonl"
    lines, eol = lines_of(d, path)
    few = [*lines[:3], b"{broken", b""]
    set_file(d, path, eol.join(few), 4)


A, B, ESDH = "sagssystem_a__sager", "sagssystem_b__cases", "esdh__dokumenter"
KL, AKT, HENV = "klageregister__klager", "aktindsigt__anmodninger", "henvendelser__henvendelser"

CASES = [
    Case("truncated file, manifest matching", lambda r: _truncate(r, True, True),
         row_errors={A: 1}, touched=(A,), prefix=True,
         events=[("shrunk_extract", "sagssystem_a/sager.csv")],
         outcome="lands; the cut record is a reject (field_count); the shrink is flagged"),
    Case("truncated file, manifest not matching (sha256)", lambda r: _truncate(r, False, False),
         error=r"delivery 2010-07-31, file sagssystem_a/sager\.csv: sha256 .* differs",
         outcome="stops: sha256 differs from the manifest"),
    Case("truncated file, sha256 fixed but not the rows", lambda r: _truncate(r, True, False),
         error=r"delivery 2010-07-31, file sagssystem_a/sager\.csv: \d+ records, the manifest says",
         outcome="stops: record count differs from the manifest"),
    Case("wrong encoding (klager.csv in UTF-8)", _recode_utf8,
         error=r"delivery 2010-07-31, file klageregister/klager\.csv: wrong encoding",
         outcome="stops: wrong encoding"),
    Case("missing BOM (esdh)", _no_bom,
         error=r"delivery 2010-07-31, file esdh/dokumenter\.csv: .*BOM.* missing",
         outcome="stops: BOM missing"),
    Case("renamed header column", _rename_header,
         error=r"delivery 2010-07-31, file klageregister/klager\.csv: required column 'Modtaget'",
         outcome="stops: names file and column"),
    Case("contract file missing from the manifest", _drop_from_manifest,
         error=r"delivery 2010-07-31, file aktindsigt/anmodninger\.csv: .*not listed in MANIFEST",
         outcome="stops: file not listed in the manifest"),
    Case("manifest with another delivery date", _wrong_manifest_date,
         error=r"delivery 2010-07-31: MANIFEST\.json says delivery_date", outcome="stops"),
    Case("garbled manifest", _garbled_manifest,
         error=r"delivery 2010-07-31: MANIFEST\.json cannot be parsed", outcome="stops"),
    Case("empty delivery folder", _empty_folder,
         error=r"delivery 2010-08-31: MANIFEST\.json is missing", outcome="stops: no manifest"),
    Case("contract file missing from the folder", _missing_file,
         error=r"delivery 2010-07-31, file henvendelser/henvendelser\.csv: the file is missing",
         outcome="stops: file missing"),
    Case("re-sent delivery (June under a new date)", _resend,
         error=r"delivery 2010-08-31: re-sent delivery: every file's sha256 equals delivery "
         r"2010-06-30", outcome="stops: re-send named; as-of does not move"),
    Case("garbled JSON lines", _garble_json, row_errors={B: 2}, touched=(B,),
         outcome="lands; 2 rejects (invalid_json)"),
    Case("random bytes as an extra record", _random_line, row_errors={AKT: 1}, touched=(AKT,),
         outcome="lands; 1 reject (field_count)"),
    Case("stray quote in an ESDH title", _stray_quote, row_errors={ESDH: 1}, touched=(ESDH,),
         outcome="lands; 1 reject (stray_quote), neighbours intact"),
    Case("extra file in the delivery", _extra_file, events=[("unknown_file", "esdh/noter.txt")],
         outcome="lands; unknown file reported with name and size"),
    Case("CPR in titles, Sagsnummer and Enhed, each form", _cpr_everywhere,
         touched=(ESDH, KL, AKT),
         events=[("cpr_masked", "esdh/dokumenter.csv"), ("cpr_masked", "klageregister/klager.csv"),
                 ("cpr_masked", "aktindsigt/anmodninger.csv")],
         outcome="lands; every form masked, counted per file and column"),
    Case("duplicate id within a file", _duplicate_ids, touched=(AKT,),
         outcome="lands both rows; staging keeps the last (the other superseded)"),
    Case("a date in the future (Modtaget 2031)", _future_date, touched=(A,),
         outcome="lands as text; staging rejects it past the horizon (issue 10's rule)"),
    Case("shrunk full extract (half of system A)", _shrunk, touched=(A,), prefix=True,
         events=[("shrunk_extract", "sagssystem_a/sager.csv")],
         outcome="lands; flagged with both row counts"),
    Case("first delivery of a system with a handful of rows", _small_first_delivery,
         row_errors={B: 1}, touched=(B,), prefix=True,
         events=[("shrunk_extract", "sagssystem_b/cases.jsonl")],
         outcome="lands; 1 reject; under the gate's 20-row floor"),
]  # fmt: skip


@pytest.fixture(scope="module")
def baseline(generated_raw, tmp_path_factory):
    """June landed alone (the start of every case) and the clean landing of both."""
    root = tmp_path_factory.mktemp("corpus_base")
    june_raw = root / "june_raw"
    june_raw.mkdir()
    shutil.copytree(generated_raw / JUNE, june_raw / JUNE)
    june = root / "june_landing"
    land(june_raw, june, echo=lambda _: None)
    clean = root / "clean"
    shutil.copytree(june, clean)
    _restamp(clean, generated_raw)
    land(generated_raw, clean, echo=lambda _: None)
    return june, clean


def _restamp(landing: Path, raw: Path) -> None:
    (landing / "_source.json").write_text(json.dumps({"raw_dir": str(raw.resolve())}))


def _table(landing: Path, key: str, delivery: str):
    return pq.read_table(landing / key / f"{delivery}.parquet")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_delivery(case, generated_raw, baseline, tmp_path):
    june_landing, clean = baseline
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    shutil.copytree(generated_raw, raw)
    shutil.copytree(june_landing, landing)
    _restamp(landing, raw)
    case.make(raw)
    lines: list[str] = []
    if case.error:
        with pytest.raises(LandingError) as info:
            land(raw, landing, echo=lines.append)
        message = str(info.value)
        assert re.search(case.error, message), message
        assert "\n" not in message
        failed_delivery = info.value.delivery
        assert load_state(landing)["failed"]["delivery"] == failed_delivery
        log = pq.read_table(landing / "_landing_log" / f"{failed_delivery}.parquet").to_pylist()
        assert [e["event"] for e in log] == ["landing_failed"]
        for spec in contract.FILES:  # June untouched, nothing of the failed delivery landed
            assert _table(landing, spec.key, JUNE).equals(_table(clean, spec.key, JUNE))
            assert not (landing / spec.key / f"{failed_delivery}.parquet").exists() or (
                failed_delivery == JULY
                and _table(landing, spec.key, JULY).num_rows == 0  # pragma: no cover
            )
        return
    land(raw, landing, echo=lines.append)
    assert "failed" not in load_state(landing)
    log = pq.read_table(landing / "_landing_log" / f"{JULY}.parquet").to_pylist()
    got_events = {(e["event"], e["file"]) for e in log}
    for expected in case.events:
        assert expected in got_events, (expected, log)
    for e in log:
        if e["severity"] != "info":
            assert any(e["event"] in line and (e["file"] or "") in line for line in lines), e
    for spec in contract.FILES:
        table = _table(landing, spec.key, JULY)
        clean_table = _table(clean, spec.key, JULY)
        # rows lost: 0 - every record the manifest declares is landed
        assert table.num_rows == manifest_rows(raw / JULY, spec.path)
        if spec.key not in case.touched:
            assert table.equals(clean_table), spec.key  # unaffected files: unchanged
            continue
        errors = table.num_rows - table.column("landing_error").null_count
        if case.prefix:
            kept = table.num_rows - case.row_errors.get(spec.key, 0)
            clean_table = clean_table.slice(0, kept)
        clean_errors = clean_table.num_rows - clean_table.column("landing_error").null_count
        assert errors == clean_errors + case.row_errors.get(spec.key, 0), spec.key
    text = "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in landing.rglob("*") if p.is_file()
    )
    for form in CPR_FORMS:
        assert form not in text  # no CPR form of the corpus survives landing
    assert landing.joinpath("_landing_log", f"{JULY}.json").is_file()


def test_stray_quote_rejects_only_its_record(generated_raw, baseline, tmp_path):
    """The stray-quote record is named in its reject; the records around it are intact."""
    _, clean = baseline
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    shutil.copytree(generated_raw, raw)
    _stray_quote(raw)
    land(raw, landing, echo=lambda _: None)
    rows = _table(landing, ESDH, JULY).to_pylist()
    clean_rows = _table(clean, ESDH, JULY).to_pylist()
    assert rows[1]["landing_error"].startswith("stray_quote: unescaped quote at character")
    assert rows[1]["dokumentid"] is None and rows[1]["row_number"] == 2
    assert rows[1]["raw_record"].startswith('"') and rows[1]["raw_record"].count("\n") == 0
    # another raw file is another landing (its landing_id); every other value is the same
    assert {r["landing_id"] for r in rows}.isdisjoint({r["landing_id"] for r in clean_rows})
    rows, clean_rows = _without_landing_id(rows), _without_landing_id(clean_rows)
    assert rows[0] == clean_rows[0] and rows[2:] == clean_rows[2:]


def _without_landing_id(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "landing_id"} for row in rows]


def test_another_raw_folder_into_the_same_landing_is_refused(generated_raw, tmp_path):
    landing = tmp_path / "landing"
    land(generated_raw, landing, echo=lambda _: None)
    other = tmp_path / "other_raw"
    shutil.copytree(generated_raw, other)
    with pytest.raises(LandingError, match=r"holds the deliveries of raw folder .*refusing"):
        land(other, landing, echo=lambda _: None)


def test_a_delivery_arriving_out_of_date_order_is_landed_and_noted(generated_raw, tmp_path):
    raw, landing = tmp_path / "raw", tmp_path / "landing"
    raw.mkdir()
    shutil.copytree(generated_raw / JULY, raw / JULY)
    land(raw, landing, echo=lambda _: None)
    shutil.copytree(generated_raw / JUNE, raw / JUNE)
    out: list[str] = []
    land(raw, landing, echo=out.append)
    log = pq.read_table(landing / "_landing_log" / f"{JUNE}.parquet").to_pylist()
    assert "out_of_order" in {e["event"] for e in log}
    assert any("out_of_order" in line for line in out)
