"""Faults: landing, the build and publish killed at random moments; no CPR anywhere after.

One small data set (scale 0.01, June and July 2010, 1 % unreadable rows, and every
written form of a CPR number typed into titles, case references and unit names) is
landed and built with the project's own commands, as ``make build`` runs them:

- landing (its files in worker processes) is SIGKILLed three times at random moments,
  then runs to the end: it lands exactly what an unbroken landing in one process lands,
  and landing again changes nothing;
- a complete build is made, a reader opens the warehouse read-only and keeps it open,
  the build wrapper is SIGKILLed three times at random moments (the previous complete
  build stays in place with its record), then it builds to the end beside the reader:
  every figure of the marts equals the first build's (building twice changes nothing);
- publish is SIGKILLed three times, then runs to the end: the published release is a
  complete set of one build (the interface in docs; issue 9 owns publish);
- every table, landed file, log, docs page, build record and published file is searched
  for every CPR number of the raw exports in every written form: none is found.

The random moments come from a seeded generator (RELIABILITY_SEED), so a failure can be
replayed. The module takes about three to four minutes on the shared machine.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from reliability_world import REPO, TEST_KEY
from test_bad_deliveries import CPR_FORMS, _cpr_everywhere

from sagskvalitet import contract
from sagskvalitet.build import landing_note, landing_state

RNG = random.Random(int(os.environ.get("RELIABILITY_SEED", "11")))
KILLS = 3
PY = sys.executable
# Any written form of a CPR number: ddmmyy, optional . or - inside, optional - or space.
ANY_FORM = re.compile(r"(?<!\d)(\d{2})[.-]?(\d{2})[.-]?(\d{2})[- ]?(\d{4})(?!\d)")


class World:
    def __init__(self, root: Path, raw: Path):
        self.root, self.raw = root, raw
        self.landing = root / "landing"
        self.duckdb = root / "warehouse" / "sagskvalitet.duckdb"
        self.publish = root / "publish"
        self.env = {
            **os.environ,
            "RAW_DIR": str(raw),
            "LANDING_DIR": str(self.landing),
            "SAGSKVALITET_DUCKDB": str(self.duckdb),
            "SAGSKVALITET_CPR_KEY": TEST_KEY,
            "DBT_PROFILES_DIR": str(REPO),
            "PUBLISH_DIR": str(self.publish),
            # dbt's full log (every SQL statement), for the CPR search below: the project
            # writes it at info level, and a user debugging a build turns this on.
            "DBT_LOG_LEVEL_FILE": "debug",
        }
        self.notes: dict[str, object] = {}

    @property
    def record_path(self) -> Path:
        return self.duckdb.parent / "build_record.json"

    def cmd(self, name: str) -> list[str]:
        paths = ["--target-path", str(self.root / "target"), "--log-path", str(self.root / "logs")]
        return {
            "land": [PY, "-m", "sagskvalitet", "land", "--raw-dir", str(self.raw),
                     "--landing-dir", str(self.landing)],
            "build": [PY, "-m", "sagskvalitet", "build", *paths],
            # this build's own manifest: a clean clone has no target/ of its own
            "publish": [PY, "-m", "sagskvalitet", "publish", "--duckdb", str(self.duckdb),
                        "--out", str(self.publish),
                        "--manifest", str(self.root / "target" / "manifest.json")],
        }[name]  # fmt: skip

    def run(self, name: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            self.cmd(name), cwd=REPO, env=self.env, capture_output=True, text=True
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"{name} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}")
        return proc

    def run_build_without_docs(self) -> None:
        cmd = [*self.cmd("build"), "--no-docs"]
        proc = subprocess.run(cmd, cwd=REPO, env=self.env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]

    def kill_at_random(self, name: str, low: float, high: float) -> float:
        """Start a command and SIGKILL its process group after a random delay."""
        delay = RNG.uniform(low, high)
        proc = subprocess.Popen(
            self.cmd(name), cwd=REPO, env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the command and its dbt child
            proc.wait()
            return delay
        return -delay  # finished before the kill: noted, the test still holds


def _landed_tables(landing: Path) -> dict[str, pa.Table]:
    return {
        p.relative_to(landing).as_posix(): pq.read_table(p)
        for p in sorted(landing.glob("*/*.parquet"))
    }


def _marts_digest(db: Path) -> dict[str, str]:
    """Every marts table's rows, sorted, hashed: equal digests mean equal figures."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
        for (t,) in tables:
            rows = con.execute(f'select * from marts."{t}"').fetchall()
            text = "\n".join(sorted(repr(r) for r in rows))
            out[t] = hashlib.sha256(text.encode()).hexdigest()
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def world(generated_raw, tmp_path_factory) -> World:
    root = tmp_path_factory.mktemp("faults")
    raw = root / "raw"
    shutil.copytree(generated_raw, raw)
    _cpr_everywhere(raw)
    return World(root, raw)


@pytest.fixture(scope="module")
def landed(world) -> World:
    """Reference landing without faults, then the landing killed three times and finished."""
    ref = World(world.root / "ref", world.raw)
    ref.env = {**world.env, "LANDING_DIR": str(ref.landing)}
    ref.run("land")
    # The killed landings and the one that finishes land the files of each delivery in
    # worker processes (landing.parallel, forced on these small deliveries; the kill takes
    # the whole process group, workers included); the reference lands in one process.
    world.env = {
        **world.env,
        "SAGSKVALITET_LANDING_WORKERS": "2",
        "SAGSKVALITET_LANDING_PARALLEL_MIB": "0",
    }
    delays = [world.kill_at_random("land", 0.5, 6.0) for _ in range(KILLS)]
    world.run("land")
    again = world.run("land")
    world.notes.update(land_delays=delays, land_again=again.stdout, ref=ref)
    return world


@pytest.fixture(scope="module")
def built(landed) -> World:
    w = landed
    w.run_build_without_docs()
    w.notes["record1"] = json.loads(w.record_path.read_text())
    w.notes["digest1"] = _marts_digest(w.duckdb)
    reader = subprocess.Popen(
        [PY, "-c", (
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(w.duckdb)!r}, read_only=True)\n"
            "print(con.execute('select count(*) from marts.fct_file_reconciliation')"
            ".fetchone()[0], flush=True)\n"
            "sys.stdin.readline()\n"
            "print(con.execute('select count(*) from marts.fct_file_reconciliation')"
            ".fetchone()[0], flush=True)\n"
        )],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert reader.stdout is not None and reader.stdin is not None
    first = reader.stdout.readline().strip()
    after_kills = []
    delays = []
    for _ in range(KILLS):
        delays.append(w.kill_at_random("build", 2.0, 20.0))
        after_kills.append(
            (
                json.loads(w.record_path.read_text()),
                _sha(w.duckdb),
                (w.duckdb.parent / ".building").exists(),
            )
        )
    t0 = time.perf_counter()
    final = w.run("build")
    w.notes.update(
        build_seconds=time.perf_counter() - t0,
        build_out=final.stdout,
        build_delays=delays,
        after_kills=after_kills,
        record2=json.loads(w.record_path.read_text()),
        digest2=_marts_digest(w.duckdb),
    )
    reader.stdin.write("\n")
    reader.stdin.flush()
    second = reader.stdout.readline().strip()
    reader.wait(timeout=60)
    w.notes["reader"] = (first, second, reader.returncode)
    return w


def test_killed_landing_recovers_and_lands_the_same(landed):
    ref = landed.notes["ref"]
    got, want = _landed_tables(landed.landing), _landed_tables(ref.landing)
    assert sorted(got) == sorted(want)
    for name, table in want.items():
        assert got[name].equals(table), name
    assert "nothing to land" in landed.notes["land_again"]  # landing twice: no change
    assert not list(landed.landing.glob("*/.*.tmp"))


def test_killed_build_leaves_the_previous_complete_build(built):
    record1 = built.notes["record1"]
    assert record1["status"] == "complete"
    for record, sha, _ in built.notes["after_kills"]:
        # a kill leaves the previous warehouse and its record: complete and matching
        assert record == record1
        assert sha == record1["warehouse_sha256"]
    record2 = built.notes["record2"]
    assert record2["status"] == "complete"
    assert record2["warehouse_sha256"] == _sha(built.duckdb)
    assert record2["as_of_date"] == "2010-07-31" and record2["newest_landing_failed"] is None
    assert record2["nodes"]["error"] == record2["nodes"]["fail"] == 0
    assert record2["tests_passed"] > 100
    assert not (built.duckdb.parent / ".building").exists()


def test_building_twice_changes_no_figure(built):
    d1, d2 = built.notes["digest1"], built.notes["digest2"]
    assert sorted(d1) == sorted(d2) and len(d1) > 10
    assert {t for t in d1 if d1[t] != d2[t]} == set()


def test_a_reader_holding_the_warehouse_does_not_stop_the_build(built):
    first, second, rc = built.notes["reader"]
    # the reader kept reading the build it opened, and the build completed beside it
    assert rc == 0 and first == second and int(first) > 0
    assert built.notes["record2"]["status"] == "complete"


def test_warehouse_and_landing_files_are_not_world_readable(built):
    for path in [built.duckdb, built.record_path, *built.landing.glob("*/*.parquet")]:
        assert path.stat().st_mode & 0o077 == 0, path


def _known_cprs(raw: Path) -> set[str]:
    """Every CPR number of the raw exports' CPR columns and of the corpus, as 10 digits."""
    out = {re.sub(r"\D", "", f) for f in CPR_FORMS}
    for delivery in raw.iterdir():
        for spec in contract.FILES:
            if spec.key == contract.SAGSSYSTEM_B.key:
                for line in (delivery / spec.path).read_text(encoding="utf-8").splitlines():
                    try:
                        out.add(re.sub(r"\D", "", str(json.loads(line).get("cpr") or "")))
                    except (ValueError, AttributeError):
                        continue  # an unreadable injected row
            elif "CPR" in spec.columns:
                enc = "cp1252" if spec.encoding == "cp1252" else "utf-8-sig"
                text = (delivery / spec.path).read_text(encoding=enc)
                rows = csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter or ",")
                header = next(rows)
                i = header.index("CPR")
                out.update(re.sub(r"\D", "", r[i]) for r in rows if len(r) > i)
    return {c for c in out if len(c) == 10}


def _hits(text: str, known: set[str]) -> list[str]:
    return [m.group(0) for m in ANY_FORM.finditer(text) if "".join(m.groups()) in known]


def test_no_cpr_in_any_table_file_log_or_page(built):
    """The CPR grep: landing, warehouse, dbt target and logs, build record, publish."""
    built.run("publish", check=False)
    known = _known_cprs(built.raw)
    assert len(known) > 1000  # the raw exports do hold CPR numbers
    found: list[tuple[str, str]] = []
    searched = 0
    with duckdb.connect(str(built.duckdb), read_only=True) as con:
        cols = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        for schema, table, column in cols:
            values = con.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall()
            searched += 1
            found += [
                (f"{schema}.{table}.{column}", h) for (v,) in values if v for h in _hits(v, known)
            ]
    dirs = [
        built.landing,
        built.root / "target",
        built.root / "logs",
        built.duckdb.parent,
        built.publish,
    ]
    for d in dirs:
        for path in d.rglob("*") if d.exists() else []:
            if not path.is_file() or path.suffix == ".duckdb":
                continue
            searched += 1
            if path.suffix == ".parquet":
                table = pq.read_table(path)
                for name in table.column_names:
                    if pa.types.is_string(table.schema.field(name).type):
                        for v in table.column(name).to_pylist():
                            found += [(str(path), h) for h in _hits(v or "", known)]
            else:
                text = path.read_bytes().decode("utf-8", errors="replace")
                found += [(str(path), h) for h in _hits(text, known)]
    assert searched > 200
    assert found == []
    log = (built.root / "logs").joinpath("dbt.log").read_text()
    assert "[debug]" in log  # the full log, every SQL statement in it, was searched
    assert TEST_KEY not in log


def test_rejects_gate_stops_the_build_naming_delivery_file_count_share_and_where(built, tmp_path):
    """The build wrapper with both limits at 0 (every file with a reject is "broken"),
    on a copy of the built warehouse: the gate fails, the wrapper prints one message per
    file, the record says failed and the warehouse file is the previous build."""
    db = tmp_path / "warehouse" / "sagskvalitet.duckdb"
    db.parent.mkdir()
    shutil.copy2(built.duckdb, db)
    shutil.copy2(built.record_path, db.parent / "build_record.json")
    before = _sha(db)
    limits = "{rejects_max_share: 0, rejects_max_rows: 0}"
    proc = subprocess.run(
        [PY, "-m", "sagskvalitet", "build", "--no-docs", "--target-path", str(tmp_path / "t"),
         "--log-path", str(tmp_path / "logs"), "--", "-s", "assert_rejected_share_below_max",
         "--vars", limits],
        cwd=REPO, env={**built.env, "SAGSKVALITET_DUCKDB": str(db)}, capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stdout[-3000:] + proc.stderr[-3000:]
    messages = [
        line.strip().removeprefix("build:").strip()
        for line in proc.stderr.splitlines()
        if line.startswith("build:   delivery ")
    ]
    assert messages, proc.stderr
    pattern = re.compile(
        r"^delivery 2010-0[67]-3[01], file 2010-0[67]-3[01]/[a-z_]+/[a-z]+\.(csv|jsonl): "
        r"\d+ of \d+ rows rejected \(\d+\.\d %\), above both limits \(0\.0 % and 0 rows\); "
        r"the rows are listed in marts\.fct_rejected_rows where delivery_date = "
        r"2010-0[67]-3[01] and file_key = '[a-z_]+'$"
    )
    for m in messages:
        assert pattern.match(m), m
    record = json.loads((db.parent / "build_record.json").read_text())
    assert record["status"] == "failed" and record["nodes"]["fail"] == 1
    assert "rows rejected" in record["message"] and "warehouse_sha256" not in record
    assert _sha(db) == before  # the previous build stays in place
    assert not (db.parent / ".building").exists()
    # with the project's limits (5 % and 20 rows) the same data passed the gate
    assert built.notes["record2"]["status"] == "complete"


def test_build_says_which_delivery_and_that_the_newest_landing_failed(tmp_path):
    message = "delivery 2010-07-31, file esdh/dokumenter.csv: the file is missing"
    state = {
        "deliveries": {"2010-06-30": {}},
        "failed": {"delivery": "2010-07-31", "message": message},
    }
    (tmp_path / "_state.json").write_text(json.dumps(state))
    latest, failed = landing_state(tmp_path)
    note = landing_note(latest, failed)
    assert latest == "2010-06-30"
    assert "newest landing failed" in note and "2010-07-31" in note and "2010-06-30" in note


def test_killed_publish_leaves_a_complete_release_of_one_build(built):
    """The published-release interface (issue 9 owns publish): after kills, a complete set."""
    # publish refuses a warehouse whose last build did not complete
    record = json.loads(built.record_path.read_text())
    failed = {**record, "status": "failed"}
    built.record_path.write_text(json.dumps(failed))
    try:
        refused = built.run("publish", check=False)
    finally:
        built.record_path.write_text(json.dumps(record))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    for _ in range(KILLS):
        built.kill_at_random("publish", 0.2, 4.0)
        if built.publish.is_symlink():
            _assert_complete_release(built.publish, record)
    built.run("publish")
    _assert_complete_release(built.publish, record)


def _assert_complete_release(link: Path, record: dict) -> None:
    assert link.is_symlink() and not os.path.isabs(os.readlink(link))
    release = link.resolve()
    assert release.parent.name == "publish.releases"
    index = json.loads((release / "index.json").read_text())
    assert index["build_id"] == record["build_id"]
    assert json.loads((release / "build_record.json").read_text())["build_id"] == record["build_id"]
    listed = index["files"]
    names = [f["path"] if isinstance(f, dict) else f for f in listed]
    assert any(str(n).endswith("sagskvalitet.duckdb") for n in names)
    for f in listed:
        if isinstance(f, dict) and "sha256" in f:
            assert _sha(release / f["path"]) == f["sha256"], f["path"]
    for path in release.rglob("*"):
        assert path.stat().st_mode & 0o007 == 0, path  # not world-readable


def test_node_counts_take_exposures_as_no_op_not_as_errors():
    """dbt reports an exposure as `no-op`: nothing ran and nothing failed, so it must not
    make a complete build count as failed; an unknown status still does."""
    from sagskvalitet.build import node_counts

    results = {
        "results": [
            {"status": "success"},
            {"status": "pass"},
            {"status": "no-op"},
            {"status": "warn"},
        ]
    }
    counts, passed = node_counts(results)
    assert counts == {"success": 2, "error": 0, "fail": 0, "warn": 1, "skipped": 0, "no_op": 1}
    assert passed == 1
    counts, _ = node_counts({"results": [{"status": "runtime error"}]})
    assert counts["error"] == 1
