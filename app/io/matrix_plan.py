"""A skills-matrix import as a plan: what it would add, shown before anything is written, then applied.

``ImportPlan`` holds the people and assessments a file would add, how many of its
levels are unchanged and every problem; ``describe_plan`` is its summary for the
CLI and the dialog; ``apply_import`` writes a plan without problems in one
transaction (``app.services.skills``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from app.db.database import Database
from app.errors import UserError
from app.io.cells import count
from app.io.sheet import ImportProblem, problem_lines
from app.services.unit import Change
from models.enums import AssessmentSource


class PlannedPerson(NamedTuple):
    row: int
    name: str
    email: str
    department: str


class PlannedAssessment(NamedTuple):
    """A level the import would record; ``person_id`` is None for a person the import creates."""

    row: int
    column: str
    person_id: int | None
    email: str
    person: str
    skill_id: int
    skill: str
    old_level: int | None  # the current level, None where never assessed
    level: int
    assessed_on: date | None  # None: the import's date
    source: str | None  # None: the import's source


@dataclass(frozen=True)
class ImportPlan:
    """What importing ``path`` would change; nothing has been written yet."""

    path: Path
    file_type: str  # "csv", "xlsx", or "" when the file could not be read
    layout: str  # "wide", "long", or "" when no heading row was recognised
    new_people: tuple[PlannedPerson, ...] = ()
    new_assessments: tuple[PlannedAssessment, ...] = ()
    unchanged: int = 0
    errors: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return len(self.new_people) + len(self.new_assessments)


def failed_plan(
    path: Path, message: str, *, file_type: str = "", layout: str = "", row: int | None = None
) -> ImportPlan:
    """A plan that cannot be applied, for a problem with the whole file."""
    return ImportPlan(path=path, file_type=file_type, layout=layout, errors=(ImportProblem(row, None, message),))


def describe_plan(plan: ImportPlan) -> str:
    """A short summary ("3 new people, 41 new assessments, 120 unchanged"), or the problems, one per line."""
    if plan.errors:
        return problem_lines(plan.errors)
    return ", ".join(
        (
            count(len(plan.new_people), "new person", "new people"),
            count(len(plan.new_assessments), "new assessment", "new assessments"),
            f"{plan.unchanged} unchanged",
        )
    )


def apply_import(
    database: Database,
    plan: ImportPlan,
    *,
    source: AssessmentSource | str = AssessmentSource.MANAGER,
    assessed_on: date | str | None = None,
) -> Change:
    """Write ``plan`` in one transaction: its new people, then its new assessments, with audit.

    ``source`` and ``assessed_on`` (default today) apply to levels the file gives
    no source or date for. A plan with problems is refused and nothing is written.
    """
    from app.services.skills import ImportedAssessment, NewPerson, import_matrix

    if plan.errors:
        more = len(plan.errors) - 1
        tail = f" (and {count(more, 'more problem', 'more problems')})" if more else ""
        first = str(plan.errors[0])
        raise UserError(f"Nothing was imported from {plan.path.name}: {first[0].lower()}{first[1:].rstrip('.')}{tail}.")
    return import_matrix(
        database,
        people=[NewPerson(person.name, person.email, person.department) for person in plan.new_people],
        assessments=[
            ImportedAssessment(row.email, row.skill_id, row.level, row.assessed_on, row.source)
            for row in plan.new_assessments
        ],
        source=source,
        assessed_on=assessed_on,
        reason=f"import of {plan.path.name}",
    )
