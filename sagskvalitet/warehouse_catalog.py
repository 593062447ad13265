"""Attach the warehouse to a DuckDB connection under the catalog name its views expect.

dbt-duckdb writes a view's body with fully qualified names: the catalog is the stem of the
file dbt built (``sagskvalitet`` for ``warehouse/sagskvalitet.duckdb``; ``make build``
builds under the same file name and swaps it in). A connection that attaches the file
under another alias (``wh``) can read its tables but not its views: DuckDB answers
'Catalog "sagskvalitet" does not exist'. So a command that attaches the warehouse beside
another database attaches it under its own stem, and nothing else takes that name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Names DuckDB reserves (main, system, temp) or an in-memory connection holds (memory):
# DuckDB refuses to attach a file under them.
RESERVED = frozenset({"memory", "system", "temp", "main"})


def catalog_name(path: Path | str) -> str:
    """The catalog dbt-duckdb gave the warehouse at ``path``: the file's stem."""
    name = Path(path).stem
    if not name or name.lower() in RESERVED:
        raise ValueError(
            f"warehouse {path}: its file name {name!r} cannot be a DuckDB catalog "
            f"(reserved: {', '.join(sorted(RESERVED))}); name the file otherwise"
        )
    return name


def quoted(identifier: str) -> str:
    """A DuckDB identifier in double quotes."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    """A DuckDB string constant in single quotes."""
    return "'" + value.replace("'", "''") + "'"


def attach_warehouse(con: Any, path: Path | str) -> str:
    """Attach the warehouse read-only under its catalog name; returns that name."""
    name = catalog_name(path)
    con.execute(f"attach {literal(str(path))} as {quoted(name)} (read_only)")
    return name
