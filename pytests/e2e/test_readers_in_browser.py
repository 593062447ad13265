"""The readers of the marts, tested as they read: the dbt docs site and the committee
report in a real (headless Chromium) browser, and a BI reader holding the published DuckDB
file open across a rebuild and re-publish.

Runs on a copy of the small end-to-end build (``clean_build``), so the other end-to-end
tests keep their warehouse. Screenshots and the PDF's first page are saved under
``artifacts/browser/`` (gitignored). Chromium (Debian ``chromium``) and pdftoppm (Debian
``poppler-utils``) are installed when missing and root; otherwise the test fails with a
message naming the package, never skips.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from sagskvalitet.publishing.record import sha256_file, write_record
from sagskvalitet.report.chromium import ensure_chromium, pdf_first_page_png
from sagskvalitet.report.devtools import Browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "browser"
REPORT_PERIODS = ("2010Q2", "2010H2")
REBUILD_AS_OF = "2010-06-30"
EXPOSURES = {
    "exposure.sagskvalitet.quarterly_committee_report",
    "exposure.sagskvalitet.half_yearly_finance_committee_report",
    "exposure.sagskvalitet.power_bi_target_dashboard",
    "exposure.sagskvalitet.metabase_follow_up_collection",
}


class Readers:
    def __init__(self, clean_build, root: Path) -> None:
        self.root = root
        self.warehouse = root / "wh" / clean_build.duckdb.name  # same name: same catalog
        self.target = root / "target"
        self.publish = root / "publish"
        self.env = {
            **clean_build.env,
            "SAGSKVALITET_DUCKDB": str(self.warehouse),
            "DBT_TARGET_PATH": str(self.target),
            "DBT_LOG_PATH": str(root / "logs"),
            "PUBLISH_DIR": str(self.publish),
        }

    def run(self, *cmd: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(cmd, cwd=REPO, env=self.env, capture_output=True, text=True)
        assert proc.returncode == 0, (
            f"{' '.join(cmd)}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        )
        return proc

    def dbt(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(str(Path(sys.executable).with_name("dbt")), *args)

    def published(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.publish / "sagskvalitet.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def readers(clean_build, tmp_path_factory) -> Readers:
    ensure_chromium()
    r = Readers(clean_build, tmp_path_factory.mktemp("readers"))
    r.warehouse.parent.mkdir(parents=True)
    shutil.copy2(clean_build.duckdb, r.warehouse)
    r.dbt("docs", "generate")
    # The test creates the build record the build wrapper writes after a complete build.
    con = duckdb.connect(str(r.warehouse), read_only=True)
    as_of = str(con.execute("select max(as_of_date) from marts.dim_cases").fetchone()[0])
    con.close()
    write_record(
        r.warehouse,
        {
            "status": "complete",
            "build_id": f"{as_of}_e2e-first",
            "as_of_date": as_of,
            "latest_delivery": as_of,
            "warehouse_sha256": sha256_file(r.warehouse),
        },
    )
    r.run("make", "--no-print-directory", "publish")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return r


# ---------------------------------------------------------------- docs: descriptions
def test_every_node_column_and_macro_is_described(readers):
    manifest = json.loads((readers.target / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((readers.target / "catalog.json").read_text(encoding="utf-8"))
    missing = []
    nodes = {**manifest["nodes"], **manifest["sources"]}
    kinds = {"model", "seed", "snapshot", "source"}
    for uid, node in nodes.items():
        if node["resource_type"] not in kinds or node["package_name"] != "sagskvalitet":
            continue
        if not node.get("description", "").strip():
            missing.append(uid)
        documented = {k.lower(): v for k, v in node.get("columns", {}).items()}
        built = catalog["nodes"].get(uid) or catalog["sources"].get(uid)
        if built is None:
            # sources read landed Parquet files (no table in the catalog): their declared
            # columns must be there and described
            assert node["resource_type"] == "source" and documented, f"{uid}: no columns"
            built = {"columns": documented}
        for column in built["columns"]:
            if not documented.get(column.lower(), {}).get("description", "").strip():
                missing.append(f"{uid}.{column}")
    for uid, macro in manifest["macros"].items():
        if macro["package_name"] != "sagskvalitet":
            continue
        if not macro.get("description", "").strip():
            missing.append(uid)
        missing += [
            f"{uid}({a['name']})" for a in macro.get("arguments", []) if not a.get("description")
        ]
    assert not missing, f"undocumented: {missing}"
    marts = [
        n for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["schema"] == "marts"
    ]  # fmt: skip
    assert len(marts) >= 15
    for node in marts:
        assert node["config"]["meta"].get("owner"), node["name"]
        assert node["config"]["meta"].get("audience") in ("committee", "internal"), node["name"]
        untyped = [c for c, v in node["columns"].items() if not v.get("data_type")]
        assert not untyped, f"{node['name']}: no data_type on {untyped}"
    exposures = {e["unique_id"] for e in manifest["exposures"].values()}
    assert exposures == EXPOSURES
    assert "__overview__" in {d["name"] for d in manifest["docs"].values()}
    assert "glossary" in {d["name"] for d in manifest["docs"].values()}


# ---------------------------------------------------------------- docs site in a browser
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_docs_site_lists_columns_and_exposures_downstream(readers):
    port = _free_port()
    dbt = str(Path(sys.executable).with_name("dbt"))
    server = subprocess.Popen(
        [dbt, "docs", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-browser"],
        cwd=REPO,
        env=readers.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                assert server.poll() is None, "dbt docs serve exited"
                assert time.monotonic() < deadline, "dbt docs serve never answered"
                time.sleep(0.5)
        catalog = json.loads((readers.target / "catalog.json").read_text(encoding="utf-8"))
        columns = set(catalog["nodes"]["model.sagskvalitet.fct_target_results"]["columns"])
        with Browser(1400, 1000) as b:
            b.navigate(url + "#!/model/model.sagskvalitet.fct_target_results")
            b.wait_for("document.querySelectorAll('tr td span.text-dark').length > 10")
            shown = set(
                b.evaluate(
                    "Array.from(document.querySelectorAll('tr td span.text-dark'))"
                    ".map(e => e.innerText.trim())"
                )
            )
            assert {c.lower() for c in columns} <= {s.lower() for s in shown}
            b.evaluate("document.getElementById('columns').scrollIntoView()")
            b.screenshot(ARTIFACTS / "docs_fct_target_results.png")
            b.evaluate("document.querySelector('[ng-click=\"showExpanded()\"]').click()")
            visible = (
                "(function(){var r=document.getElementById('cy')._cyreg; if(!r) return [];"
                "return r.cy.nodes().filter(n => n.visible()).map(n => n.id());})()"
            )
            nodes = b.wait_for(
                f"(function(){{var n={visible}; "
                "return n.filter(x => x.startsWith('exposure.')).length >= 4 ? n : null;})()"
            )
            assert set(nodes) >= EXPOSURES
            assert "model.sagskvalitet.fct_target_results" in nodes
            # zoom the screenshot to the marts and their readers (the graph is a canvas)
            b.evaluate(
                "(function(){var cy=document.getElementById('cy')._cyreg.cy;"
                "var keep=cy.nodes().filter(n => n.visible() && /^(exposure\\.|model\\."
                "sagskvalitet\\.(fct|dim)_)/.test(n.id()));"
                "cy.fit(keep, 20); return keep.length;})()"
            )
            time.sleep(1)
            b.screenshot(ARTIFACTS / "docs_fct_target_results_lineage.png")
    finally:
        server.terminate()
        server.wait(timeout=20)


# ---------------------------------------------------------------- report in a browser
def _number(text: str) -> Decimal | None:
    text = text.strip().split("\n")[0].replace("%", "").replace("pp", "").strip()
    if text in ("–", ""):
        return None
    return Decimal(text.replace(".", "").replace(",", ".").replace("−", "-"))


READ_ROWS = """(function(sel){
  return Array.from(document.querySelectorAll(sel + ' tr[data-target]')).map(tr => ({
    target: tr.dataset.target,
    cells: Array.from(tr.querySelectorAll('td[data-field]')).map(td => ({
      field: td.dataset.field, unit: td.dataset.unit || null, reason: td.dataset.reason || null,
      value: td.dataset.value || null, text: td.innerText}))}));
})"""


@pytest.mark.parametrize("period", REPORT_PERIODS)
def test_report_numbers_in_the_browser_equal_the_marts(readers, period):
    out = readers.root / "reports"
    proc = readers.run(sys.executable, "-m", "sagskvalitet", "report", "--period", period,
                       "--out", str(out))  # fmt: skip
    assert "sagskvalitet.duckdb" in proc.stdout  # read from the published copy
    html = out / period / f"rapport_{period}.html"
    pdf = out / period / f"rapport_{period}.pdf"
    assert pdf.stat().st_size > 10_000
    text = html.read_text(encoding="utf-8")
    assert (
        "<script" not in text
        and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        and "https://" not in text
    )

    quarter = period[4] == "Q"
    con = readers.published()
    table = (
        "internal.fct_quarterly_target_results"
        if quarter
        else ("committee.fct_half_yearly_target_results")
    )
    unit_filter = "and unit_id = 'ALL'" if quarter else ""
    marts = {
        row[0]: row[1:]
        for row in con.execute(
            f"select target_id, percent, numerator, denominator, is_met, previous_percent "
            f"from {table} where period = ? {unit_filter}",
            [period],
        ).fetchall()
    }
    published = (
        "committee.fct_published_quarterly_results"
        if quarter
        else ("committee.fct_published_half_yearly_results")
    )
    units = {
        (row[0], row[1]): row[2:]
        for row in con.execute(
            f"select target_id, unit_id, percent, numerator, denominator, is_suppressed, "
            f"suppression_reason from {published} where period = ?",
            [period],
        ).fetchall()
    }
    monitoring = {
        row[0]: row[1:]
        for row in con.execute(
            "select target_id, percent, numerator, denominator, change_percent, "
            "change_percentage_points from internal.fct_monitoring_figures "
            "where period = ? and unit_id = 'ALL'",
            [period],
        ).fetchall()
    }
    con.close()
    assert marts and units

    with Browser(1240, 1750) as b:
        b.navigate(html.resolve().as_uri())
        targets = b.evaluate(READ_ROWS + "('#targets')")
        unit_rows = b.evaluate(READ_ROWS + "('#units')")
        extra = b.evaluate(READ_ROWS + ("('#monitoring')" if quarter else "('#half-yearly')"))
        meta_period = b.evaluate("document.getElementById('meta-period').dataset.period")
        b.screenshot(ARTIFACTS / f"report_{period}.png")
    pdf_first_page_png(pdf, ARTIFACTS / f"report_{period}_pdf_page1.png")

    assert meta_period == period
    assert len(targets) == 6
    checked = 0
    for row in targets:
        percent, numerator, denominator, is_met, previous_percent = marts.get(
            row["target"], (None,) * 5
        )
        cells = {c["field"]: c for c in row["cells"]}
        assert _number(cells["percent"]["text"]) == percent, row
        assert _number(cells["numerator"]["text"]) == numerator, row
        assert _number(cells["denominator"]["text"]) == denominator, row
        assert _number(cells["previous_percent"]["text"]) == previous_percent, row
        expected = "null" if is_met is None else str(is_met).lower()
        assert cells["is_met"]["value"] == expected, row
        checked += 1
    assert checked == 6
    n_suppressed = 0
    for row in unit_rows:
        for cell in row["cells"]:
            key = (row["target"], cell["unit"])
            if cell["field"] == "absent":
                assert key not in units, key
                continue
            percent, numerator, denominator, is_suppressed, reason = units[key]
            if cell["field"] == "suppressed":
                assert is_suppressed and cell["reason"] == reason, key
                n_suppressed += 1
            elif cell["field"] == "percent":
                assert not is_suppressed
                assert _number(cell["text"]) == percent, key
                shown = cell["text"].split("\n")[-1].strip()
                assert shown == f"{numerator:,}/{denominator:,}".replace(",", "."), key
            else:
                assert _number(cell["text"]) == numerator, key
    assert n_suppressed == sum(1 for v in units.values() if v[3])
    shown_keys = {(r["target"], c["unit"]) for r in unit_rows for c in r["cells"]}
    assert set(units) <= shown_keys
    if quarter:
        assert set(monitoring).issubset({r["target"] for r in extra})
        for row in extra:
            if row["target"] not in monitoring:
                continue
            percent, numerator, denominator, change_percent, change_pp = monitoring[row["target"]]
            cells = {c["field"]: c["text"] for c in row["cells"]}
            assert _number(cells["numerator"]) == numerator, row
            if "percent" in cells:
                assert _number(cells["percent"]) == percent, row
                assert _number(cells["change_percentage_points"]) == change_pp, row
            else:
                assert _number(cells["change_percent"]) == change_percent, row
    else:
        assert len(extra) >= 11
        for row in extra:
            cells = {c["field"]: c["text"] for c in row["cells"]}
            assert _number(cells["numerator"]) == marts[row["target"]][1], row


# ---------------------------------------------------------------- BI reader held open
READER = """
import duckdb, json, sys
path = sys.argv[1]
def read(con):
    return json.dumps(con.execute(
        "select build_id, cast(as_of_date as varchar), "
        "(select count(*) from committee.fct_published_quarterly_results) "
        "from committee.release_info").fetchone())
con = duckdb.connect(path, read_only=True)
print(read(con), flush=True)
for line in sys.stdin:
    if line.strip() == "reopen":
        con.close()
        con = duckdb.connect(path, read_only=True)
    print(read(con), flush=True)
"""


def test_reader_holding_published_file_open_across_rebuild_and_publish(readers):
    published = readers.publish / "sagskvalitet.duckdb"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = json.loads(reader.stdout.readline())
        # rebuild the warehouse (as of an earlier delivery, so the new set differs)
        # through the build wrapper, which writes the build record publish checks
        readers.run(sys.executable, "-m", "sagskvalitet", "build", "--no-docs",
                    "--", "--vars", f"{{as_of_date: '{REBUILD_AS_OF}'}}")  # fmt: skip
        proc = readers.run("make", "--no-print-directory", "publish")
        assert "published build" in proc.stdout
        reader.stdin.write("read\n")
        reader.stdin.flush()
        held = json.loads(reader.stdout.readline())
        reader.stdin.write("reopen\n")
        reader.stdin.flush()
        reopened = json.loads(reader.stdout.readline())
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert held == first  # the open handle keeps reading the set it opened
    assert reopened[0] != first[0] and reopened[1] == REBUILD_AS_OF
    index = json.loads((readers.publish / "index.json").read_text(encoding="utf-8"))
    assert index["build_id"] == reopened[0]
    assert len([p for p in readers.publish.parent.glob("publish.releases/*")]) == 2


def test_published_release_holds_no_pseudonym_free_text_or_machine_path(readers):
    index = json.loads((readers.publish / "index.json").read_text(encoding="utf-8"))
    columns = {c["name"] for t in index["tables"] for c in t["columns"]}
    assert not columns & {"citizen_key", "title", "title_folded", "raw_record"}
    for table in index["tables"]:
        for column in table["columns"]:
            assert column["type"] not in ("HUGEINT", "UHUGEINT"), (table["table"], column)
            assert column["description"], (table["table"], column["name"])
    paths = [str(REPO).encode(), str(readers.root).encode()]
    for path in readers.publish.resolve().rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(p in data for p in paths), path
