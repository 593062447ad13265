"""What each mart is for and who may read it, from the dbt docs (``manifest.json``).

A mart's audience is its ``meta.audience`` in the dbt properties: ``committee``
(aggregated and suppressed, safe to share) or ``internal`` (case-level, for the staff who
follow up). A mart without one is internal: nothing reaches the committee set by default.
Descriptions of tables and columns come from the same manifest, so ``index.json`` says
what the docs site says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

COMMITTEE = "committee"
INTERNAL = "internal"
AUDIENCES = (COMMITTEE, INTERNAL)
# Never published in any set: the citizen pseudonym and free text (titles, raw records).
EXCLUDED_COLUMNS = frozenset({"citizen_key", "title", "title_folded", "raw_record"})


@dataclass
class MartDoc:
    name: str
    audience: str
    description: str
    owner: str | None
    columns: dict[str, str] = field(default_factory=dict)
    spreadsheet: bool = False


def read_marts(manifest_path: str | Path) -> dict[str, MartDoc]:
    """Marts (models of schema ``marts``) by name, with audience and descriptions."""
    path = Path(manifest_path)
    if not path.exists():
        raise FileNotFoundError(f"dbt manifest not found: {path} (run dbt build or make dbt)")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    marts: dict[str, MartDoc] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "model" or node.get("schema") != "marts":
            continue
        meta = {**node.get("meta", {}), **node.get("config", {}).get("meta", {})}
        audience = meta.get("audience", INTERNAL)
        if audience not in AUDIENCES:
            audience = INTERNAL
        marts[node["name"]] = MartDoc(
            name=node["name"],
            audience=audience,
            description=" ".join(str(node.get("description", "")).split()),
            owner=meta.get("owner"),
            columns={
                name: " ".join(str(col.get("description", "")).split())
                for name, col in node.get("columns", {}).items()
            },
            spreadsheet=bool(meta.get("spreadsheet", False)) and audience == COMMITTEE,
        )
    return marts
