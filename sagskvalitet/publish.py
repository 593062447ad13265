"""``publish``: export every mart of the warehouse for Power BI and Metabase.

Every table or view of schema ``marts`` in the DuckDB warehouse is written to
``<out>/<model>.parquet`` and ``<out>/<model>.csv`` (UTF-8, ``,``, header row), and
``<out>/index.json`` lists each model with its rows, columns and the warehouse's as-of
date. The warehouse is opened read-only, so publishing never changes it. Files are
written to a temporary name first and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

DEFAULT_DUCKDB = "warehouse/sagskvalitet.duckdb"
DEFAULT_OUT = "data/publish"
MARTS_SCHEMA = "marts"
# Marts that carry the warehouse's as-of date in a column of this name.
AS_OF_COLUMN = "as_of_date"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def list_marts(con: duckdb.DuckDBPyConnection, schema: str = MARTS_SCHEMA) -> list[str]:
    rows = con.execute(
        """
        select table_name
        from information_schema.tables
        where table_schema = ?
        order by table_name
        """,
        [schema],
    ).fetchall()
    return [name for (name,) in rows]


def list_columns(
    con: duckdb.DuckDBPyConnection, table: str, schema: str = MARTS_SCHEMA
) -> list[dict[str, str]]:
    rows = con.execute(
        """
        select column_name, data_type
        from information_schema.columns
        where table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [schema, table],
    ).fetchall()
    return [{"name": name, "type": dtype} for name, dtype in rows]


def find_as_of(con: duckdb.DuckDBPyConnection, schema: str = MARTS_SCHEMA) -> str | None:
    """The latest as-of date any mart carries (the warehouse never reads the wall clock)."""
    tables = con.execute(
        """
        select table_name
        from information_schema.columns
        where table_schema = ? and column_name = ?
        order by table_name
        """,
        [schema, AS_OF_COLUMN],
    ).fetchall()
    found: list[Any] = []
    for (table,) in tables:
        value = con.execute(
            f"select max({_quote(AS_OF_COLUMN)}) from {_quote(schema)}.{_quote(table)}"
        ).fetchone()[0]
        if value is not None:
            found.append(value)
    if not found:
        return None
    latest = max(found)
    return latest.isoformat() if isinstance(latest, date | datetime) else str(latest)


def _copy(con: duckdb.DuckDBPyConnection, relation: str, target: Path, options: str) -> None:
    tmp = target.with_name(target.name + ".tmp")
    con.execute(f"copy (select * from {relation}) to {_sql_string(str(tmp))} ({options})")
    os.replace(tmp, target)


def _remove_stale(out: Path, current: set[str]) -> None:
    """Delete the files of models the previous index listed that are gone now."""
    previous = out / "index.json"
    if not previous.exists():
        return
    try:
        old = json.loads(previous.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return
    for model in old.get("models", []):
        name = model.get("model")
        if name and name not in current:
            for suffix in (".parquet", ".csv"):
                (out / f"{name}{suffix}").unlink(missing_ok=True)


def publish(
    duckdb_path: str | Path,
    out_dir: str | Path,
    as_of: str | None = None,
    schema: str = MARTS_SCHEMA,
) -> dict[str, Any]:
    """Export every mart of ``schema``; return the index that is also written as JSON."""
    duckdb_path = Path(duckdb_path)
    if not duckdb_path.exists():
        raise FileNotFoundError(f"warehouse not found: {duckdb_path}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        marts = list_marts(con, schema)
        if not marts:
            raise RuntimeError(f"schema {schema!r} of {duckdb_path} holds no models")
        as_of = as_of or find_as_of(con, schema)
        models = []
        for name in marts:
            relation = f"{_quote(schema)}.{_quote(name)}"
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            _copy(con, relation, out / f"{name}.parquet", "format parquet")
            _copy(con, relation, out / f"{name}.csv", "format csv, header true, delimiter ','")
            models.append(
                {
                    "model": name,
                    "rows": int(rows),
                    "columns": list_columns(con, name, schema),
                    "parquet": f"{name}.parquet",
                    "csv": f"{name}.csv",
                }
            )
    finally:
        con.close()
    index = {"as_of": as_of, "schema": schema, "models": models}
    _remove_stale(out, {model["model"] for model in models})
    tmp = out / "index.json.tmp"
    tmp.write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out / "index.json")
    return index


def run(args: argparse.Namespace) -> int:
    try:
        index = publish(args.duckdb, args.out, as_of=args.as_of, schema=args.schema)
    except (FileNotFoundError, RuntimeError, duckdb.Error) as exc:
        print(f"publish failed: {exc}")
        return 1
    total = sum(model["rows"] for model in index["models"])
    print(
        f"published {len(index['models'])} models ({total} rows, as of {index['as_of']}) "
        f"to {args.out}"
    )
    return 0


def add_parser(sub: Any) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "publish",
        help="export the marts to Parquet and CSV with an index.json for BI",
        description=__doc__,
    )
    parser.add_argument(
        "--duckdb",
        default=os.environ.get("SAGSKVALITET_DUCKDB", DEFAULT_DUCKDB),
        help="the warehouse file (default: $SAGSKVALITET_DUCKDB or %(default)s)",
    )
    parser.add_argument(
        "--out",
        default=os.environ.get("PUBLISH_DIR", DEFAULT_OUT),
        help="output folder (default: $PUBLISH_DIR or %(default)s)",
    )
    parser.add_argument(
        "--as-of",
        default=None,
        help="as-of date for index.json (default: the as_of_date the marts carry)",
    )
    parser.add_argument("--schema", default=MARTS_SCHEMA, help="schema to export")
    parser.set_defaults(func=run)
    return parser
