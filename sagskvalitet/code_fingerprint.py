"""Whether the incremental models must be rebuilt in full: the code that made them changed.

The six base models are incremental (docs/DECISIONS.md, issue 14 item 3): a monthly build
types only the rows the table does not hold yet. So is the case event log (issue 14, eighth
session): a build rebuilds only the cases that changed. dbt does not notice when the SQL, a
macro or a seed that made the held rows has changed, so rows made by old code would stay. The
build records a fingerprint of that code with every complete build; when the next build
finds another fingerprint it runs ``dbt build --full-refresh`` instead of relying on
someone to remember it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# What types a landed row in a base model: staging SQL and its yml (configs, columns), every
# macro, the seeds they look up, the project's vars, and landing's code (it writes the
# landed columns the models read). What makes a case's events: the history models between
# the snapshots and the event log (a change upstream of the snapshots reaches the event log
# as a dated change of the snapshots, which the event log rebuilds by itself).
PATTERNS = (
    "models/staging/**/*.sql",
    "models/staging/**/*.yml",
    "models/intermediate/history/**/*.sql",
    "models/intermediate/history/**/*.yml",
    "models/marts/history/**/*.sql",
    "models/marts/history/**/*.yml",
    "macros/**/*.sql",
    "seeds/**/*.csv",
    "dbt_project.yml",
    "sagskvalitet/landing/**/*.py",
)


def fingerprint(repo: Path = REPO) -> str:
    """SHA-256 over the paths and contents of the files of PATTERNS, in path order."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in PATTERNS for p in repo.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(repo).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def full_refresh_reason(
    previous: dict[str, Any] | None, current: str, warehouse_exists: bool
) -> str | None:
    """Why this build must rebuild the incremental models in full, or None.

    previous is the last build record (build_record.json); its fingerprint is that of the
    warehouse in place (a failed build carries the fingerprint of the one it left).
    """
    if not warehouse_exists:
        return None  # a new warehouse is built in full anyway
    recorded = (previous or {}).get("code_fingerprint")
    if recorded is None:
        return "the warehouse in place has no code fingerprint (built before it was recorded)"
    if recorded != current:
        return (
            "the staging or history code, macros, seeds or landing changed since the "
            "warehouse was built"
        )
    return None
