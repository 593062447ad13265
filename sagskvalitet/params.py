"""The committee's numbers, read from the same places dbt reads them.

Deadlines (``seeds/reference/deadline_catalogue.csv``), targets with thresholds and
validity (``seeds/reference/targets.csv``) and the vars of ``dbt_project.yml``. The
generator's ground truth uses this module, so a changed number changes both sides.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from sagskvalitet.workcal import WorkCalendar

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _date_or_none(text: str | None) -> date | None:
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class DeadlineRule:
    """One row of the deadline catalogue (sagsbehandlingsfrister)."""

    subject: str  # case | access_request | complaint | inquiry
    subject_key: str  # area, legal basis, reassessment, feedback_guarantee
    value: int
    unit: str  # days | weeks | months | working_days
    valid_from: date
    valid_to: date | None  # inclusive; None = open-ended

    def valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass(frozen=True)
class TargetDef:
    """One row of the targets seed."""

    target_id: str
    figure_kind: str  # target | monitoring
    period_grain: str  # quarter | year
    member_kind: str  # case | complaint | access_request | inquiry
    threshold: Decimal | None
    valid_from: date
    valid_to: date | None

    def valid_on(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


def _month_day(text: str) -> tuple[int, int]:
    month, day = str(text).split("-")
    return int(month), int(day)


@dataclass
class Params:
    deadlines: list[DeadlineRule]
    targets: dict[str, TargetDef]
    vars: dict[str, Any] = field(default_factory=dict)

    @property
    def closing_days_are_non_working(self) -> bool:
        return bool(self.vars.get("closing_days_are_non_working", True))

    @property
    def roll_due_date_to_working_day(self) -> bool:
        return bool(self.vars.get("roll_due_date_to_working_day", True))

    @property
    def case_time_window(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """(month, day) of the start and end of the yearly measurement window."""
        start = _month_day(self.vars.get("case_time_window_start", "05-01"))
        end = _month_day(self.vars.get("case_time_window_end", "05-31"))
        if start > end:
            raise ValueError("case_time_window_start must not be after case_time_window_end")
        return start, end

    @property
    def as_of_date(self) -> date | None:
        value = self.vars.get("as_of_date")
        if value in (None, ""):
            return None
        return value if isinstance(value, date) else date.fromisoformat(str(value))

    def deadline(self, subject: str, subject_key: str, on: date) -> DeadlineRule | None:
        """The catalogue row of subject/key valid on ``on`` (None when there is none)."""
        for rule in self.deadlines:
            if rule.subject == subject and rule.subject_key == subject_key and rule.valid_on(on):
                return rule
        return None

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(
            closing_days_are_non_working=self.closing_days_are_non_working,
            roll_to_working_day=self.roll_due_date_to_working_day,
        )


def read_deadlines(path: Path) -> list[DeadlineRule]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            DeadlineRule(
                subject=row["subject"].strip(),
                subject_key=row["subject_key"].strip(),
                value=int(row["deadline_value"]),
                unit=row["deadline_unit"].strip(),
                valid_from=_date_or_none(row["valid_from"]) or date.min,
                valid_to=_date_or_none(row["valid_to"]),
            )
            for row in csv.DictReader(fh)
        ]


def read_targets(path: Path) -> dict[str, TargetDef]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            row["target_id"]: TargetDef(
                target_id=row["target_id"],
                figure_kind=row["figure_kind"],
                period_grain=row["period_grain"],
                member_kind=row["member_kind"],
                threshold=Decimal(row["threshold"]) if row["threshold"].strip() else None,
                valid_from=_date_or_none(row["valid_from"]) or date.min,
                valid_to=_date_or_none(row["valid_to"]),
            )
            for row in csv.DictReader(fh)
        }


def read_vars(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return dict((yaml.safe_load(fh) or {}).get("vars") or {})


def load_params(
    project_dir: Path | None = None, var_overrides: dict[str, Any] | None = None
) -> Params:
    """Seeds and vars of the dbt project at ``project_dir`` (default: this repository)."""
    root = Path(project_dir) if project_dir else PROJECT_DIR
    reference = root / "seeds" / "reference"
    dbt_vars = read_vars(root / "dbt_project.yml")
    dbt_vars.update(var_overrides or {})
    return Params(
        deadlines=read_deadlines(reference / "deadline_catalogue.csv"),
        targets=read_targets(reference / "targets.csv"),
        vars=dbt_vars,
    )
