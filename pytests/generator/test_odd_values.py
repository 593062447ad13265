"""The odd values of real exports are in the default data, each at a low rate, and the
truth lists the rows a ruling rejects (exports.md "Bad input", targets.md "Real exports")."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from sagskvalitet import contract as C
from sagskvalitet.generator.odd_values import RATES

DELIVERIES = "2010-05,2010-06,2010-07"  # plus the last month, 2014-12


def _run(out: Path, *extra: str) -> int:
    from sagskvalitet.cli import main

    return main(
        [
            "generate",
            "--out",
            str(out / "raw"),
            "--truth-out",
            str(out / "truth"),
            "--scale",
            "0.02",
            "--seed",
            "5",
            "--deliveries",
            DELIVERIES,
            # two citizen shards: every shape in each, the rejects' row numbers across both
            "--shard-scale",
            "0.01",
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def odd(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("odd")
    assert _run(out) == 0
    return out


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plain")
    assert _run(out, "--odd-values", "off", "--no-truth") == 0
    return out


def _shapes(out: Path) -> dict[str, list[str]]:
    return json.loads((out / "truth" / "odd_values.json").read_text(encoding="utf-8"))


def _folders(out: Path) -> list[Path]:
    return sorted(p for p in (out / "raw").iterdir() if p.is_dir())


def _rows(path: Path, spec: C.ExportFile) -> list[list[str]]:
    text = path.read_bytes().decode(spec.encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter))[1:]


def _b(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _expected(out: Path) -> list[dict]:
    with (out / "truth" / "expected_rejects.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _links(out: Path, name: str) -> dict[str, dict]:
    with (out / "truth" / name).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    key = "case_id" if name == "case_links.csv" else "document_id"
    return {r[key]: r for r in rows}


def test_every_shape_is_present_at_a_low_rate(odd):
    shapes = _shapes(odd)
    assert set(shapes) == set(RATES)
    last = _folders(odd)[-1]
    a_rows = len(_rows(last / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A))
    b_rows = len(_b(last / C.SAGSSYSTEM_B.path))
    esdh_rows = sum(len(_rows(f / C.ESDH.path, C.ESDH)) for f in _folders(odd))
    for shape, ids in shapes.items():
        assert ids, f"{shape} missing from the default data"
        rows = (
            a_rows
            if shape.endswith("_a") or shape == "far_future_decision"
            else b_rows
            if shape.endswith("_b") or shape in ("unknown_unit_id", "a_decided_b_withdrawn")
            else esdh_rows
        )
        # well under 1 % of the file's rows (a shape present once in a tiny file aside)
        assert len(ids) <= max(2, 0.006 * rows), (shape, len(ids), rows)


def test_a_decided_b_withdrawn(odd):
    last = _folders(odd)[-1]
    a = {r[0]: r for r in _rows(last / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A)}
    b = {r["case_id"]: r for r in _b(last / C.SAGSSYSTEM_B.path)}
    links = _links(odd, "case_links.csv")
    for case_id in _shapes(odd)["a_decided_b_withdrawn"]:
        rec = b[case_id]
        assert rec["decision"] == "withdrawn" and rec["decided"] >= "2010-07-01"
        legacy = a[rec["legacy_ref"]]
        assert legacy[6] in ("BEV", "AFS", "IND") and legacy[5]
        assert links[case_id]["legacy_case_id"] == rec["legacy_ref"]
        assert links[case_id]["link_method"] == "legacy_ref"


def test_cases_without_cpr_and_unknown_unit_are_kept(odd):
    last = _folders(odd)[-1]
    shapes = _shapes(odd)
    a = {r[0]: r for r in _rows(last / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A)}
    b = {r["case_id"]: r for r in _b(last / C.SAGSSYSTEM_B.path)}
    links = _links(odd, "case_links.csv")
    linked_ids = {r["legacy_case_id"] for r in links.values()} | set(links)
    for sags_id in shapes["cpr_missing_a"]:
        assert a[sags_id][1] in ("", "12345")
        assert sags_id in linked_ids  # kept: a case of its own or linked by legacy_ref
    for case_id in shapes["cpr_missing_b"]:
        assert b[case_id]["cpr"] in ("", "12345")
        assert case_id in links
    assert {"", "12345"} <= {a[i][1] for i in shapes["cpr_missing_a"]} | {
        b[i]["cpr"] for i in shapes["cpr_missing_b"]
    }
    for case_id in shapes["unknown_unit_id"]:
        assert b[case_id]["unit_id"] == "U-999"
        assert case_id in links
    rejected = {r["record_id"] for r in _expected(odd)}
    assert not rejected & set(shapes["cpr_missing_a"] + shapes["cpr_missing_b"])


def test_odd_document_fields_are_kept(odd):
    shapes = _shapes(odd)
    rows = [r for f in _folders(odd) for r in _rows(f / C.ESDH.path, C.ESDH) if len(r) == 8]
    by_id: dict[str, list[list[str]]] = {}
    for r in rows:
        by_id.setdefault(r[0], []).append(r)
    borger = {r[6] for i in shapes["odd_citizen_participation"] for r in by_id[i]}
    assert borger & {"Måske", "?"}
    registered = {r[7] for i in shapes["odd_registered"] for r in by_id[i]}
    assert any(not re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", t) for t in registered)
    docs = _links(odd, "document_links.csv")
    for shape in ("odd_citizen_participation", "odd_registered", "nbsp_title"):
        assert set(shapes[shape]) <= set(docs), shape
    rejected = {r["record_id"] for r in _expected(odd)}
    assert not rejected & set(shapes["odd_citizen_participation"] + shapes["odd_registered"])


def test_titles_with_nbsp_or_ascii_letters_fold_to_their_variant(odd):
    shapes = _shapes(odd)
    titles: dict[str, list[str]] = {}
    for f in _folders(odd):
        for r in _rows(f / C.ESDH.path, C.ESDH):
            titles.setdefault(r[0], []).append(r[4])
    for i in shapes["nbsp_title"]:  # a version of the document (a re-sent one may not)
        assert any("\u00a0" in t for t in titles[i])
    for i in shapes["ascii_danish_title"]:
        assert any(not re.search("[æøåÆØÅ]", t) for t in titles[i])
    for i in shapes["nbsp_title"] + shapes["ascii_danish_title"]:
        for t in titles[i]:
            assert C.fold(t) in C.FOLDED_TITLE_KINDS, t


def test_newest_decision_unreadable_earlier_readable(odd):
    folders = _folders(odd)
    shapes = _shapes(odd)
    expected = {(r["record_id"], r["delivery_date"]): r for r in _expected(odd)}
    links = _links(odd, "case_links.csv")
    last_a = {r[0]: r for r in _rows(folders[-1] / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A)}
    earlier_a = {r[0]: r for r in _rows(folders[-2] / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A)}
    for sags_id in shapes["newest_decision_unreadable_a"]:
        assert re.fullmatch(r"\d{2}-\d{2}-\d{2}", last_a[sags_id][5])
        assert re.fullmatch(r"\d{2}-\d{2}-\d{4}", earlier_a[sags_id][5])
        reject = expected[(sags_id, folders[-1].name)]
        assert (reject["reason_code"], reject["column"]) == ("invalid_date", "afgjort")
    last_b = {r["case_id"]: r for r in _b(folders[-1] / C.SAGSSYSTEM_B.path)}
    earlier_b = {r["case_id"]: r for r in _b(folders[-2] / C.SAGSSYSTEM_B.path)}
    for case_id in shapes["newest_decision_unreadable_b"]:
        assert re.fullmatch(r"\d{2}-\d{2}-\d{2}", last_b[case_id]["decided"])
        date.fromisoformat(earlier_b[case_id]["decided"])
        reject = expected[(case_id, folders[-1].name)]
        assert (reject["reason_code"], reject["column"]) == ("invalid_date", "decided")
        assert case_id in links  # the earlier version stands


def test_far_future_decision_rejected_wherever_shown(odd):
    expected = _expected(odd)
    for sags_id in _shapes(odd)["far_future_decision"]:
        shown = []
        for folder in _folders(odd):
            rows = {r[0]: r for r in _rows(folder / C.SAGSSYSTEM_A.path, C.SAGSSYSTEM_A)}
            if sags_id in rows and rows[sags_id][5]:
                assert rows[sags_id][5].endswith("-2031")
                shown.append(folder.name)
        listed = [
            r["delivery_date"]
            for r in expected
            if r["record_id"] == sags_id and r["reason_code"] == "date_beyond_horizon"
        ]
        assert shown and listed == shown


def test_document_dates_two_digit_year_and_after_delivery(odd):
    shapes = _shapes(odd)
    expected = {r["record_id"]: r for r in _expected(odd)}
    for folder in _folders(odd):
        for r in _rows(folder / C.ESDH.path, C.ESDH):
            if r[0] in shapes["two_digit_year_document"]:
                assert re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", r[3])
                assert expected[r[0]]["reason_code"] == "invalid_date"
            if r[0] in shapes["document_after_delivery"]:
                days = (date.fromisoformat(r[3]) - date.fromisoformat(folder.name)).days
                assert 1 <= days <= 5
                assert r[0] not in expected


def test_one_stray_quote_is_one_record(odd):
    ids = set(_shapes(odd)["stray_quote"])
    seen = 0
    for folder in _folders(odd):
        path = folder / C.ESDH.path
        raw = path.read_bytes().decode("utf-8-sig")
        manifest = json.loads((folder / C.MANIFEST_NAME).read_text(encoding="utf-8"))
        assert manifest["files"][C.ESDH.path]["rows"] == len(_rows(path, C.ESDH))
        for line in raw.split("\r\n"):
            if line.startswith(tuple(f'"{i}",' for i in ids)):
                seen += 1
                assert '"Journalnotat "telefon, borger ringede",' in line
    assert seen == len(ids)
    listed = [r for r in _expected(odd) if r["reason_code"] == "stray_quote"]
    assert {r["record_id"] for r in listed} == ids


def test_small_units_suppressed_in_one_quarter_and_not_the_next(odd):
    with (odd / "truth" / "published_results.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["period_grain"] == "quarter"]
    state = {(r["target_id"], r["unit_id"], r["period"]): r["suppression_reason"] for r in rows}
    flips = [
        (t, u, p)
        for (t, u, p), why in state.items()
        if why == "primary"
        and state.get((t, u, f"{int(p[:4]) + (p[5] == '4')}Q{int(p[5]) % 4 + 1}"), "x") == ""
    ]
    assert flips


def test_odd_values_change_only_their_own_rows(odd, plain):
    """Every row without an odd value is byte for byte the row written without them."""
    shapes = _shapes(odd)
    touched = {i for ids in shapes.values() for i in ids}
    touched |= set(shapes["a_decided_b_withdrawn"])
    for folder in _folders(odd):
        other = plain / "raw" / folder.name
        for spec in (C.SAGSSYSTEM_A, C.ESDH):
            mine = [r for r in _rows(folder / spec.path, spec) if r[0] not in touched]
            theirs = [r for r in _rows(other / spec.path, spec) if r[0] not in touched]
            assert mine == theirs, spec.path
        mine_b = [r for r in _b(folder / C.SAGSSYSTEM_B.path) if r["case_id"] not in touched]
        theirs_b = [r for r in _b(other / C.SAGSSYSTEM_B.path) if r["case_id"] not in touched]
        assert mine_b == theirs_b
        for spec in (C.KLAGER, C.AKTINDSIGT, C.HENVENDELSER):
            assert (folder / spec.path).read_bytes() == (other / spec.path).read_bytes()


def test_expected_rejects_name_their_rows(odd):
    """Each expected reject's row number is the record of that id in that file."""
    expected = _expected(odd)
    assert expected
    for r in expected:
        path = odd / "raw" / r["source_file"]
        spec = C.FILES_BY_PATH[r["source_file"].split("/", 1)[1]]
        n = int(r["row_number"])
        if spec.fmt == "jsonl":
            record_id = _b(path)[n - 1]["case_id"]
        else:
            record_id = _rows(path, spec)[n - 1][0]
        assert record_id == r["record_id"], r


def test_odd_values_are_reproducible(odd, tmp_path):
    assert _run(tmp_path) == 0
    for folder in _folders(odd):
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                twin = tmp_path / "raw" / f.relative_to(odd / "raw")
                assert f.read_bytes() == twin.read_bytes(), f
    for name in ("expected_rejects.csv", "odd_values.json", "published_results.csv"):
        assert (odd / "truth" / name).read_bytes() == (tmp_path / "truth" / name).read_bytes()
