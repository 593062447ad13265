"""Case histories, the reporting ledger, revisions and the event log, end to end.

A tiny monthly history (scale 0.01, deliveries 2010-06..2010-08 around the migration of
2010-07-01) is generated, landed and replayed delivery by delivery with
``sagskvalitet.history.replay``, freezing 2010Q2 at each of the three deliveries
(2010-06-30, 2010-07-31, 2010-08-31). The tests read the warehouse and the ledger that
replay left; the last test then runs the project's ``make clean`` on that layout,
rebuilds and freezes another period, and holds the earlier ledger files byte for byte.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from sagskvalitet import eventlog, history
from sagskvalitet.report import fmt

REPO = Path(__file__).resolve().parents[2]
SCALE = os.environ.get("HISTORY_TEST_SCALE", "0.01")
# Seed 19 at scale 0.01: late registrations (generator/simulate/late.py) move 2010Q2
# between the 2010-07-31 and 2010-08-31 deliveries (citizen_involved and
# open_overdue_without_notice in the truth as of each), so the revision after the
# committee's report is held here.
SEED = "19"
DELIVERIES = [date(2010, 6, 30), date(2010, 7, 31), date(2010, 8, 31)]
FREEZES = {d: ["2010Q2"] for d in DELIVERIES}
# Variables the outer `make` exports: the test must never reach the developer's folders.
OUTER = ("RAW_DIR", "TRUTH_DIR", "LANDING_DIR", "PUBLISH_DIR", "SAGSKVALITET_DUCKDB", "LEDGER_DIR")

pytestmark = pytest.mark.e2e


def _run(cmd: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"


@pytest.fixture(scope="module")
def replayed(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("history")
    env = history._env(base)
    py = sys.executable
    _run(
        [
            py, "-m", "sagskvalitet", "generate", "--scale", SCALE, "--seed", SEED,
            "--last-month", "2010-08", "--deliveries", "2010-06,2010-07",
            "--out", str(base / "raw"), "--no-truth",
        ],
        env,
    )  # fmt: skip
    _run([py, "-m", "sagskvalitet", "land", "--raw-dir", env["RAW_DIR"],
          "--landing-dir", env["LANDING_DIR"]], env)  # fmt: skip
    assert history.deliveries_in(base / "raw") == DELIVERIES
    frozen = history.replay(base, FREEZES, base / "history.log")
    assert [f.freeze_id for f in frozen] == [
        "2010Q2@2010-06-30#v1",
        "2010Q2@2010-07-31#v2",
        "2010Q2@2010-08-31#v3",
    ]
    return base


def _sql(base: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(base / "warehouse" / "sagskvalitet.duckdb"), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file()
    }


def test_migrated_case_shows_both_states_and_the_move(replayed: Path) -> None:
    moved = _sql(
        replayed,
        "select case_key from marts.fct_case_history where change_kind = 'migrated_to_b' "
        "order by case_key limit 1",
    )
    assert moved, "no case migrated from system A to B in the replay"
    rows = _sql(
        replayed,
        "select version_number, case_id, legacy_case_id, systems, link_method, valid_from_date, "
        "valid_to_date, change_kind, changed_on_date from marts.fct_case_history "
        f"where case_key = '{moved[0][0]}' order by version_number",
    )
    first, second = rows[0], rows[1]
    assert first[3] == "A" and first[4] == "system_a_only" and first[1] == first[2]
    assert first[7] == "appeared_in_a" and first[5] <= date(2010, 6, 30)
    assert first[6] == date(2010, 7, 31)  # closed by the first delivery after the move
    assert second[3] == "A+B" and second[4] == "legacy_ref" and second[1] == moved[0][0]
    assert second[7] == "migrated_to_b" and second[5] == date(2010, 7, 31)
    assert second[8] == date(2010, 7, 1)


def test_snapshot_versions_are_dated_by_deliveries(replayed: Path) -> None:
    for snap in ("snap_cases_linked", "snap_documents_linked", "snap_complaints"):
        query = f"select distinct cast(dbt_valid_from as date) from snapshots.{snap}"
        dates = {r[0] for r in _sql(replayed, query)}
        assert dates and dates <= set(DELIVERIES), (snap, dates)
    # Every case today has exactly one current version in the history.
    current, linked = _sql(
        replayed,
        "select (select count(*) from marts.fct_case_history where is_current), "
        "(select count(*) from intermediate.int_cases_linked)",
    )[0]
    assert current == linked


def test_ledger_holds_both_versions_and_revisions_explain_them(replayed: Path) -> None:
    names = sorted(p.name for p in (replayed / "ledger" / "target_results").iterdir())
    assert names == [
        "2010Q2__asof-2010-06-30__v001.parquet",
        "2010Q2__asof-2010-07-31__v002.parquet",
        "2010Q2__asof-2010-08-31__v003.parquet",
    ]
    # Version 3 equals today's figures (frozen at the last delivery).
    assert _sql(
        replayed,
        "select count(*) from marts.fct_figure_revisions "
        "where old_freeze_id = '2010Q2@2010-08-31#v3' and comparison = 'current' and is_revised",
    ) == [(0,)]
    # Each version against the next: for every share figure, the denominator moved by the
    # members in minus the members out.
    mismatched = _sql(
        replayed,
        "select r.target_id, r.period_grain, r.unit_id, r.area, r.denominator_change, "
        "r.members_in, r.members_out from marts.fct_figure_revisions as r "
        "inner join reference.figure_measures as m on r.target_id = m.target_id "
        "where r.comparison = 'next_version' "
        "and m.measure_kind = 'share' and r.old_denominator is not null "
        "and r.new_denominator is not null "
        "and r.denominator_change <> r.members_in - r.members_out",
    )
    assert mismatched == []
    compared = _sql(
        replayed,
        "select count(*), count(distinct comparison) from marts.fct_figure_revisions "
        "where old_freeze_id = '2010Q2@2010-07-31#v2'",
    )[0]
    assert compared[0] > 0 and compared[1] == 2
    # Every moved member has a reason group; the notes cover every reported figure.
    assert _sql(
        replayed,
        "select count(*) from marts.fct_figure_revision_members where reason_group is null",
    ) == [(0,)]
    # The must-show of issue 13: 2010Q2 frozen at 2010-07-31 (the report a month after the
    # quarter) and at a later delivery differ, and each moved member has its reason from
    # the deliveries in between - none unexplained.
    after_report = _sql(
        replayed,
        "select r.target_id, r.old_numerator, r.new_numerator, r.old_denominator, "
        "r.new_denominator from marts.fct_figure_revisions as r "
        "where r.old_freeze_id = '2010Q2@2010-07-31#v2' and r.comparison = 'next_version' "
        "and r.period_grain = 'quarter' and r.unit_id = 'ALL' and r.is_revised",
    )
    assert after_report, "no 2010Q2 figure moved after the 2010-07-31 delivery"
    reasons = _sql(
        replayed,
        "select reason_group, reason_code, count(*) from marts.fct_figure_revision_members "
        "where old_freeze_id = '2010Q2@2010-07-31#v2' and comparison = 'next_version' "
        "group by all order by all",
    )
    assert reasons and all(group != "unexplained" for group, _, _ in reasons), reasons
    notes, frozen_figures = _sql(
        replayed,
        "select (select count(*) from marts.fct_revision_notes), (select count(*) from "
        "staging.base_ledger__target_results where freeze_id = '2010Q2@2010-08-31#v3')",
    )[0]
    assert notes == frozen_figures > 0


def _report_html(warehouse: Path, period: str, out: Path, env: dict[str, str]) -> str:
    _run([sys.executable, "-m", "sagskvalitet", "report", "--period", period,
          "--duckdb", str(warehouse), "--out", str(out), "--no-pdf"], env)  # fmt: skip
    return (out / period / f"rapport_{period}.html").read_text(encoding="utf-8")


def _field(row_html: str, name: str) -> str:
    match = re.search(rf'data-field="{name}"[^>]*>([^<]*)<', row_html)
    assert match, (name, row_html[:400])
    return match.group(1).strip()


def test_report_shows_revision_of_a_figure_reported_before(replayed: Path, tmp_path: Path) -> None:
    """2010Q2 as reported at 2010-06-30 (v1 only in a ledger of its own), rebuilt as of
    2010-08-31: the report's Revisioner section shows the old and the new figure."""
    book = tmp_path / "ledger"
    for kind in ("target_results", "target_members"):
        (book / kind).mkdir(parents=True)
        name = "2010Q2__asof-2010-06-30__v001.parquet"
        shutil.copy2(replayed / "ledger" / kind / name, book / kind / name)
    warehouse = tmp_path / "warehouse" / "sagskvalitet.duckdb"
    warehouse.parent.mkdir()
    shutil.copy2(replayed / "warehouse" / "sagskvalitet.duckdb", warehouse)
    env = {**history._env(replayed), "SAGSKVALITET_DUCKDB": str(warehouse), "LEDGER_DIR": str(book)}
    dbt = str(Path(sys.executable).with_name("dbt"))
    _run([dbt, "build", "--select", "staging.ledger+", "--target-path", str(tmp_path / "target"),
          "--log-path", str(tmp_path / "logs")], env)  # fmt: skip

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        revised = con.execute(
            "select target_id, area, reported_numerator, reported_denominator, "
            "current_numerator, current_denominator, members_in, members_out, reasons_da "
            "from marts.fct_revision_notes where period = '2010Q2' and period_grain = 'quarter' "
            "and unit_id = 'ALL' and is_revised order by target_id, area"
        ).fetchall()
    finally:
        con.close()
    assert revised, "no 2010Q2 figure moved between the 2010-06-30 and 2010-08-31 deliveries"

    page = _report_html(warehouse, "2010Q2", tmp_path / "reports", env)
    assert "<h2>6. Revisioner</h2>" in page and "Ingen revisioner" not in page
    rows = re.findall(r'<tr data-target="([^"]+)" data-period="2010Q2"[^>]*>(.*?)</tr>', page, re.S)
    shown = {}
    for target_id, body in rows:
        shown.setdefault(target_id, []).append(body)
    assert len(rows) == len(revised)
    for target_id, _area, old_n, old_d, new_n, new_d, n_in, n_out, reasons in revised:
        body = shown[target_id].pop(0)
        assert _field(body, "reported_numerator") == fmt.integer(old_n)
        assert _field(body, "current_numerator") == fmt.integer(new_n)
        if old_d is not None:
            assert _field(body, "reported_denominator") == fmt.integer(old_d)
        if new_d is not None:
            assert _field(body, "current_denominator") == fmt.integer(new_d)
        assert _field(body, "members_in") == fmt.integer(n_in)
        assert _field(body, "members_out") == fmt.integer(n_out)
        assert _field(body, "reasons") == html.escape(reasons or "–", quote=False)
        assert 'data-value="2010-06-30"' in body  # reported at the quarter-end delivery
    notes = re.findall(r'data-field="revision_note">([^<]*)<', page)
    assert len(notes) == len(revised)
    assert all(n.startswith("Indberettet 2010-06-30 (version 1)") for n in notes)
    assert any(r[2] != r[4] or r[3] != r[5] for r in revised)

    # The replay's own warehouse: 2010Q2 last reported at 2010-08-31, today's figures.
    same = _report_html(
        replayed / "warehouse" / "sagskvalitet.duckdb", "2010Q2", tmp_path / "unrevised", env
    )
    assert "Ingen revisioner" in same and 'id="revisions" data-field="no-revisions"' in same


def test_event_log_loads_in_pm4py(replayed: Path, tmp_path: Path) -> None:
    import pm4py

    cases, events = eventlog.export(
        replayed / "warehouse" / "sagskvalitet.duckdb", tmp_path / "eventlog"
    )
    want_cases, want_events, linked = _sql(
        replayed,
        "select count(distinct case_key), count(*), "
        "(select count(*) from intermediate.int_cases_linked) from marts.fct_case_event_log",
    )[0]
    assert (cases, events) == (want_cases, want_events)
    assert want_cases >= linked > 0  # every case today is in the log

    frame = pd.read_parquet(tmp_path / "eventlog" / "event_log.parquet")
    log = pm4py.convert_to_event_log(pm4py.format_dataframe(frame))
    assert len(log) == want_cases
    assert sum(len(trace) for trace in log) == want_events
    starts = pm4py.get_start_activities(frame)
    assert "received" in starts
    activities = set(frame["concept:name"])
    assert {"received", "registered in system A", "migrated to system B", "decided"} <= activities

    csv = pd.read_csv(tmp_path / "eventlog" / "event_log.csv")
    csv["time:timestamp"] = pd.to_datetime(csv["time:timestamp"])
    csv_log = pm4py.convert_to_event_log(pm4py.format_dataframe(csv))
    assert len(csv_log) == want_cases


def test_ledger_survives_clean_rebuild_and_another_freeze(replayed: Path) -> None:
    book = replayed / "ledger"
    before = _digest(book)
    assert len(before) == 6

    # The project's own `make clean`, run on the replay's layout (warehouse/, landing/,
    # target/, logs/ under the replay folder), never on the developer's folders.
    env = {k: v for k, v in os.environ.items() if k not in OUTER and not k.startswith("MAKE")}
    make = [
        "make", "-f", str(REPO / "Makefile"), "-C", str(replayed), "clean",
        f"LANDING_DIR={replayed / 'landing'}", f"PUBLISH_DIR={replayed / 'publish'}",
    ]  # fmt: skip
    _run(make, env)
    assert not (replayed / "warehouse").exists() and not (replayed / "landing").exists()
    assert _digest(book) == before

    # A rebuild from the raw deliveries, then a freeze of another period.
    env = history._env(replayed)
    py = sys.executable
    _run([py, "-m", "sagskvalitet", "land", "--raw-dir", env["RAW_DIR"],
          "--landing-dir", env["LANDING_DIR"]], env)  # fmt: skip
    (replayed / "warehouse").mkdir()
    _run(history._dbt(replayed, "build"), env)
    _run([py, "-m", "sagskvalitet", "freeze", "--period", "2010Q1"], env)
    _run([py, "-m", "sagskvalitet", "freeze", "--period", "2010Q2"], env)  # unchanged: no-op

    after = _digest(book)
    assert {k: after[k] for k in before} == before
    assert sorted(set(after) - set(before)) == [
        "target_members/2010Q1__asof-2010-08-31__v001.parquet",
        "target_results/2010Q1__asof-2010-08-31__v001.parquet",
    ]
    # The rebuilt warehouse reads the whole ledger back as a source.
    _run(history._dbt(replayed, "build", "--select", "staging.ledger+"), env)
    assert _sql(
        replayed, "select count(distinct freeze_id) from staging.base_ledger__target_results"
    ) == [(4,)]
