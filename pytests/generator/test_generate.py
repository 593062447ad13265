"""The generator writes exactly the export contract, deterministically, with its quirks."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import uuid
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sagskvalitet import contract as C
from sagskvalitet.generator import quirks as Q
from sagskvalitet.generator.cli import auto_deliveries
from sagskvalitet.generator.simulate import month_ends, uuid4_text
from sagskvalitet.params import load_params

NO_ODD = ("--odd-values", "off")


def _run(out: Path, *extra: str) -> int:
    from sagskvalitet.cli import main

    return main(
        [
            "generate",
            "--out",
            str(out / "raw"),
            "--truth-out",
            str(out / "truth"),
            "--no-truth",
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def gen(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    # The contract's shapes without the odd values (those are tested in test_odd_values).
    assert _run(out, "--scale", "0.02", "--seed", "7", "--deliveries", "2", *NO_ODD) == 0
    return out


@pytest.fixture(scope="module")
def gen_bad(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen_bad")
    assert (
        _run(
            out,
            "--scale",
            "0.01",
            "--seed",
            "7",
            "--deliveries",
            "2",
            "--bad-rows",
            "0.05",
            "--first-month",
            "2009-01",
            "--last-month",
            "2011-06",
            # three citizen shards: bad rows and their row numbers across appended shards
            "--shard-scale",
            "0.004",
        )
        == 0
    )
    return out


def _deliveries(out: Path) -> list[Path]:
    return sorted(p for p in (out / "raw").iterdir() if p.is_dir())


def _csv_rows(path: Path, spec: C.ExportFile) -> list[list[str]]:
    text = path.read_bytes().decode(spec.encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter))


def _last(gen: Path) -> Path:
    return _deliveries(gen)[-1]


# --- layout, encodings, manifest ---------------------------------------------------------
def test_layout_and_manifest(gen):
    deliveries = _deliveries(gen)
    assert [p.name for p in deliveries] == ["2014-11-30", "2014-12-31"]
    for folder in deliveries:
        manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
        assert manifest["delivery_date"] == folder.name
        assert set(manifest["files"]) == {f.path for f in C.FILES}
        for spec in C.FILES:
            path = folder / spec.path
            entry = manifest["files"][spec.path]
            assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
            if spec.fmt == "jsonl":
                n = len(path.read_text(encoding="utf-8").splitlines())
            else:
                n = len(_csv_rows(path, spec)) - 1
            assert entry["rows"] == n, spec.path
            assert n > 0 or spec.incremental


def test_system_a_and_klager_are_cp1252_crlf(gen):
    folder = _last(gen)
    for spec in (C.SAGSSYSTEM_A, C.KLAGER):
        raw = (folder / spec.path).read_bytes()
        assert raw.count(b"\r\n") == raw.count(b"\n"), "every line ends CRLF"
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        rows = _csv_rows(folder / spec.path, spec)
        assert tuple(rows[0]) == spec.columns
        assert all(len(r) == len(spec.columns) for r in rows)
    a = (folder / C.SAGSSYSTEM_A.path).read_bytes()
    assert b";F\xd8P;" in a  # FØP as the single byte 0xD8
    assert b"Afg\xf8relse" in (folder / C.KLAGER.path).read_bytes()
    assert b'"' not in a  # no quoting: no field holds ';'


def test_system_b_json_lines(gen):
    lines = (_last(gen) / C.SAGSSYSTEM_B.path).read_text(encoding="utf-8").splitlines()
    recs = [json.loads(x) for x in lines]
    for r in recs:
        assert list(r)[:9] == list(C.SAGSSYSTEM_B.columns)
        assert re.fullmatch(r"\d{10}", r["cpr"])
        assert r["area"] in C.AREA_BY_B_CODE and r["unit_id"] in C.UNIT_IDS
        assert uuid.UUID(r["case_id"]).version == 4
        date.fromisoformat(r["received"])
        assert r["decision"] in (*C.B_DECISIONS, None)
        assert (r["decided"] is None) == (r["decision"] is None)
        ts = datetime.fromisoformat(r["updated_at"])
        local = ts.replace(tzinfo=None).replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
        assert ts.utcoffset() == local.utcoffset()
    assert len({r["case_id"] for r in recs}) == len(recs)


def test_esdh_bom_quoted_multiline(gen):
    folder = _deliveries(gen)[0]
    raw = (folder / C.ESDH.path).read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"DokumentID"')
    rows = _csv_rows(folder / C.ESDH.path, C.ESDH)
    assert tuple(rows[0]) == C.ESDH.columns
    assert all(len(r) == 8 for r in rows)
    titles = [r[4] for r in rows[1:]]
    assert any("\n" in t for t in titles) and any('"' in t for t in titles)
    assert any("," in t for t in titles)
    for t in titles:  # kind titles fold exactly to a variant; unrelated ones to none
        if "\n" in t or '"' in t or "," in t:
            assert C.title_kinds(t) == ("other",)


def test_utf8_files(gen):
    folder = _last(gen)
    for spec in (C.AKTINDSIGT, C.HENVENDELSER):
        rows = _csv_rows(folder / spec.path, spec)
        assert tuple(rows[0]) == spec.columns
        assert all(len(r) == len(spec.columns) for r in rows)
    akt = _csv_rows(folder / C.AKTINDSIGT.path, C.AKTINDSIGT)[1:]
    assert {r[3] for r in akt} == set(C.LEGAL_BASES)
    henv = _csv_rows(folder / C.HENVENDELSER.path, C.HENVENDELSER)[1:]
    for r in henv:
        assert r[2] in C.CHANNELS
        datetime.strptime(r[3], "%Y-%m-%d %H:%M")


# --- determinism --------------------------------------------------------------------------
def test_same_seed_same_bytes(gen, tmp_path):
    assert _run(tmp_path, "--scale", "0.02", "--seed", "7", "--deliveries", "2", *NO_ODD) == 0
    for folder in _deliveries(gen):
        other = tmp_path / "raw" / folder.name
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                g = other / f.relative_to(folder)
                assert f.read_bytes() == g.read_bytes(), f
    for name in ("case_links.csv", "document_links.csv"):
        assert (gen / "truth" / name).read_bytes() == (tmp_path / "truth" / name).read_bytes()


def test_uuid_text_equals_uuid_module():
    import random

    r = random.Random(3)
    for _ in range(1000):
        bits = r.getrandbits(128)
        assert uuid4_text(bits) == str(uuid.UUID(int=bits, version=4))


# --- quirks at about their rates --------------------------------------------------------
def _share(n: int, total: int) -> float:
    return n / total if total else 0.0


def test_cpr_quirks(gen):
    folder = _last(gen)
    rows = _csv_rows(folder / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A)[1:]
    cprs = [r[1] for r in rows]
    assert all(re.fullmatch(r"\d{6}[- ]?\d{4}", c) for c in cprs)
    odd = sum(1 for c in cprs if "-" not in c)
    assert 0.015 < _share(odd, len(cprs)) < 0.05
    assert any(" " in c for c in cprs) and any(re.fullmatch(r"\d{10}", c) for c in cprs)


def test_legacy_ref_quirks_and_links(gen):
    lines = (_last(gen) / C.SAGSSYSTEM_B.path).read_text(encoding="utf-8").splitlines()
    refs = [json.loads(x)["legacy_ref"] for x in lines]
    refs = [r for r in refs if r is not None]
    odd = [r for r in refs if not re.fullmatch(r"A\d{7}", r)]
    assert 0.05 < _share(len(odd), len(refs)) < 0.16
    assert all(re.fullmatch(r"A\d{7}", "".join(r.split()).upper()) for r in odd)
    links = list(csv.DictReader((gen / "truth" / "case_links.csv").open(encoding="utf-8")))
    methods = Counter(r["link_method"] for r in links)
    assert set(methods) == {"legacy_ref", "double_registration", "system_a_only", "system_b_only"}


def test_double_registration_without_ref_is_recovered():
    """At a larger scale: about 2 % of double registrations have no legacy_ref, and the
    contract's 7-day rule links each of them to its intended system A case."""
    from sagskvalitet.generator.simulate import SimParams, link_cases, simulate

    p = SimParams(seed=11, scale=0.2, first_month=(2010, 1), last_month=(2010, 9))
    sim = simulate(p, load_params())
    cases = link_cases(sim, p.as_of)
    dr = [c for c in cases if c.link_method == "double_registration"]
    assert dr, "some double registrations without legacy_ref"
    for c in dr:
        assert sim.intended_links[c.b_case_id] == c.legacy_case_id
    linked = [c for c in cases if c.link_method in ("legacy_ref", "double_registration")]
    for c in linked:
        assert sim.intended_links.get(c.b_case_id) == c.legacy_case_id
    in_overlap = [
        b
        for b in sim.b_records
        if b.case_id in sim.intended_links
        and b.created == b.received
        and b.received <= date(2010, 6, 30).toordinal()
    ]
    share = _share(len(dr), len(in_overlap))
    assert 0.005 < share < 0.05


def test_dotted_dates_and_journal_numbers(gen):
    rows = _csv_rows(_deliveries(gen)[0] / C.ESDH.path, C.ESDH)[1:]
    dotted = sum(1 for r in rows if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", r[3]))
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4}", r[3]) for r in rows)
    assert 0.03 < _share(dotted, len(rows)) < 0.07
    journal = sum(1 for r in rows if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}-\d-\d{2}", r[1]))
    assert 0.03 < _share(journal, len(rows)) < 0.07
    assert {r[6] for r in rows} <= set(C.CITIZEN_PARTICIPATED)
    assert {r[5] for r in rows} <= set(C.DOCUMENT_TYPES)


def test_unit_spellings_and_unknown_share(gen):
    folder = _last(gen)
    names = [r[3] for r in _csv_rows(folder / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A)[1:]]
    names += [r[1] for r in _csv_rows(folder / C.AKTINDSIGT.path, C.AKTINDSIGT)[1:]]
    names += [r[1] for r in _csv_rows(folder / C.HENVENDELSER.path, C.HENVENDELSER)[1:]]
    units = Counter(C.unit_of(n) for n in names)
    assert set(units) == {*C.UNIT_IDS, C.UNKNOWN_UNIT}
    assert 0.004 < _share(units[C.UNKNOWN_UNIT], len(names)) < 0.02
    spellings = Counter(names)
    assert len(spellings) > 40  # name, short form, case, spaces, ae/oe/aa
    assert any(n != n.strip() for n in names) and any("oe" in n for n in names)


def test_misspellings_match_no_unit():
    for uid, texts in Q.MISSPELT_UNITS.items():
        assert uid in C.UNIT_IDS
        for t in texts:
            assert C.unit_of(t) == C.UNKNOWN_UNIT, t


def test_title_spellings_fold_to_their_variant():
    import random

    rng = random.Random(5)
    for variant in C.TITLE_VARIANTS:
        seen = {Q.title_text(rng, variant) for _ in range(300)}
        assert len(seen) > 3
        assert {C.fold(t) for t in seen} == {C.fold(variant)}
    for base in C.UNRELATED_TITLES:
        for _ in range(50):
            assert C.title_kinds(Q.unrelated_title(rng, base)) == ("other",)


def test_resent_documents_and_inquiries(gen):
    deliveries = _deliveries(gen)
    first = _csv_rows(deliveries[0] / C.ESDH.path, C.ESDH)[1:]
    second = _csv_rows(deliveries[1] / C.ESDH.path, C.ESDH)[1:]
    ids = Counter(r[0] for r in first)
    resent_within = [i for i, n in ids.items() if n > 1]
    resent_later = {r[0] for r in second} & set(ids)
    assert resent_within
    share = _share(len(resent_within) + len(resent_later), len(ids))
    assert 0.005 < share < 0.03
    # a re-sent version has the same title and another Dokumentdato
    versions: dict[str, list[list[str]]] = {}
    for r in first + second:
        versions.setdefault(r[0], []).append(r)
    for i in resent_within:
        assert len({v[4] for v in versions[i]}) == 1
        assert len({v[3] for v in versions[i]}) > 1 or len({v[7] for v in versions[i]}) > 1
    links = {
        r["document_id"]
        for r in csv.DictReader((gen / "truth" / "document_links.csv").open(encoding="utf-8"))
    }
    assert len(links) == len(set(ids) | {r[0] for r in second})
    h1 = _csv_rows(deliveries[0] / C.HENVENDELSER.path, C.HENVENDELSER)[1:]
    h2 = _csv_rows(deliveries[1] / C.HENVENDELSER.path, C.HENVENDELSER)[1:]
    open_first = {r[0] for r in h1 if r[4] == ""}
    again = [r for r in h2 if r[0] in open_first]
    assert again and all(r[4] for r in again)


# --- bad rows -------------------------------------------------------------------------
def _is_date(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def test_bad_rows_listed_and_unreadable(gen_bad):
    log = list(csv.DictReader((gen_bad / "truth" / "injected_bad_rows.csv").open(encoding="utf-8")))
    assert {r["reason_code"] for r in log} == set(C.BAD_ROW_REASONS)
    by_file: dict[str, list[dict]] = {}
    for r in log:
        by_file.setdefault(r["source_file"], []).append(r)
    assert {s.split("/", 1)[1] for s in by_file} == {f.path for f in C.FILES}
    for source, entries in by_file.items():
        spec = C.FILES_BY_PATH[source.split("/", 1)[1]]
        path = gen_bad / "raw" / source
        if spec.fmt == "jsonl":
            records = path.read_text(encoding="utf-8").splitlines()
        else:
            records = _csv_rows(path, spec)[1:]
        manifest = json.loads(
            (path.parents[len(Path(spec.path).parts) - 1] / "MANIFEST.json").read_text(
                encoding="utf-8"
            )
        )
        assert manifest["files"][spec.path]["rows"] == len(records)
        for e in entries:
            rec = records[int(e["row_number"]) - 1]
            reason, col = e["reason_code"], e["column"]
            if reason == "invalid_json":
                with pytest.raises(json.JSONDecodeError):
                    json.loads(rec)
                continue
            if spec.fmt == "jsonl":
                fields = json.loads(rec)
                value = fields.get(col)
            else:
                if reason == "field_count":
                    assert len(rec) < len(spec.columns)
                    continue
                assert len(rec) == len(spec.columns)
                value = rec[[c.lower() for c in spec.columns].index(col)]
            if reason == "missing_id":
                assert col == spec.id_column.lower() and value in ("", None)
            elif reason == "invalid_date":
                fmt = "%Y-%m-%d" if spec.fmt == "jsonl" else spec.date_format
                assert not _is_date(value, fmt) and not _is_date(value, "%d.%m.%Y")
            elif reason == "unknown_code":
                known = {
                    **C.AREA_BY_A_CODE,
                    **C.AREA_BY_B_CODE,
                    **C.A_DECISIONS,
                    **C.COMPLAINT_TYPES,
                    **C.CHANNELS,
                }
                assert value not in known and value not in C.LEGAL_BASES
    # good rows are the same with and without bad rows: truth unchanged
    good = sum(1 for s in by_file for _ in by_file[s])
    total = sum(
        v["rows"]
        for d in _deliveries(gen_bad)
        for v in json.loads((d / "MANIFEST.json").read_text())["files"].values()
    )
    assert 0.03 < good / total < 0.08


def test_bad_rows_do_not_change_the_good_rows(gen_bad, tmp_path):
    assert (
        _run(
            tmp_path,
            "--scale",
            "0.01",
            "--seed",
            "7",
            "--deliveries",
            "2",
            "--first-month",
            "2009-01",
            "--last-month",
            "2011-06",
            # three citizen shards: bad rows and their row numbers across appended shards
            "--shard-scale",
            "0.004",
        )
        == 0
    )
    for name in ("case_links.csv", "document_links.csv"):
        assert (gen_bad / "truth" / name).read_bytes() == (tmp_path / "truth" / name).read_bytes()
    log = list(csv.DictReader((gen_bad / "truth" / "injected_bad_rows.csv").open(encoding="utf-8")))
    spec = C.SAGSSYSTEM_A
    source = f"{_deliveries(gen_bad)[-1].name}/{spec.path}"
    bad_numbers = {int(r["row_number"]) for r in log if r["source_file"] == source}
    with_bad = _csv_rows(gen_bad / "raw" / source, spec)[1:]
    clean = _csv_rows(tmp_path / "raw" / source, spec)[1:]
    assert [r for i, r in enumerate(with_bad, 1) if i not in bad_numbers] == clean


# --- arguments -------------------------------------------------------------------------
def test_auto_deliveries_keeps_scale_one_small():
    months = month_ends((2008, 10), (2014, 12))
    at_one = auto_deliveries(1.0, months)
    assert at_one[-1] == months[-1]
    migration = [month_ends((2010, m), (2010, m))[0] for m in (5, 6, 7)]
    assert set(migration) <= set(at_one)  # both systems and the migration are seen
    history = [m for m in at_one[:-1] if m not in migration]
    assert history == months[: len(history)]  # a monthly history from the start
    assert month_ends((2009, 5), (2009, 5))[0] in history  # the May 2009 measurement
    assert 8 <= len(at_one) <= 14
    assert auto_deliveries(0.02, months) == months  # small scales: every month
    assert auto_deliveries(50, months) == [months[-1]]


def test_rejects_scale_out_of_range(tmp_path):
    with pytest.raises(SystemExit):
        _run(tmp_path, "--scale", "0.001")


def test_corrections_arrive_in_later_deliveries():
    """Corrected documents are registered up to 45 days later: many in the next month."""
    from sagskvalitet.generator.simulate import SimParams, simulate

    p = SimParams(seed=3, scale=0.05, first_month=(2011, 1), last_month=(2011, 12))
    sim = simulate(p, load_params())
    months: dict[int, list[int]] = {}
    for d in sim.documents:
        months.setdefault(d.document_id, []).append(date.fromordinal(d.registered // 1440).month)
    resent = [m for m in months.values() if len(m) > 1]
    later = [m for m in resent if m[-1] != m[0]]
    assert 0.005 < len(resent) / len(months) < 0.03
    assert 0.2 < len(later) / len(resent) < 0.9
