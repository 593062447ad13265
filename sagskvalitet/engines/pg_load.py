"""``python -m sagskvalitet load-postgres``: the landed Parquet into PostgreSQL raw tables.

PostgreSQL cannot read Parquet, so the dbt sources (schema ``landing`` and ``ledger``,
tables named by the sources' identifiers) are raw tables this step fills. Each file is
streamed in record batches through ``COPY ... FROM STDIN`` (CSV), never row by row. Loading
is idempotent per file, that is per delivery (landing) or per freeze (ledger): in one
transaction the rows of the file's delivery (freeze) are deleted and the file copied, and
``<schema>._loaded_files`` remembers the file's SHA-256, so an unchanged file is skipped and
a re-landed delivery replaces its rows instead of doubling them.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sagskvalitet.engines.sources import SourceTable, source_tables

BATCH_ROWS = 50_000
# The column whose value names a file's rows: one delivery per landed file, one freeze
# per ledger file.
KEY_COLUMN = {"landing_dir": "delivery_date", "ledger_dir": "freeze_id"}


def pg_type(arrow_type: pa.DataType) -> str:
    """The PostgreSQL column type of an Arrow type (landing writes strings, dates, ints)."""
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return "text"
    if pa.types.is_date(arrow_type):
        return "date"
    if pa.types.is_int8(arrow_type) or pa.types.is_int16(arrow_type):
        return "smallint"
    if pa.types.is_int32(arrow_type):
        return "integer"
    if pa.types.is_integer(arrow_type):
        return "bigint"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_floating(arrow_type):
        return "double precision"
    if pa.types.is_decimal(arrow_type):
        return f"numeric({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_timestamp(arrow_type):
        return "timestamptz" if arrow_type.tz else "timestamp"
    raise ValueError(f"no PostgreSQL type for Arrow type {arrow_type}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sha256(path: Path) -> str:
    """The file's SHA-256, hex (read in blocks by ``hashlib.file_digest``)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _ensure_table(cur, schema: str, table: str, files: list[Path]) -> None:
    """Create the raw table (union of the files' columns, by name) or add new columns."""
    columns: dict[str, str] = {}
    for path in files:
        for field in pq.read_schema(path):
            columns.setdefault(field.name, pg_type(field.type))
    cols = ", ".join(f"{_quote(c)} {t}" for c, t in columns.items())
    cur.execute(f"create table if not exists {_quote(schema)}.{_quote(table)} ({cols})")
    for name, typ in columns.items():
        cur.execute(
            f"alter table {_quote(schema)}.{_quote(table)} "
            f"add column if not exists {_quote(name)} {typ}"
        )


def _copy_file(cur, schema: str, table: str, path: Path) -> int:
    """Stream one Parquet file into the table in batches; returns the rows copied."""
    parquet = pq.ParquetFile(path)
    names = parquet.schema_arrow.names
    target = f"{_quote(schema)}.{_quote(table)} ({', '.join(_quote(n) for n in names)})"
    rows = 0
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
        buffer = io.BytesIO()
        pacsv.write_csv(batch, buffer, pacsv.WriteOptions(include_header=False))
        buffer.seek(0)
        # CSV: an unquoted empty field is NULL, a quoted one ("") an empty string.
        cur.copy_expert(f"copy {target} from stdin with (format csv)", buffer)
        rows += batch.num_rows
    return rows


def load_table(conn, source: SourceTable, folder: Path) -> tuple[int, int]:
    """Load every file of one source table; returns (files loaded, files unchanged)."""
    files = sorted(folder.glob("*.parquet"))
    if not files:
        return 0, 0
    key = KEY_COLUMN[source.root]
    schema, table = source.schema, source.identifier
    with conn, conn.cursor() as cur:
        cur.execute(f"create schema if not exists {_quote(schema)}")
        cur.execute(
            f"create table if not exists {_quote(schema)}._loaded_files ("
            "table_name text not null, file_name text not null, sha256 text not null, "
            "row_count bigint not null, loaded_at timestamptz not null default now(), "
            "primary key (table_name, file_name))"
        )
        _ensure_table(cur, schema, table, files)
        cur.execute(
            f"select file_name, sha256 from {_quote(schema)}._loaded_files where table_name = %s",
            (table,),
        )
        loaded = dict(cur.fetchall())
    done = unchanged = 0
    for path in files:
        sha = _sha256(path)
        if loaded.get(path.name) == sha:
            unchanged += 1
            continue
        keys = pq.read_table(path, columns=[key]).column(key).unique().to_pylist()
        # One transaction per file: its delivery's (freeze's) rows go, the file comes in.
        with conn, conn.cursor() as cur:
            cur.execute(
                f"delete from {_quote(schema)}.{_quote(table)} where {_quote(key)} = any(%s)",
                (keys,),
            )
            rows = _copy_file(cur, schema, table, path)
            cur.execute(
                f"insert into {_quote(schema)}._loaded_files (table_name, file_name, sha256, "
                "row_count) values (%s, %s, %s, %s) on conflict (table_name, file_name) do "
                "update set sha256 = excluded.sha256, row_count = excluded.row_count, "
                "loaded_at = now()",
                (table, path.name, sha, rows),
            )
        done += 1
    with conn, conn.cursor() as cur:
        cur.execute(f"analyze {_quote(schema)}.{_quote(table)}")
    return done, unchanged


def load(project_dir: Path, landing_dir: Path, ledger_dir: Path, dsn: str = "") -> list[str]:
    """Load every source table whose folder exists; returns one summary line per table."""
    import psycopg2

    roots = {"landing_dir": landing_dir, "ledger_dir": ledger_dir}
    lines = []
    conn = psycopg2.connect(dsn)
    try:
        for source in source_tables(project_dir):
            folder = roots[source.root] / source.folder
            done, unchanged = load_table(conn, source, folder)
            lines.append(
                f"{source.schema}.{source.identifier}: {done} file(s) loaded, "
                f"{unchanged} unchanged ({folder})"
            )
    finally:
        conn.close()
    return lines


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "load-postgres",
        help="copy the landed Parquet (and the ledger) into PostgreSQL raw tables",
    )
    parser.add_argument("--landing-dir", default=os.environ.get("LANDING_DIR", "data/landing"))
    parser.add_argument("--ledger-dir", default=os.environ.get("LEDGER_DIR", "data/ledger"))
    parser.add_argument("--project-dir", default=".")
    parser.add_argument(
        "--dsn", default="", help="libpq connection string; default: the PG* environment"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lines = load(Path(args.project_dir), Path(args.landing_dir), Path(args.ledger_dir), args.dsn)
    for line in lines:
        print(f"load-postgres: {line}")
    return 0
