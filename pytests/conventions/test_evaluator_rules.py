"""The custom dbt-bouncer checks that hold dbt-project-evaluator's rules: each fails on
the shape the evaluator flags and passes on the fixed shape."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from dbt_bouncer.check_framework.context import CheckContext
from dbt_bouncer.check_framework.decorator import DbtBouncerFailedCheckError

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "evaluator_rules", ROOT / "sagskvalitet" / "conventions" / "manifest" / "evaluator_rules.py"
)
rules = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rules)


def node(unique_id: str, path: str = "", parents: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(
        unique_id=unique_id,
        name=unique_id.split(".")[-1],
        original_file_path=path,
        depends_on=SimpleNamespace(nodes=list(parents), macros=[]),
    )


def dbt_test(unique_id: str, attached: str, column: str | None, macros: list[str]):
    return SimpleNamespace(
        unique_id=unique_id,
        attached_node=attached,
        column_name=column,
        depends_on=SimpleNamespace(nodes=[attached], macros=macros),
    )


def run(check_cls, resource_field: str, resource, ctx: CheckContext, **params) -> bool:
    """True when the check passes, False when it fails."""
    check = check_cls(**{resource_field: resource}, **params)
    check._ctx = ctx
    try:
        check.execute()
    except DbtBouncerFailedCheckError:
        return False
    return True


def context(models=(), tests=(), exposures=(), seeds=()) -> CheckContext:
    models = list(models)
    return CheckContext(
        models=models,
        tests=list(tests),
        exposures=list(exposures),
        seeds=list(seeds),
        models_by_unique_id={m.unique_id: m for m in models},
    )


def test_base_model_must_sit_in_base_folder() -> None:
    wrong = node(
        "model.p.base_sa__cases", "models/staging/sa/base_sa__cases.sql", ("source.p.sa.cases",)
    )
    right = node(
        "model.p.base_sa__cases",
        "models/staging/sa/base/base_sa__cases.sql",
        ("source.p.sa.cases",),
    )
    check = rules.check_evaluator_model_directories
    assert not run(check, "model", wrong, context([wrong]))
    assert run(check, "model", right, context([right]))


def test_staging_model_must_sit_with_every_source_it_descends_from() -> None:
    base = node(
        "model.p.base_landing__manifest",
        "models/staging/landing/base/x.sql",
        ("source.p.landing.m",),
    )
    own = node("model.p.base_sa__cases", "models/staging/sa/base/y.sql", ("source.p.sa.cases",))
    stg = node(
        "model.p.stg_sa__cases",
        "models/staging/sa/stg_sa__cases.sql",
        (own.unique_id, base.unique_id),
    )
    fixed = node("model.p.stg_sa__cases", "models/staging/sa/stg_sa__cases.sql", (own.unique_id,))
    check = rules.check_evaluator_model_directories
    assert not run(check, "model", stg, context([base, own, stg]))
    assert run(check, "model", fixed, context([own, fixed]))


def test_fanout_counts_leaf_children_only() -> None:
    parent = node("model.p.fct_results", "models/marts/fct_results.sql")
    leaves = [
        node(f"model.p.fct_leaf_{i}", "models/marts/x.sql", (parent.unique_id,)) for i in range(3)
    ]
    check = rules.check_evaluator_model_fanout
    assert not run(check, "model", parent, context([parent, *leaves]))
    reader = SimpleNamespace(
        exposure=node("exposure.p.report", parents=(leaves[0].unique_id,)),
    )
    assert run(check, "model", parent, context([parent, *leaves], exposures=[reader]))


def test_too_many_joins_at_seven_parents() -> None:
    check = rules.check_evaluator_too_many_joins
    seven = node("model.p.int_x", parents=tuple(f"model.p.m{i}" for i in range(7)))
    six = node("model.p.int_x", parents=tuple(f"model.p.m{i}" for i in range(6)))
    assert not run(check, "model", seven, context([seven]))
    assert run(check, "model", six, context([six]))


@pytest.mark.parametrize(
    ("tests", "passes"),
    [
        ([("id", ["macro.dbt.test_unique"]), ("id", ["macro.dbt.test_not_null"])], True),
        ([("id", ["macro.dbt.test_unique"]), ("other", ["macro.dbt.test_not_null"])], False),
        ([(None, ["macro.sagskvalitet.test_unique_combination_of_columns"])], True),
        ([(None, ["macro.other.test_unique_combination_of_columns"])], False),
        ([], False),
    ],
)
def test_primary_key_rule_reads_the_project_var(tests, passes: bool) -> None:
    model = node("model.p.fct_x", "models/marts/fct_x.sql")
    attached = [dbt_test(f"test.p.t{i}", model.unique_id, c, m) for i, (c, m) in enumerate(tests)]
    check = rules.check_evaluator_primary_key_test
    ctx = context([model], tests=attached)
    assert run(check, "model", model, ctx, project_file=str(ROOT / "dbt_project.yml")) is passes
