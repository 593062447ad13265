"""Which landed Parquet folder backs which dbt source table.

The sources' ``external_location`` (models/staging/*/_*__sources.yml) is the one place that
says it, for DuckDB. Engines that cannot read a glob in SQL (PostgreSQL) need the same map
to load raw tables; reading it from the YAML keeps one truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# read_parquet('{{ var("landing_dir") or env_var(...) }}/manifest/*.parquet', ...)
_LOCATION = re.compile(r"(landing_dir|ledger_dir).*\}\}/(?P<folder>[^/']+)/\*\.parquet")


@dataclass(frozen=True)
class SourceTable:
    """One dbt source table and the landed folder it reads."""

    schema: str
    identifier: str
    root: str  # "landing_dir" or "ledger_dir"
    folder: str


def source_tables(project_dir: Path) -> list[SourceTable]:
    """Every source table with an external_location, from the project's source YAML."""
    tables: list[SourceTable] = []
    for path in sorted((project_dir / "models").rglob("_*__sources.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source in doc.get("sources", []):
            schema = source.get("schema", source["name"])
            for table in source.get("tables", []):
                meta = (table.get("config") or {}).get("meta") or table.get("meta") or {}
                location = meta.get("external_location")
                if not location:
                    continue
                match = _LOCATION.search(location)
                if match is None:
                    raise ValueError(f"{path}: {table['name']}: unreadable external_location")
                tables.append(
                    SourceTable(
                        schema=schema,
                        identifier=table.get("identifier", table["name"]),
                        root=match.group(1),
                        folder=match.group("folder"),
                    )
                )
    return tables
