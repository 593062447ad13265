"""Land raw deliveries: check, read, pseudonymise, validate, write Parquet atomically.

Layout (docs/ARCHITECTURE.md section 1):
``<landing>/<file_key>/<YYYY-MM-DD>.parquet``, ``<landing>/manifest/<YYYY-MM-DD>.parquet``,
``<landing>/data_docs/index.html``, and ``<landing>/_state.json`` with the sha256 of each
landed delivery's MANIFEST.json (a changed manifest re-lands the delivery).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from sagskvalitet import contract
from sagskvalitet.contract import ExportFile
from sagskvalitet.landing import LandingError
from sagskvalitet.landing.landing_log import Event, write_log
from sagskvalitet.landing.parallel import (
    FilePool,
    land_files_in_pool,
    submit_files,
    workers_from_env,
    worth_a_worker,
)
from sagskvalitet.landing.pseudonymise import CPR_COLUMNS, Pseudonymiser, key_from_env, pseudonymise
from sagskvalitet.landing.readers import ParsedFile
from sagskvalitet.landing.sanity import (
    check_resend,
    check_source,
    shrink_max_share,
    shrunk_extracts,
    unknown_files,
)
from sagskvalitet.landing.stream import chunk_rows_from_env, iter_chunks, scan_file

STATE_FILE = "_state.json"
MANIFEST_KEY = "manifest"
COMPRESSION = "zstd"
# The shape of the landed files. 2: every landed row carries its file's landing_id. A
# delivery landed by an older format is landed again (``_land_all``), so the base models
# never read a file without the column.
LANDING_FORMAT = 2


def landed_columns(spec: ExportFile) -> list[str]:
    """Contract columns as landed: lower-cased, the CPR column dropped."""
    return [col.lower() for col in spec.columns if col not in CPR_COLUMNS]


def landed_schema(spec: ExportFile) -> pa.Schema:
    fields = [
        pa.field("delivery_date", pa.date32()),
        pa.field("source_file", pa.string()),
        pa.field("row_number", pa.int32()),
        pa.field("raw_record", pa.string()),
        pa.field("landing_error", pa.string()),
        pa.field("landing_id", pa.string()),
    ]
    fields += [pa.field(col, pa.string()) for col in landed_columns(spec)]
    fields += [pa.field("citizen_key", pa.string()), pa.field("cpr_status", pa.string())]
    if spec.fmt == "jsonl":
        fields.append(pa.field("extra_keys", pa.string()))
    return pa.schema(fields)


MANIFEST_SCHEMA = pa.schema(
    {
        "delivery_date": pa.date32(),
        "file_key": pa.string(),
        "source_file": pa.string(),
        "manifest_rows": pa.int32(),
        "sha256": pa.string(),
    }
)


@dataclass
class Delivery:
    name: str  # YYYY-MM-DD
    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str


def find_deliveries(raw_dir: Path) -> list[Path]:
    if not raw_dir.is_dir():
        raise LandingError(f"raw directory {raw_dir} does not exist")
    return sorted(
        p for p in raw_dir.iterdir() if p.is_dir() and contract.DELIVERY_DIR_RE.match(p.name)
    )


def read_manifest(path: Path) -> Delivery:
    name = path.name
    mpath = path / contract.MANIFEST_NAME
    if not mpath.is_file():
        raise LandingError(f"{contract.MANIFEST_NAME} is missing", delivery=name)
    data = mpath.read_bytes()
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise LandingError(
            f"{contract.MANIFEST_NAME} cannot be parsed: {exc}", delivery=name
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise LandingError(f"{contract.MANIFEST_NAME} has no 'files' object", delivery=name)
    if manifest.get("delivery_date") not in (None, name):
        raise LandingError(
            f"{contract.MANIFEST_NAME} says delivery_date "
            f"{manifest.get('delivery_date')!r}, the folder {name!r}",
            delivery=name,
        )
    return Delivery(name, path, manifest, hashlib.sha256(data).hexdigest())


def check_and_read(delivery: Delivery, spec: ExportFile) -> tuple[bytes, int, str]:
    """The file's bytes, manifest rows and sha256, after the structural checks."""
    entry = delivery.manifest["files"].get(spec.path)
    if not isinstance(entry, dict) or "rows" not in entry or "sha256" not in entry:
        raise LandingError(
            f"the file is not listed in {contract.MANIFEST_NAME} with rows and sha256",
            delivery=delivery.name,
            file=spec.path,
        )
    fpath = delivery.path / spec.path
    if not fpath.is_file():
        raise LandingError("the file is missing", delivery=delivery.name, file=spec.path)
    data = fpath.read_bytes()
    if not data and not _may_be_empty(spec, entry):
        raise LandingError("the file is empty (0 bytes)", delivery=delivery.name, file=spec.path)
    digest = hashlib.sha256(data).hexdigest()
    if digest != str(entry["sha256"]).lower():
        raise LandingError(
            f"sha256 {digest} differs from the manifest's {entry['sha256']}",
            delivery=delivery.name,
            file=spec.path,
        )
    try:
        rows = int(entry["rows"])
    except (TypeError, ValueError):
        raise LandingError(
            f"manifest rows {entry['rows']!r} is not a number",
            delivery=delivery.name,
            file=spec.path,
        ) from None
    return data, rows, digest


def landing_id(spec: ExportFile, delivery: str, raw_sha256: str, ps: Pseudonymiser) -> str:
    """The id of one landing of one export file: its file, delivery, raw bytes (sha256)
    and pseudonym key. An incremental base model holds a landed file's rows once it holds
    its id (macro landed_rows_not_built): a re-delivered month or another key gives
    another id, so those rows are typed again; the same file landed again the same way
    keeps its id."""
    text = f"{LANDING_FORMAT}|{spec.key}|{delivery}|{raw_sha256.lower()}|{ps.key_id()}"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    # letters only (a-p for the hex digits): no run of digits a CPR scan could take for one
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def to_table(
    parsed: ParsedFile,
    delivery: str,
    keys: list[str | None],
    statuses: list[str],
    file_landing_id: str | None = None,
) -> pa.Table:
    spec = parsed.spec
    schema = landed_schema(spec)
    n = parsed.n_rows
    arrays: dict[str, Any] = {
        "delivery_date": pa.array([date.fromisoformat(delivery)] * n, pa.date32()),
        "source_file": pa.array([parsed.source_file] * n, pa.string()),
        "row_number": pa.array(range(parsed.first_row, parsed.first_row + n), pa.int32()),
        "raw_record": pa.array(parsed.raw_records, pa.string()),
        "landing_error": pa.array(parsed.errors, pa.string()),
        "landing_id": pa.array([file_landing_id] * n, pa.string()),
    }
    for col in spec.columns:
        if col not in CPR_COLUMNS:
            arrays[col.lower()] = pa.array(parsed.values[col], pa.string())
    arrays["citizen_key"] = pa.array(keys, pa.string())
    arrays["cpr_status"] = pa.array(statuses, pa.string())
    if spec.fmt == "jsonl":
        arrays["extra_keys"] = pa.array(parsed.extra_keys, pa.string())
    return pa.table([arrays[f.name] for f in schema], schema=schema)


def _write_tmp(table: pa.Table, final: Path) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name does not end in .parquet, so dbt's glob never sees it.
    tmp = _tmp_path(final)
    pq.write_table(table, tmp, compression=COMPRESSION)
    return tmp


def landed_format(entry: dict[str, Any]) -> int:
    """The landing format a delivery's state entry records; a delivery landed before
    formats were recorded is format 1 (no landing_id column)."""
    return int(entry.get("landing_format", 1))


def load_state(landing_dir: Path) -> dict[str, Any]:
    path = landing_dir / STATE_FILE
    if not path.is_file():
        return {"deliveries": {}}
    state = json.loads(path.read_text(encoding="utf-8"))
    state.setdefault("deliveries", {})
    return state


def save_state(landing_dir: Path, state: dict[str, Any]) -> None:
    path = landing_dir / STATE_FILE
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class DeliveryResult:
    delivery: str
    rows: dict[str, int]
    row_errors: dict[str, int]
    expectations_met: int
    expectations_evaluated: int
    failed: list[str]
    seconds: float
    events: list[Event] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        total = sum(self.rows.values())
        errors = sum(self.row_errors.values())
        files = ", ".join(f"{k} {v}" for k, v in self.rows.items())
        return (
            f"landed {self.delivery}: {total} rows ({errors} unsplittable) [{files}]; "
            f"GE {self.expectations_met}/{self.expectations_evaluated} expectations met; "
            f"{self.seconds:.1f} s"
        )


def _may_be_empty(spec: ExportFile, entry: Any) -> bool:
    """A JSON Lines file has no header: with 0 records it is 0 bytes. That is a valid
    export only when the manifest says 0 rows (system B before it went live in 2010);
    a CSV file always has its header, so 0 bytes is never valid there."""
    return spec.fmt == "jsonl" and isinstance(entry, dict) and entry.get("rows") == 0


def remove_temporary_files(landing_dir: Path) -> None:
    """Every temporary landed file (``_tmp_path``): none is left once a landing run ends."""
    for stale in landing_dir.glob("*/.*.tmp"):
        stale.unlink()


def _tmp_path(final: Path) -> Path:
    # The temporary name does not end in .parquet, so dbt's glob never sees it.
    return final.with_name(f".{final.name}.tmp")


def land_file(
    delivery: Delivery,
    spec: ExportFile,
    final: Path,
    ps: Pseudonymiser,
    validator: Any,
    result: DeliveryResult,
) -> tuple[Path, int, str]:
    """Land one export file chunk by chunk into its temporary Parquet file.

    Bounded memory (issue 14): the file is hashed and its encoding checked in blocks
    (``stream.scan_file``), then read, pseudonymised, validated and written
    ``chunk_rows_from_env()`` rows at a time. Returns (temporary file, rows, sha256);
    the caller renames it into place once every file of the delivery passed.
    """
    name = delivery.name
    entry = delivery.manifest["files"].get(spec.path)
    fpath = delivery.path / spec.path
    with open(fpath, "rb") as fh:
        scan = scan_file(fh, spec)
    if scan.sha256 != str(entry["sha256"]).lower():
        raise LandingError(
            f"sha256 {scan.sha256} differs from the manifest's {entry['sha256']}",
            delivery=name,
            file=spec.path,
        )
    try:
        rows = int(entry["rows"])
    except (TypeError, ValueError):
        raise LandingError(
            f"manifest rows {entry['rows']!r} is not a number", delivery=name, file=spec.path
        ) from None
    source_file = f"{name}/{spec.path}"
    # GE sees the pseudonymised contract columns only (never raw CPR or raw_record).
    ge_cols = ["landing_error", *landed_columns(spec), "cpr_status"]
    check = validator.start_file(name, spec, rows)
    file_landing_id = landing_id(spec, name, scan.sha256, ps)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(final)
    n_rows = n_errors = 0
    masked: dict[str, int] = {}
    try:
        with (
            open(fpath, "rb") as fh,
            pq.ParquetWriter(tmp, landed_schema(spec), compression=COMPRESSION) as writer,
        ):
            for parsed in iter_chunks(fh, spec, source_file, scan, chunk_rows_from_env()):
                keys, statuses = pseudonymise(parsed, ps)
                for column, count in parsed.cpr_masked.items():
                    masked[column] = masked.get(column, 0) + count
                table = to_table(parsed, name, keys, statuses, file_landing_id)
                del parsed, keys, statuses
                writer.write_table(table)
                n_rows += table.num_rows
                n_errors += table.num_rows - table.column("landing_error").null_count
                check.add(table.select(ge_cols).to_pandas())
                del table
    except LandingError as exc:
        tmp.unlink(missing_ok=True)
        raise exc.in_delivery(name) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if n_rows != rows:
        tmp.unlink(missing_ok=True)
        raise LandingError(
            f"{n_rows} records, the manifest says {rows}", delivery=name, file=spec.path
        )
    for column, count in sorted(masked.items()):
        result.events.append(
            Event(
                "cpr_masked",
                "warn",
                f"{count} CPR-shaped values replaced by their citizen_key",
                file=spec.path,
                column_name=column,
                event_count=count,
            )
        )
    validation = check.finish()
    if not validation.row_count_ok:
        tmp.unlink(missing_ok=True)
        raise LandingError(
            f"row count differs from the manifest's {rows}", delivery=name, file=spec.path
        )
    result.rows[spec.key] = n_rows
    result.row_errors[spec.key] = n_errors
    result.expectations_met += validation.met
    result.expectations_evaluated += validation.evaluated
    result.failed += [f"{spec.path}: {f}" for f in validation.failed]
    return tmp, rows, scan.sha256


def landed_files(landing_dir: Path, delivery: str) -> list[tuple[ExportFile, Path]]:
    """(contract file, its landed Parquet file) of a delivery, in contract order."""
    return [(spec, landing_dir / spec.key / f"{delivery}.parquet") for spec in contract.FILES]


def _merge_file_result(result: DeliveryResult, spec: ExportFile, part: DeliveryResult) -> None:
    """Add one file's results from a worker to the delivery's, as ``land_file`` would."""
    result.rows[spec.key] = part.rows[spec.key]
    result.row_errors[spec.key] = part.row_errors[spec.key]
    result.expectations_met += part.expectations_met
    result.expectations_evaluated += part.expectations_evaluated
    result.failed += part.failed
    result.events += part.events


def land_delivery(
    delivery: Delivery,
    landing_dir: Path,
    ps: Pseudonymiser,
    validator: Any,
    state: dict[str, Any] | None = None,
    pool: FilePool | None = None,
    submitted: list[Any] | None = None,
) -> DeliveryResult:
    """Land one delivery; nothing is renamed into place unless every file passed.

    With a ``pool`` (``landing.parallel``), a delivery of ``SAGSKVALITET_LANDING_PARALLEL_MIB``
    or more lands its files in worker processes; the checks, the merge of their results
    in contract order and the renames stay here. ``submitted``: the futures of its files
    when ``_land_all`` submitted them ahead (``submit_files``); they are read only after
    this delivery's own checks, so a fault is reported as in a sequential run.
    """
    t0 = time.perf_counter()
    name = delivery.name
    state = state if state is not None else {"deliveries": {}}
    manifest_rows: list[dict[str, Any]] = []
    result = DeliveryResult(name, {}, {}, 0, 0, [], 0.0)
    result.events += unknown_files(delivery.path, delivery.manifest)
    for spec in contract.FILES:  # structure first: fail fast, before any heavy reading
        fpath = delivery.path / spec.path
        if not fpath.is_file():
            raise LandingError("the file is missing", delivery=name, file=spec.path)
        entry = delivery.manifest.get("files", {}).get(spec.path)
        if fpath.stat().st_size == 0 and not _may_be_empty(spec, entry):
            raise LandingError("the file is empty (0 bytes)", delivery=name, file=spec.path)
    for spec in contract.FILES:  # every contract file must be listed with rows and sha256
        entry = delivery.manifest["files"].get(spec.path)
        if not isinstance(entry, dict) or "sha256" not in entry or "rows" not in entry:
            check_and_read(delivery, spec)  # raises its one-line error
        result.hashes[spec.path] = str(entry["sha256"]).lower()
    check_resend(name, result.hashes, state)
    pending: list[tuple[Path, Path]] = []  # (temporary, final) Parquet files
    finals = landed_files(landing_dir, name)
    try:
        if pool is not None and (submitted is not None or worth_a_worker(delivery)):
            landed = []
            for (spec, final), (tmp, rows, digest, part) in zip(
                finals, land_files_in_pool(pool, delivery, finals, submitted), strict=True
            ):
                _merge_file_result(result, spec, part)
                landed.append((spec, final, tmp, rows, digest))
        else:
            landed = [
                (spec, final, *land_file(delivery, spec, final, ps, validator, result))
                for spec, final in finals
            ]
        for spec, final, tmp, rows, digest in landed:
            pending.append((tmp, final))
            manifest_rows.append(
                {
                    "delivery_date": date.fromisoformat(name),
                    "file_key": spec.key,
                    "source_file": f"{name}/{spec.path}",
                    "manifest_rows": rows,
                    "sha256": digest,
                }
            )
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    result.events += shrunk_extracts(name, result.rows, state, shrink_max_share())
    later = [d for d in state.get("deliveries", {}) if d > name]
    before = state.get("deliveries", {}).get(name) or {}
    if later and before.get("manifest_sha256") != delivery.manifest_sha256:
        result.events.append(
            Event(
                "out_of_order",
                "warn",
                f"landed after the later delivery {max(later)}: full extracts are read "
                "from the latest delivery on or before as-of, so it counts by its date",
            )
        )
    for spec in contract.FILES:
        result.events.append(
            Event(
                "file_landed",
                "info",
                f"{result.rows[spec.key]} rows ({result.row_errors[spec.key]} unsplittable)",
                file=spec.path,
                event_count=result.rows[spec.key],
            )
        )
    manifest_final = landing_dir / MANIFEST_KEY / f"{name}.parquet"
    manifest_table = pa.Table.from_pylist(manifest_rows, schema=MANIFEST_SCHEMA)
    pending.append((_write_tmp(manifest_table, manifest_final), manifest_final))
    for tmp, final in pending:
        os.replace(tmp, final)
    # The log last: a delivery with a log is landed in full (a kill before leaves the
    # state without it, so the next run lands it again).
    write_log(landing_dir, name, result.events)
    result.seconds = time.perf_counter() - t0
    return result


def land(
    raw_dir: Path, landing_dir: Path, force: bool = False, echo: Any = print
) -> list[DeliveryResult]:
    """Land every delivery of raw_dir that is new, whose manifest changed, or that an
    older landing format landed (LANDING_FORMAT)."""
    raw_dir, landing_dir = Path(raw_dir), Path(landing_dir)
    paths = find_deliveries(raw_dir)
    landing_dir.mkdir(parents=True, exist_ok=True)
    check_source(landing_dir, raw_dir)
    remove_temporary_files(landing_dir)  # left by a landing killed mid-write
    state = load_state(landing_dir)
    try:
        return _land_all(paths, raw_dir, landing_dir, state, force, echo)
    except LandingError as exc:
        _record_failure(landing_dir, state, exc)
        raise


def _record_failure(landing_dir: Path, state: dict[str, Any], exc: LandingError) -> None:
    """Keep the failure in the state (the build wrapper reports it) and the delivery's log."""
    state["failed"] = {"delivery": exc.delivery, "message": str(exc)}
    save_state(landing_dir, state)
    if exc.delivery and contract.DELIVERY_DIR_RE.match(exc.delivery):
        landed = exc.delivery in state["deliveries"]
        write_log(
            landing_dir,
            exc.delivery,
            [
                Event(
                    "landing_failed",
                    "error",
                    f"{exc.reason}"
                    + ("; the delivery as landed earlier stands" if landed else "; not landed"),
                    file=exc.file,
                )
            ],
        )


class _LazyValidator:
    """The Great Expectations context of this process, started at its first file: when
    every delivery lands in worker processes, this process never pays its import."""

    def __init__(self, landing_dir: Path):
        self.landing_dir = landing_dir
        self._validator: Any = None

    def start_file(self, delivery: str, spec: ExportFile, manifest_rows: int) -> Any:
        if self._validator is None:
            from sagskvalitet.landing.validate import Validator

            self._validator = Validator(self.landing_dir)
        return self._validator.start_file(delivery, spec, manifest_rows)


def _land_all(
    paths: list[Path],
    raw_dir: Path,
    landing_dir: Path,
    state: dict[str, Any],
    force: bool,
    echo: Any,
) -> list[DeliveryResult]:
    todo: list[Delivery] = []
    for path in paths:
        try:
            delivery = read_manifest(path)
        except LandingError as exc:
            raise exc.in_delivery(path.name) from None
        landed = state["deliveries"].get(delivery.name)
        if force or not landed or landed.get("manifest_sha256") != delivery.manifest_sha256:
            todo.append(delivery)
        elif landed_format(landed) < LANDING_FORMAT:
            echo(
                f"landing {delivery.name} again: landed by an older landing "
                f"(format {landed_format(landed)}, now {LANDING_FORMAT})"
            )
            todo.append(delivery)
        else:
            echo(f"skipped {delivery.name}: already landed")
    if not todo:
        echo(f"nothing to land in {raw_dir} ({len(paths)} deliveries already landed)")
        if state.pop("failed", None) is not None:
            save_state(landing_dir, state)
        return []
    ps = Pseudonymiser(key_from_env())
    validator = _LazyValidator(landing_dir)
    workers = workers_from_env()
    pool = FilePool(landing_dir, workers) if workers > 1 else None
    results = []
    ahead: dict[str, list[Any]] = {}  # delivery -> its files' futures, submitted ahead
    try:
        for i, delivery in enumerate(todo):
            if pool is not None:  # this delivery and the next: keep every worker busy
                for later in todo[i : i + 2]:
                    if later.name not in ahead and worth_a_worker(later):
                        ahead[later.name] = submit_files(
                            pool, later, landed_files(landing_dir, later.name)
                        )
            res = land_delivery(
                delivery, landing_dir, ps, validator, state, pool, ahead.pop(delivery.name, None)
            )
            state["deliveries"][delivery.name] = {
                "manifest_sha256": delivery.manifest_sha256,
                "rows": res.rows,
                "files": res.hashes,
                "landing_format": LANDING_FORMAT,
            }
            save_state(landing_dir, state)
            for event in res.events:
                if event.severity != "info":
                    echo(event.line(delivery.name))
            echo(res.summary())
            results.append(res)
        if state.pop("failed", None) is not None:
            save_state(landing_dir, state)
    finally:
        if pool is not None:
            pool.close()
            # A delivery submitted ahead of one that failed: its workers' temporary files.
            remove_temporary_files(landing_dir)
        # Also after a fatal fault: the Data Docs then show what was validated.
        from sagskvalitet.landing.validation_report import write_report

        index = write_report(landing_dir.resolve())
    echo(f"Data Docs: {index}")
    return results
