"""Write a release's files: the read-only DuckDB copy, Parquet per mart, spreadsheets.

The published DuckDB file holds tables only (no views, so no path of the build machine),
in schema ``committee`` or ``internal`` by audience. Integer-valued columns are integers
in every format: HUGEINT and DECIMAL(p, 0) become BIGINT. Columns that would carry the
citizen pseudonym or free text are left out. Parquet files are written from the
published copy, so their types are the published types. Spreadsheets (``.xlsx``, which
Danish Excel opens with numbers as numbers, decimal comma by locale, dates as dates) are
made only of committee tables marked ``spreadsheet`` in the docs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from sagskvalitet.publishing.docs import EXCLUDED_COLUMNS, MartDoc
from sagskvalitet.warehouse_catalog import attach_warehouse, literal, quoted

PUBLISHED_DB = "sagskvalitet.duckdb"


def published_type(dtype: str) -> str | None:
    """The type a column is cast to in the published copy, or None to keep it."""
    upper = dtype.upper()
    if upper in ("HUGEINT", "UHUGEINT"):
        return "BIGINT"
    if upper.startswith("DECIMAL(") and upper.replace(" ", "").endswith(",0)"):
        return "BIGINT"
    return None


RELEASE_TABLE = "release_info"
# The release file's catalog while it is written (any name but the warehouse's).
RELEASE_CATALOG = "release"


def build_database(
    warehouse: Path,
    target: Path,
    marts: dict[str, MartDoc],
    record: dict[str, Any],
    schema: str = "marts",
) -> dict[str, list[dict[str, str]]]:
    """Create ``target`` with every documented mart; returns columns (name, type) by mart.

    Beside the marts, ``committee.release_info`` holds one row (build_id, as_of_date,
    latest_delivery), so a dashboard can show which build it reads.
    """
    # The release and the warehouse share a file name (sagskvalitet.duckdb), so both are
    # attached to an in-memory connection: the warehouse under its own catalog name, which
    # its views (a mart may be one) name their tables with (warehouse_catalog), the
    # release under RELEASE_CATALOG.
    con = duckdb.connect()
    tables: dict[str, list[dict[str, str]]] = {}
    try:
        wh = attach_warehouse(con, warehouse)
        release = RELEASE_CATALOG if wh != RELEASE_CATALOG else f"{RELEASE_CATALOG}_copy"
        con.execute(f"attach {literal(str(target))} as {quoted(release)}")
        con.execute(f"use {quoted(release)}")
        existing = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = ? and table_schema = ?",
                [wh, schema],
            ).fetchall()
        }
        for audience in ("committee", "internal"):
            con.execute(f"create schema {audience}")
        con.execute(
            f"create table committee.{RELEASE_TABLE} as select cast(? as varchar) as build_id, "
            "cast(? as date) as as_of_date, cast(? as date) as latest_delivery",
            [record["build_id"], record.get("as_of_date"), record.get("latest_delivery")],
        )
        for name in sorted(existing & set(marts)):
            doc = marts[name]
            cols = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_catalog = ? and table_schema = ? and table_name = ? "
                "order by ordinal_position",
                [wh, schema, name],
            ).fetchall()
            select = []
            for col, dtype in cols:
                if col in EXCLUDED_COLUMNS:
                    continue
                cast = published_type(dtype)
                select.append(
                    f"cast({quoted(col)} as {cast}) as {quoted(col)}" if cast else quoted(col)
                )
            con.execute(
                f"create table {doc.audience}.{quoted(name)} as "
                f"select {', '.join(select)} from {quoted(wh)}.{quoted(schema)}.{quoted(name)}"
            )
            tables[name] = [
                {"name": c, "type": t}
                for c, t in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_catalog = ? and table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [release, doc.audience, name],
                ).fetchall()
            ]
        con.execute(f"checkpoint {quoted(release)}")
        con.execute("use memory")
        con.execute(f"detach {quoted(wh)}")
        con.execute(f"detach {quoted(release)}")
    finally:
        con.close()
    return tables


def write_parquet(database: Path, audience: str, name: str, target: Path) -> int:
    con = duckdb.connect(str(database), read_only=True)
    try:
        con.execute(
            f"copy (select * from {audience}.{quoted(name)}) to {literal(str(target))} "
            "(format parquet, compression zstd)"
        )
        return int(con.execute(f"select count(*) from {audience}.{quoted(name)}").fetchone()[0])
    finally:
        con.close()


def write_xlsx(database: Path, audience: str, name: str, doc: MartDoc, target: Path) -> None:
    """One sheet with a header row of column names and a second sheet of descriptions."""
    import xlsxwriter

    con = duckdb.connect(str(database), read_only=True)
    try:
        cur = con.execute(f"select * from {audience}.{quoted(name)}")
        columns = [d[0] for d in cur.description]
        rows = cur.fetchall()
    finally:
        con.close()
    book = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False})
    book.set_properties({"title": name, "comments": doc.description[:250]})
    bold = book.add_format({"bold": True})
    integer = book.add_format({"num_format": "0"})
    decimal = book.add_format({"num_format": "0.0##"})
    date = book.add_format({"num_format": "dd-mm-yyyy"})
    sheet = book.add_worksheet(name[:31])
    for j, col in enumerate(columns):
        sheet.write_string(0, j, col, bold)
        sheet.set_column(j, j, max(12, min(40, len(col) + 2)))
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            _write_cell(sheet, i, j, value, integer, decimal, date)
    sheet.freeze_panes(1, 0)
    about = book.add_worksheet("beskrivelse")
    about.write_string(0, 0, "kolonne", bold)
    about.write_string(0, 1, "beskrivelse", bold)
    about.write_string(1, 0, name)
    about.write_string(1, 1, doc.description)
    for i, col in enumerate(columns, start=2):
        about.write_string(i, 0, col)
        about.write_string(i, 1, doc.columns.get(col, ""))
    about.set_column(0, 0, 30)
    about.set_column(1, 1, 120)
    book.close()


def _write_cell(sheet: Any, i: int, j: int, value: Any, integer, decimal, date) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(i, j, value)
    elif isinstance(value, int):
        sheet.write_number(i, j, value, integer)
    elif isinstance(value, Decimal | float):
        sheet.write_number(i, j, float(value), decimal)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(i, j, value, date)
    elif isinstance(value, dt.date):
        sheet.write_datetime(i, j, dt.datetime(value.year, value.month, value.day), date)
    else:
        sheet.write_string(i, j, str(value))
