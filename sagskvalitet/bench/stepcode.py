"""Which code a bench step ran: a fingerprint of the files that step runs.

Why: the growth table compares a step's cost between two scales, and marks the exponent
"(other code)" when the two rows ran different code. By commit alone, two rows measured
at commits that differ only in docs, in the bench or in another step's code counted as
other code, so nearly every exponent carried the mark and said nothing. A step's
fingerprint covers only the files its command runs (``SOURCES``); two rows with the same
fingerprint ran the same code, whatever else the commits changed.

The fingerprint is a SHA-256 over the path and git blob id of each tracked file under the
step's sources. Taken from the work tree when a step runs, or from a commit's tree for a
row stored before the fingerprint was (``at_commit``): a clean work tree and its commit
give the same value.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The Python package (generator, landing, their contract) and the pinned dependencies.
# The bench's own code measures; it is not what a step runs.
_PYTHON = ("sagskvalitet/", "requirements.txt")
_PYTHON_EXCLUDED = ("sagskvalitet/bench/", "sagskvalitet/benchmark.py")
# What `dbt build` reads: models, macros, seeds, snapshots, data tests, the project and
# the profile (DuckDB's settings), and the pinned dbt and DuckDB.
_DBT = (
    "models/",
    "macros/",
    "seeds/",
    "snapshots/",
    "tests/",
    "dbt_project.yml",
    "profiles.yml",
    "requirements.txt",
)
SOURCES: dict[str, tuple[str, ...]] = {
    "generate": _PYTHON,
    "land": _PYTHON,
    "dbt_build": _DBT,
    "dbt_build_no_tests": _DBT,
    # lands the new delivery before the timed build: landing's code made what it reads
    "incremental": (*_DBT, "sagskvalitet/"),
}


def _step_paths(step: str, paths: list[str]) -> list[str]:
    """The tracked paths among ``paths`` that the step runs, in order."""
    sources = SOURCES[step]
    return sorted(
        p
        for p in paths
        if any(p == s or (s.endswith("/") and p.startswith(s)) for s in sources)
        and not p.startswith(_PYTHON_EXCLUDED)
    )


def _digest(blobs: dict[str, str], step: str) -> str:
    h = hashlib.sha256()
    for path in _step_paths(step, list(blobs)):
        h.update(f"{path}\0{blobs[path]}\n".encode())
    return h.hexdigest()[:16]


def blob_id(data: bytes) -> str:
    """Git's id of a file's content (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def in_work_tree(step: str, repo: Path = REPO) -> str | None:
    """The step's fingerprint of the files as they are now (None outside a git clone or
    for a step without sources)."""
    if step not in SOURCES:
        return None
    try:
        tracked = _git(repo, "ls-files", "-z").split("\0")
    except (OSError, subprocess.CalledProcessError):
        return None
    blobs = {}
    for path in _step_paths(step, [p for p in tracked if p]):
        file = repo / path
        if file.is_file():  # a tracked file deleted in the work tree is not run
            blobs[path] = blob_id(file.read_bytes())
    return _digest(blobs, step)


@functools.lru_cache(maxsize=64)
def at_commit(commit: str, step: str, repo: Path = REPO) -> str | None:
    """The step's fingerprint at a stored row's commit; None when the row's code is not
    a commit's (``+changes``, ``unknown``) or git does not have it."""
    if step not in SOURCES or not commit or "+" in commit or commit == "unknown":
        return None
    try:
        listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    except (OSError, subprocess.CalledProcessError):
        return None
    blobs = {}
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind == "blob":
            blobs[path] = blob
    return _digest(blobs, step)


def of_row(step_row: dict, repo: Path = REPO) -> str | None:
    """The fingerprint a stored step row ran: recorded, else from its commit."""
    return step_row.get("step_code") or at_commit(
        step_row.get("commit") or "", step_row["step"], repo
    )


def same_code(row_a: dict, row_b: dict, repo: Path = REPO) -> bool:
    """Whether two stored rows of one step ran the same code: the same fingerprint, or,
    where either has none, the same commit."""
    code_a, code_b = of_row(row_a, repo), of_row(row_b, repo)
    if code_a and code_b:
        return code_a == code_b
    return row_a.get("commit") == row_b.get("commit")
