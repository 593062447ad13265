"""Late registrations (issue 13): a reported quarter moves in later deliveries, and each
delivery shows only what was registered by its date.

One monthly data set at the history's scale (0.05), deliveries 2010-06..2010-11, with the
truth as of 2010-07-31 beside the final one (2010-11-30).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from sagskvalitet import contract as C
from sagskvalitet.generator.simulate import SimParams, simulate
from sagskvalitet.generator.simulate.story import LATE_DOCUMENT_DAYS
from sagskvalitet.params import load_params

JULY, NOVEMBER = date(2010, 7, 31), date(2010, 11, 30)
MONTHS = "2010-06,2010-07,2010-08,2010-09,2010-10,2010-11"


@pytest.fixture(scope="module")
def gen(tmp_path_factory) -> Path:
    from sagskvalitet.cli import main

    out = tmp_path_factory.mktemp("late")
    args = ["generate", "--scale", "0.05", "--seed", "20100301", "--last-month", "2010-11"]
    args += ["--deliveries", MONTHS, "--out", str(out / "raw"), "--truth-out", str(out / "truth")]
    assert main([*args, "--truth-as-of", JULY.isoformat()]) == 0
    return out


def _results(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return {
            (r["target_id"], r["area"]): (r["numerator"], r["denominator"])
            for r in csv.DictReader(fh)
            if r["period"] == "2010Q2" and r["period_grain"] == "quarter" and r["unit_id"] == "ALL"
        }


def test_2010q2_moves_after_the_july_delivery(gen: Path) -> None:
    """The figures of 2010Q2 as of 2010-07-31 (the committee's report) differ from the
    same figures as of 2010-11-30 for some targets."""
    before = _results(gen / "truth" / f"as_of_{JULY}" / "target_results.csv")
    after = _results(gen / "truth" / "target_results.csv")
    moved = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert moved, "no 2010Q2 figure moved between the 2010-07-31 and 2010-11-30 deliveries"


def _b_cases(folder: Path) -> dict[str, dict]:
    lines = (folder / C.SAGSSYSTEM_B.path).read_text(encoding="utf-8").splitlines()
    return {c["case_id"]: c for c in map(json.loads, lines)}


def test_late_decision_is_absent_until_written(gen: Path) -> None:
    """A decision dated before 2010-07-31 but written into system B later: open in the
    July delivery, decided (with that earlier date) in November's."""
    july = _b_cases(gen / "raw" / JULY.isoformat())
    november = _b_cases(gen / "raw" / NOVEMBER.isoformat())
    late = [
        cid
        for cid, c in november.items()
        if c["decided"] and c["decided"] <= JULY.isoformat() and cid in july
        and july[cid]["decided"] is None
    ]  # fmt: skip
    assert late, "no system B decision registered after the July delivery"
    for cid in late:
        assert november[cid]["updated_at"][:10] > JULY.isoformat()


def _esdh(folder: Path) -> list[list[str]]:
    text = (folder / C.ESDH.path).read_bytes().decode(C.ESDH.encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=C.ESDH.delimiter))[1:]


def test_late_document_only_in_the_delivery_of_its_registration(gen: Path) -> None:
    """The ESDH extract is incremental: every version is in the delivery of its
    registration and in none before it; some 2010Q2 documents are first registered after
    2010-08-31."""
    previous = ""
    first: dict[str, tuple[str, str]] = {}
    for folder in sorted(p for p in (gen / "raw").iterdir() if p.is_dir()):
        for row in _esdh(folder):
            doc_id, dated, registered = row[0], row[3], row[7][:10]
            if len(registered) == 10 and registered[4] == "-":  # not an odd Registreret
                assert previous < registered <= folder.name, (doc_id, registered, folder.name)
            iso = dated if dated[4:5] == "-" else "-".join(reversed(dated.split(".")))
            first.setdefault(doc_id, (iso, registered))
        previous = folder.name
    late = [d for d, (iso, reg) in first.items() if iso <= "2010-06-30" and reg > "2010-08-31"]
    assert late, "no 2010Q2 document first registered after 2010-08-31"


def test_late_shares_are_small() -> None:
    """The late registrations are a small documented share (story.LATE_*)."""
    p = SimParams(seed=5, scale=0.05, first_month=(2010, 1), last_month=(2011, 12))
    sim = simulate(p, load_params())
    decided = [b for b in sim.b_records if b.decided is not None]
    late_decisions = sum(1 for b in decided if b.decision_registered != b.decided)
    assert 0.005 < late_decisions / len(decided) < 0.04
    first = {}
    for d in sim.documents:
        first.setdefault(d.document_id, d)
    kinds = [d for d in first.values() if d.variant is not None]
    late_docs = sum(
        1 for d in kinds if d.registered // 1440 - d.document_date >= LATE_DOCUMENT_DAYS[0]
    )
    assert 0.005 < late_docs / len(kinds) < 0.05
