"""dbt-project-evaluator's default rules, held by dbt-bouncer (custom checks).

dbt Labs' dbt-project-evaluator is a dbt package, and packages from the hub cannot be
installed here, so the project holds the same rules with the checker it already runs.
Each check states the evaluator model it mirrors; the thresholds are the evaluator's
defaults. Where dbt-bouncer's own check has the same meaning (rejoining of upstream
concepts) the configuration uses that one instead.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from dbt_bouncer.check_framework.decorator import check, fail

# The evaluator's naming conventions (var model_types, *_prefixes, *_folder_name).
PREFIX_TYPES = (("base_", "base"), ("stg_", "staging"), ("int_", "intermediate"))
MART_PREFIXES = ("fct_", "dim_")
FOLDER_TYPES = {"base": "base", "staging": "staging", "intermediate": "intermediate"}
MART_FOLDER = "marts"
# The evaluator's default var primary_key_test_macros, used when dbt_project.yml sets none.
DEFAULT_PRIMARY_KEY_TEST_MACROS = [
    ["dbt.test_unique", "dbt.test_not_null"],
    ["dbt_utils.test_unique_combination_of_columns"],
]


def _model_type(name: str) -> str:
    for prefix, kind in PREFIX_TYPES:
        if name.startswith(prefix):
            return kind
    return "marts" if name.startswith(MART_PREFIXES) else "other"


def _folder_type(path: str) -> str:
    """The model type of the folder nearest the file (the evaluator's model_type_folder)."""
    for folder in reversed(PurePosixPath(path).parent.parts):
        if folder in FOLDER_TYPES:
            return FOLDER_TYPES[folder]
        if folder == MART_FOLDER:
            return "marts"
    return "other"


def _ancestor_sources(unique_id: str, nodes: dict[str, Any]) -> set[str]:
    """Every source the node descends from, at any distance."""
    seen: set[str] = set()
    found: set[str] = set()
    stack = [unique_id]
    while stack:
        current = stack.pop()
        node = nodes.get(current)
        for parent in getattr(getattr(node, "depends_on", None), "nodes", None) or []:
            if parent.startswith("source."):
                found.add(parent)
            elif parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return found


def _children(ctx: Any) -> dict[str, set[str]]:
    """Direct children in the DAG: models, snapshots and exposures (tests are not nodes of it)."""
    children: dict[str, set[str]] = {}
    resources = list(ctx.models) + list(ctx.snapshots) + list(ctx.exposures)
    for resource in resources:
        node = (
            getattr(resource, "snapshot", None) or getattr(resource, "exposure", None) or resource
        )
        for parent in getattr(getattr(node, "depends_on", None), "nodes", None) or []:
            children.setdefault(parent, set()).add(node.unique_id)
    return children


@check
def check_evaluator_model_directories(model, ctx):
    """fct_model_directories: a model sits in the folder of its type (base models in
    `base/`, marts under `marts/`), and a staging model in the folder of every source it
    descends from."""
    name = model.name
    path = model.original_file_path
    kind = _model_type(name)
    if kind != "other" and _folder_type(path) != kind:
        fail(f"`{name}` is a {kind} model but sits in {PurePosixPath(path).parent}.")
    if kind == "staging":
        nodes = ctx.models_by_unique_id or {m.unique_id: m for m in ctx.models}
        directory = str(PurePosixPath(path).parent)
        for source_id in sorted(_ancestor_sources(model.unique_id, nodes)):
            source_name = source_id.split(".")[2]
            if source_name not in directory:
                fail(
                    f"`{name}` descends from source `{source_name}` but sits in {directory}: "
                    "a staging model belongs to the folder of its source."
                )


def _fail_on_fanout(unique_id: str, label: str, ctx, threshold: int) -> None:
    """fct_model_fanout: fail when a node has `threshold` or more direct leaf children
    (models that no model, snapshot or exposure reads)."""
    children = _children(ctx)
    leaves = sorted(
        child
        for child in children.get(unique_id, set())
        if child.startswith("model.") and not children.get(child)
    )
    if len(leaves) >= threshold:
        names = ", ".join(c.split(".")[-1] for c in leaves)
        fail(f"{label} has {len(leaves)} leaf children (threshold {threshold}): {names}.")


@check
def check_evaluator_model_fanout(model, ctx, *, models_fanout_threshold: int = 3):
    """fct_model_fanout: fewer than `models_fanout_threshold` direct leaf children (models
    with no child of their own: no model, snapshot or exposure reads them)."""
    _fail_on_fanout(model.unique_id, f"`{model.name}`", ctx, models_fanout_threshold)


@check
def check_evaluator_seed_fanout(seed, ctx, *, models_fanout_threshold: int = 3):
    """fct_model_fanout for seeds: fewer than `models_fanout_threshold` direct leaf children."""
    node = getattr(seed, "seed", None) or seed
    _fail_on_fanout(node.unique_id, f"seed `{node.name}`", ctx, models_fanout_threshold)


@check
def check_evaluator_too_many_joins(model, *, too_many_joins_threshold: int = 7):
    """fct_too_many_joins: fewer than `too_many_joins_threshold` distinct direct parents
    (models, sources, seeds, snapshots)."""
    parents = set(getattr(model.depends_on, "nodes", None) or [])
    if len(parents) >= too_many_joins_threshold:
        names = ", ".join(sorted(p.split(".")[-1] for p in parents))
        fail(
            f"`{model.name}` has {len(parents)} direct parents "
            f"(threshold {too_many_joins_threshold}): {names}."
        )


def _primary_key_test_macros(project_file: str) -> list[list[str]]:
    """The evaluator's var primary_key_test_macros as dbt_project.yml sets it."""
    config = yaml.safe_load(Path(project_file).read_text(encoding="utf-8")) or {}
    return (config.get("vars") or {}).get(
        "primary_key_test_macros"
    ) or DEFAULT_PRIMARY_KEY_TEST_MACROS


@check
def check_evaluator_primary_key_test(model, ctx, *, project_file: str = "dbt_project.yml"):
    """fct_missing_primary_key_tests: one column (or the table, for a test over several
    columns) carries every test of one of the sets in var primary_key_test_macros."""
    test_sets = _primary_key_test_macros(project_file)
    macros_by_column: dict[str | None, set[str]] = {}
    for test in ctx.tests_by_attached_node.get(model.unique_id, []):
        macros = {
            m.removeprefix("macro.") for m in (getattr(test.depends_on, "macros", None) or [])
        }
        macros_by_column.setdefault(getattr(test, "column_name", None), set()).update(macros)
    for macros in macros_by_column.values():
        if any(set(test_set) <= macros for test_set in test_sets):
            return
    fail(
        f"`{model.name}` has no primary-key test: none of its columns carries "
        f"{' or '.join(' + '.join(s) for s in test_sets)}."
    )
