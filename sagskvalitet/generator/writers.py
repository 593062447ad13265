"""Write a simulation as deliveries of export files (exports.md), streaming.

Full extracts show every record as of the delivery date; incremental files (esdh,
henvendelser) hold what was registered or changed since the previous delivery, the first
written delivery everything before it. ``--bad-rows`` adds unreadable rows, each an extra
row listed in ``injected_bad_rows.csv``. The odd values of ``odd_values`` (on by default)
change a few rows in place; those a ruling rejects are listed as expected rejects.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import json
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from sagskvalitet import contract as C
from sagskvalitet.generator.simulate import EXTRA_KEY_FROM, Simulation, month_end
from sagskvalitet.generator.simulate.ids import SystemAIds

_TZ = ZoneInfo(C.TIMEZONE)


class _Dates:
    """Cached text forms of ordinal dates."""

    def __init__(self) -> None:
        self._iso: dict[int, str] = {}
        self._dmy: dict[int, str] = {}
        self._off: dict[int, str] = {}
        self._month_end: dict[int, int] = {}

    def iso(self, o: int) -> str:
        v = self._iso.get(o)
        if v is None:
            v = self._iso[o] = date.fromordinal(o).isoformat()
        return v

    def dmy(self, o: int | None) -> str:
        if o is None:
            return ""
        v = self._dmy.get(o)
        if v is None:
            v = self._dmy[o] = date.fromordinal(o).strftime("%d-%m-%Y")
        return v

    def offset(self, o: int) -> str:
        """UTC offset of Europe/Copenhagen at noon of the day (office hours never straddle
        a DST switch, which happens at night)."""
        v = self._off.get(o)
        if v is None:
            d = date.fromordinal(o)
            z = datetime(d.year, d.month, d.day, 12, tzinfo=_TZ).strftime("%z")
            v = self._off[o] = f"{z[:3]}:{z[3:]}"
        return v

    def ts(self, minute: int, seconds: str | None = None) -> str:
        day, hm = divmod(minute, 1440)
        text = f"{self.iso(day)} {hm // 60:02d}:{hm % 60:02d}"
        return text if seconds is None else f"{text}:{seconds}"

    def month_end(self, o: int) -> int:
        v = self._month_end.get(o)
        if v is None:
            d = date.fromordinal(o)
            v = self._month_end[o] = month_end(d.year, d.month)
        return v


def _opt(o: int | None, d: int, fmt) -> str:
    return fmt(o) if o is not None and o <= d else ""


class BadRows:
    """Plans and builds unreadable extra rows; logs each one."""

    KINDS: ClassVar[dict[str, tuple[str, ...]]] = {
        C.SAGSSYSTEM_A.key: ("invalid_date", "unknown_code", "missing_id", "field_count"),
        C.SAGSSYSTEM_B.key: ("invalid_date", "unknown_code", "missing_id", "invalid_json"),
        C.ESDH.key: ("invalid_date", "missing_id", "field_count"),
        C.KLAGER.key: ("invalid_date", "unknown_code", "missing_id", "field_count"),
        C.AKTINDSIGT.key: ("invalid_date", "unknown_code", "missing_id", "field_count"),
        # Modtaget is a timestamp here (staging says invalid_timestamp): no date kind.
        C.HENVENDELSER.key: ("unknown_code", "missing_id", "field_count"),
    }

    def __init__(self, rate: float, seed: int, dates: _Dates, a_ids: SystemAIds | None = None):
        self.rate = rate
        self.rng = random.Random(f"{seed}/bad_rows")
        self.dates = dates
        self.a_ids = a_ids or SystemAIds()
        self.log: list[tuple[str, str, int, str, str]] = []
        self._n = 0

    def plan_for(self, key: str, n_good: int) -> dict[int, str]:
        """Row numbers (1-based, in the written file) of bad rows -> reason code."""
        if self.rate <= 0 or n_good <= 0:
            return {}
        n_bad = max(1, round(self.rate * n_good))
        total = n_good + n_bad
        positions = sorted(self.rng.sample(range(1, total + 1), n_bad))
        kinds = self.KINDS[key]
        start = self.rng.randrange(len(kinds))
        return {pos: kinds[(start + i) % len(kinds)] for i, pos in enumerate(positions)}

    def _fresh(self) -> int:
        self._n += 1
        return self._n

    def row(self, key: str, kind: str, d: int) -> tuple[list[str] | str, str]:
        """A bad row for file ``key`` in delivery ``d``: (fields or raw line, column)."""
        rng, dt, k = self.rng, self.dates, self._fresh()
        bad_dmy = rng.choice(("31-02-2010", "32-01-2011", "ukendt", "15-13-2009"))
        bad_iso = rng.choice(("2011-02-30", "2012-13-01", "ukendt", "00-00-0000"))
        if key == C.SAGSSYSTEM_B.key:
            rec = {
                "case_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "cpr": "0101701234",
                "area": "210",
                "unit_id": "U-104",
                "received": dt.iso(d - 10),
                "decided": None,
                "decision": None,
                "legacy_ref": None,
                "updated_at": f"{dt.iso(d - 10)}T09:00:00{dt.offset(d)}",
            }
            col = {
                "invalid_date": "received",
                "unknown_code": "area",
                "missing_id": "case_id",
                "invalid_json": "",
            }[kind]
            if kind == "invalid_date":
                rec["received"] = bad_iso
            elif kind == "unknown_code":
                rec["area"] = rng.choice(("999", "120"))
            elif kind == "missing_id":
                rec["case_id"] = None
            line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
            if kind == "invalid_json":
                line = line[: len(line) // 2]
            return line, col
        if key == C.SAGSSYSTEM_A.key:
            row = [
                self.a_ids.next_bad_row(),
                "010170-1234",
                "KTH",
                "JC Nord",
                dt.dmy(d - 10),
                "",
                "",
                "XX",
            ]
            cols = {"invalid_date": (4, bad_dmy), "unknown_code": (2, "XYZ"), "missing_id": (0, "")}
        elif key == C.ESDH.key:
            row = [
                str(90_000_000 + k),
                "27.12.10-P20-1-10",
                "010170-1234",
                dt.iso(d - 3),
                "Kvittering",
                "Notat",
                "",
                f"{dt.iso(d - 3)} 10:00:00",
            ]
            cols = {"invalid_date": (3, bad_iso), "missing_id": (0, "")}
        elif key == C.KLAGER.key:
            row = [f"K9{k:06d}", "", "JC Nord", dt.dmy(d - 5), "Formalitet", "", "", "", "", ""]
            cols = {
                "invalid_date": (3, bad_dmy),
                "unknown_code": (4, "Andet"),
                "missing_id": (0, ""),
            }
        elif key == C.AKTINDSIGT.key:
            row = [str(9_000_000 + k), "JC Nord", dt.iso(d - 5), "FVL", "", ""]
            cols = {"invalid_date": (2, bad_iso), "unknown_code": (3, "LOV"), "missing_id": (0, "")}
        else:
            row = [str(90_000_000 + k), "JC Nord", "Mail", f"{dt.iso(d - 2)} 10:00", ""]
            cols = {"unknown_code": (2, "Fax"), "missing_id": (0, "")}
        if kind == "field_count":
            return row[: len(row) - 2], ""
        i, value = cols[kind]
        row[i] = value
        return row, C.FILES_BY_KEY[key].columns[i].lower()


@dataclass
class WriterState:
    """What writing one shard hands on to the next (``DeliveryWriter.state``): the rows
    of every file so far and where the bad rows' stream and numbers stand. A worker
    process that writes the next shard resumes from it (``generator.parallel``)."""

    rows: dict[tuple[int, str], int]
    bad_rng: tuple
    bad_serial: int
    a_bad_rows: int


class DeliveryWriter:
    """Appends the rows of each shard's simulation to every delivery's files (``append``),
    then writes each delivery's MANIFEST.json (``finish``). A shard's rows follow the
    previous shard's in every file; nothing but row counts is kept between shards.

    ``create``: start every file with its header (False: the files exist, and ``resume``
    says how far they are written)."""

    def __init__(self, out: Path, written: list[int], bad: BadRows, create: bool = True):
        self.out = Path(out)
        self.written = written
        self.first = written[0]
        self.bad = bad
        self.dt = bad.dates
        # (delivery, file path) -> rows written so far (bad rows included)
        self.rows: dict[tuple[int, str], int] = {}
        # good row index (0-based, per file being written) -> (reason, column, record id)
        self._marks: dict[int, tuple[str, str, str]] = {}
        # (delivery, source file, row number, reason, column, record id): odd rows the
        # rulings reject
        self.odd_rejects: list[tuple[str, str, int, str, str, str]] = []
        for d in written:
            for spec in C.FILES:
                self.rows[(d, spec.path)] = 0
                if not create:
                    continue
                path = self._path(d, spec)
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("w", encoding=spec.encoding, newline="") as fh:
                    if spec.fmt != "jsonl":
                        _csv_writer(fh, spec).writerow(spec.columns)

    def state(self) -> WriterState:
        """Where the files and the bad rows stand after the shards appended so far."""
        bad = self.bad
        return WriterState(dict(self.rows), bad.rng.getstate(), bad._n, bad.a_ids.bad_rows)

    def resume(self, state: WriterState) -> None:
        """Go on from ``state`` (of the writer that appended the shards before)."""
        self.rows = dict(state.rows)
        self.bad.rng.setstate(state.bad_rng)
        self.bad._n = state.bad_serial
        self.bad.a_ids.bad_rows = state.a_bad_rows

    def _path(self, d: int, spec: C.ExportFile) -> Path:
        return self.out / self.dt.iso(d) / spec.path

    def append(self, sim: Simulation) -> None:
        """Append one shard's rows to the files of every delivery."""
        self.sim = sim
        self._doc_regs = [d.registered for d in sim.documents]
        self._inquiry_events = self._plan_inquiries()
        self.odd = sim.odd
        try:
            for d in self.written:
                self._append_delivery(d)
        finally:
            del self.sim, self._doc_regs, self._inquiry_events, self.odd

    # -- delivery of a day: the first written delivery on or after it -----------------------
    # (the written deliveries need not be consecutive months: see cli.auto_deliveries)
    def _delivery_of(self, day: int) -> int:
        return self.written[bisect.bisect_left(self.written, day)]

    def _plan_inquiries(self) -> dict[int, list[tuple]]:
        events: dict[int, list[tuple]] = defaultdict(list)
        last = self.written[-1]
        for q in self.sim.inquiries:
            recv_day = q.received // 1440
            if recv_day > last:
                continue
            d_recv = self._delivery_of(recv_day)
            ans = q.first_answer
            ans_day = ans // 1440 if ans is not None else None
            events[d_recv].append((q.received, q, ans is not None and ans_day <= d_recv))
            if ans_day is not None and ans_day <= last and ans_day > d_recv:
                events[self._delivery_of(ans_day)].append((ans, q, True))
        for v in events.values():
            v.sort(key=lambda e: (e[0], e[1].inquiry_id))
        return events

    # -- rows per file ----------------------------------------------------------------------
    def _a_rows(self, d: int) -> tuple[int, Iterator[list[str]]]:
        recs = [a for a in self.sim.a_records if a.received <= d]
        dmy = self.dt.dmy
        odd = self.odd.a_text if self.odd else {}
        marks = self._marks

        def rows() -> Iterator[list[str]]:
            for g, (sid, cpr, code, enhed, recv, dec, dcode, ini) in enumerate(recs):
                shown = dec is not None and dec <= d
                row = [
                    sid,
                    cpr,
                    code,
                    enhed,
                    dmy(recv),
                    dmy(dec) if shown else "",
                    dcode if shown else "",
                    ini,
                ]
                override = odd.get(sid)
                if override is not None and d >= override[0] and row[override[1]]:
                    row[override[1]] = override[2]
                    column = C.SAGSSYSTEM_A.columns[override[1]].lower()
                    marks[g] = (override[3], column, sid)
                yield row

        return len(recs), rows()

    def _b_lines(self, d: int) -> tuple[int, Iterator[str]]:
        recs = [b for b in self.sim.b_records if b.created <= d]
        iso, off = self.dt.iso, self.dt.offset
        extra_ok = d >= EXTRA_KEY_FROM
        odd = self.odd.b_text if self.odd else {}
        marks = self._marks

        def lines() -> Iterator[str]:
            for g, (
                cid,
                cpr,
                area,
                unit,
                recv,
                dec,
                decision,
                ref,
                created,
                c_min,
                d_min,
                extra,
                dec_registered,
            ) in enumerate(recs):
                if dec is not None and dec_registered <= d:
                    # shown from the day it is written into system B (late.py)
                    dec_t, dn_t = f'"{iso(dec)}"', f'"{decision}"' if decision else "null"
                    day, minute = dec_registered, d_min
                    override = odd.get(cid)
                    if override is not None and d >= override[0]:
                        dec_t = f'"{override[2]}"'
                        marks[g] = (override[3], override[1], cid)
                else:
                    dec_t, dn_t = "null", "null"
                    day, minute = created, c_min
                ref_t = "null" if ref is None else f'"{ref}"'
                upd = f"{iso(day)}T{minute // 60:02d}:{minute % 60:02d}:00{off(day)}"
                tail = ',"sensitivity":"normal"' if extra and extra_ok else ""
                yield (
                    f'{{"case_id":"{cid}","cpr":"{cpr}","area":"{area}",'
                    f'"unit_id":"{unit}","received":"{iso(recv)}","decided":{dec_t},'
                    f'"decision":{dn_t},"legacy_ref":{ref_t},"updated_at":"{upd}"{tail}}}'
                )

        return len(recs), lines()

    def _esdh_rows(self, d: int) -> tuple[int, Iterator[list[str] | str]]:
        lo = (
            0
            if d == self.first
            else bisect.bisect_right(self._doc_regs, self._prev(d) * 1440 + 1439)
        )
        hi = bisect.bisect_right(self._doc_regs, d * 1440 + 1439)
        docs = self.sim.documents[lo:hi]
        ts = self.dt.ts
        odd = self.odd
        registered = odd.registered_text if odd else {}
        rejects = odd.doc_rejects if odd else {}
        stray = odd.stray_quote if odd else set()
        marks = self._marks

        def rows() -> Iterator[list[str] | str]:
            for g, (reg, doc_id, ref, cpr_t, date_t, title, dtype, borger, *_) in enumerate(docs):
                key = (reg, doc_id)
                reg_text = registered.get(key)
                row = [
                    str(doc_id),
                    ref,
                    cpr_t,
                    date_t,
                    title,
                    dtype,
                    borger,
                    ts(reg, f"{(doc_id * 37) % 60:02d}") if reg_text is None else reg_text,
                ]
                if key in rejects:
                    marks[g] = (*rejects[key], str(doc_id))
                if key in stray:
                    # one unescaped quote inside the quoted title: written by hand
                    fields = ['"' + f.replace('"', '""') + '"' for f in row]
                    fields[4] = f'"{title}"'
                    yield ",".join(fields)
                    continue
                yield row

        return len(docs), rows()

    def _prev(self, d: int) -> int:
        return self.written[self.written.index(d) - 1]

    def _klager_rows(self, d: int) -> tuple[int, Iterator[list[str]]]:
        recs = [c for c in self.sim.complaints if c.received <= d]
        dmy = self.dt.dmy

        def rows() -> Iterator[list[str]]:
            for kid, ref, enhed, recv, ctype, genv, notice, fwd, ext, outcome in recs:
                yield [
                    kid,
                    ref,
                    enhed,
                    dmy(recv),
                    ctype,
                    _opt(genv, d, dmy),
                    _opt(notice, d, dmy),
                    _opt(fwd, d, dmy),
                    _opt(ext, d, dmy),
                    outcome if ext is not None and ext <= d else "",
                ]

        return len(recs), rows()

    def _akt_rows(self, d: int) -> tuple[int, Iterator[list[str]]]:
        recs = [a for a in self.sim.access_requests if a.received <= d]
        iso = self.dt.iso

        def rows() -> Iterator[list[str]]:
            for aid, enhed, recv, basis, answered, notice in recs:
                yield [aid, enhed, iso(recv), basis, _opt(answered, d, iso), _opt(notice, d, iso)]

        return len(recs), rows()

    def _henv_rows(self, d: int) -> tuple[int, Iterator[list[str]]]:
        events = self._inquiry_events.get(d, [])
        ts = self.dt.ts

        def rows() -> Iterator[list[str]]:
            for _, (qid, enhed, kanal, recv, ans), shown in events:
                yield [qid, enhed, kanal, ts(recv), ts(ans) if shown else ""]

        return len(events), rows()

    # -- writing ----------------------------------------------------------------------------
    def _append_delivery(self, d: int) -> None:
        producers = {
            C.SAGSSYSTEM_A.key: self._a_rows,
            C.SAGSSYSTEM_B.key: self._b_lines,
            C.ESDH.key: self._esdh_rows,
            C.KLAGER.key: self._klager_rows,
            C.AKTINDSIGT.key: self._akt_rows,
            C.HENVENDELSER.key: self._henv_rows,
        }
        for spec in C.FILES:
            n_good, rows = producers[spec.key](d)
            offset = self.rows[(d, spec.path)]
            plan = {offset + k: v for k, v in self.bad.plan_for(spec.key, n_good).items()}
            path = self._path(d, spec)
            self.rows[(d, spec.path)] = self._write_file(spec, path, d, rows, plan, offset)

    def finish(self) -> dict[str, dict[str, dict]]:
        """Write every delivery's MANIFEST.json; per delivery date: file -> rows, sha256,
        bytes."""
        out: dict[str, dict[str, dict]] = {}
        for d in self.written:
            files: dict[str, dict] = {}
            for spec in C.FILES:
                path = self._path(d, spec)
                files[spec.path] = {
                    "rows": self.rows[(d, spec.path)],
                    "sha256": sha256_of(path),
                    "bytes": path.stat().st_size,
                }
            manifest = {
                "delivery_date": self.dt.iso(d),
                "files": {p: {"rows": v["rows"], "sha256": v["sha256"]} for p, v in files.items()},
            }
            (self.out / self.dt.iso(d) / C.MANIFEST_NAME).write_text(
                json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
            )
            out[self.dt.iso(d)] = files
        return out

    def _write_file(
        self,
        spec: C.ExportFile,
        path: Path,
        d: int,
        rows: Iterable,
        plan: dict[int, str],
        offset: int,
    ) -> int:
        """Append ``rows`` (and the bad rows ``plan`` puts between them) after the
        ``offset`` rows already in the file; returns the file's rows."""
        source = f"{self.dt.iso(d)}/{spec.path}"
        n = offset
        self._marks.clear()
        if spec.fmt == "jsonl":
            with path.open("a", encoding="utf-8", newline="\n") as fh:
                buf = []
                for g, line in enumerate(rows):
                    n += 1
                    while n in plan:
                        buf.append(self._bad(spec, plan[n], d, source, n))
                        n += 1
                    buf.append(line)
                    if self._marks:
                        self._odd_reject(g, source, d, n)
                    if len(buf) >= 5000:
                        fh.write("\n".join(buf) + "\n")
                        buf = []
                n += 1
                while n in plan:
                    buf.append(self._bad(spec, plan[n], d, source, n))
                    n += 1
                if buf:
                    fh.write("\n".join(buf) + "\n")
            return n - 1
        # appending: the BOM of utf-8-sig is in the header already
        encoding = "utf-8" if spec.encoding == "utf-8-sig" else spec.encoding
        with path.open("a", encoding=encoding, newline="") as fh:
            w = _csv_writer(fh, spec)
            for g, row in enumerate(rows):
                n += 1
                while n in plan:
                    w.writerow(self._bad(spec, plan[n], d, source, n))
                    n += 1
                if isinstance(row, str):
                    fh.write(row + spec.line_ending)
                else:
                    w.writerow(row)
                if self._marks:
                    self._odd_reject(g, source, d, n)
            n += 1
            while n in plan:
                w.writerow(self._bad(spec, plan[n], d, source, n))
                n += 1
        return n - 1

    def _odd_reject(self, g: int, source: str, d: int, n: int) -> None:
        mark = self._marks.pop(g, None)
        if mark is not None:
            reason, column, record_id = mark
            self.odd_rejects.append((self.dt.iso(d), source, n, reason, column, record_id))

    def _bad(self, spec: C.ExportFile, kind: str, d: int, source: str, n: int):
        row, col = self.bad.row(spec.key, kind, d)
        self.bad.log.append((self.dt.iso(d), source, n, kind, col))
        return row


def _csv_writer(fh, spec: C.ExportFile):
    quoting = csv.QUOTE_ALL if spec.quoting == "all" else csv.QUOTE_MINIMAL
    return csv.writer(
        fh, delimiter=spec.delimiter, lineterminator=spec.line_ending, quoting=quoting
    )


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
