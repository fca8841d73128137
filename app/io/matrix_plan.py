"""A skills-matrix import as a plan: what it would add, shown before anything is written, then applied.

``ImportPlan`` holds the people and assessments a file would add, how many of its
levels are unchanged and its problems; ``describe_plan`` is its summary for the
CLI and the dialog; ``apply_import`` writes a plan without problems in one
transaction (``app.services.skills``), reporting its progress and cancellable.

A plan of a million levels holds them as columns of numbers (``LevelColumns``);
``PlannedAssessments`` makes each ``PlannedAssessment`` only when it is asked for
(a row the preview shows), so a plan never holds one object per level.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, overload

import numpy as np

from app.db.database import Database
from app.errors import UserError
from app.io.cells import count
from app.io.sheet import ImportProblem, problem_lines
from app.services.skills.matrix_import import SOURCES, ImportedLevels, Progress
from app.services.unit import Change
from models.enums import AssessmentSource

# A plan keeps this many problems (the first, by row and column) and counts the rest.
KEPT_PROBLEMS = 10_000


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


class LevelColumns(NamedTuple):
    """A file's levels as arrays of the same length (int64), one entry per level.

    ``person`` is a person's id, or ``-(n + 1)`` for the n-th person the file adds;
    ``day`` a ``date.toordinal`` (0: no date); ``source`` 1 + its index in ``SOURCES``
    (0: none); ``column`` the 0-based column the level is in.
    """

    row: np.ndarray
    column: np.ndarray
    person: np.ndarray
    skill: np.ndarray
    level: np.ndarray
    day: np.ndarray
    source: np.ndarray

    def take(self, index: np.ndarray) -> LevelColumns:
        return LevelColumns(*(column[index] for column in self))


class Names(NamedTuple):
    """What ``PlannedAssessments`` needs to say a level in words."""

    columns: Mapping[int, str]  # a column's label as the file shows it
    emails: Mapping[int, str]  # by person id
    people: Mapping[int, str]  # by person id
    skills: Mapping[int, str]  # by skill id
    new_people: Sequence[PlannedPerson]


class PlannedAssessments(Sequence[PlannedAssessment]):
    """The levels an import would record, as a sequence of ``PlannedAssessment`` made one at a time."""

    def __init__(self, levels: LevelColumns, old_levels: np.ndarray, names: Names) -> None:
        self.levels = levels
        self.old_levels = old_levels  # -1 where never assessed
        self.names = names

    def __len__(self) -> int:
        return len(self.levels.row)

    @overload
    def __getitem__(self, index: int) -> PlannedAssessment: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PlannedAssessment]: ...

    def __getitem__(self, index: int | slice) -> PlannedAssessment | Sequence[PlannedAssessment]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        levels, names = self.levels, self.names
        row, column, person, skill, level, day, source = (int(values[index]) for values in levels)
        old = int(self.old_levels[index])
        if person > 0:
            email, name = names.emails[person], names.people.get(person, "")
        else:
            new = names.new_people[-person - 1]
            email, name = new.email, new.name
        return PlannedAssessment(
            row=row,
            column=names.columns[column],
            person_id=person if person > 0 else None,
            email=email,
            person=name or email,
            skill_id=skill,
            skill=names.skills[skill],
            old_level=None if old < 0 else old,
            level=level,
            assessed_on=date.fromordinal(day) if day else None,
            source=SOURCES[source - 1] if source else None,
        )

    def __iter__(self) -> Iterator[PlannedAssessment]:
        return (self[index] for index in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # compared by content, like the tuple it stands for

    def __repr__(self) -> str:
        return f"PlannedAssessments({len(self):,} levels)"


@dataclass(frozen=True)
class ImportPlan:
    """What importing ``path`` would change; nothing has been written yet.

    ``errors`` are the first ``KEPT_PROBLEMS`` problems; ``problem_count`` counts them all.
    """

    path: Path
    file_type: str  # "csv", "xlsx", or "" when the file could not be read
    layout: str  # "wide", "long", or "" when no heading row was recognised
    new_people: tuple[PlannedPerson, ...] = ()
    new_assessments: Sequence[PlannedAssessment] = ()
    unchanged: int = 0
    errors: tuple[ImportProblem, ...] = ()
    found_problems: int | None = None  # None: as many as ``errors``

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return len(self.new_people) + len(self.new_assessments)

    @property
    def problem_count(self) -> int:
        return len(self.errors) if self.found_problems is None else self.found_problems


def failed_plan(
    path: Path, message: str, *, file_type: str = "", layout: str = "", row: int | None = None
) -> ImportPlan:
    """A plan that cannot be applied, for a problem with the whole file."""
    return ImportPlan(path=path, file_type=file_type, layout=layout, errors=(ImportProblem(row, None, message),))


def describe_plan(plan: ImportPlan) -> str:
    """A short summary ("3 new people, 41 new assessments, 120 unchanged"), or the problems, one per line."""
    if plan.errors:
        return problem_lines(plan.errors, total=plan.problem_count)
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
    progress: Progress | None = None,
) -> Change:
    """Write ``plan`` in one transaction: its new people, then its new assessments, with audit.

    ``source`` and ``assessed_on`` (default today) apply to levels the file gives
    no source or date for. A plan with problems is refused and nothing is written.
    ``progress`` hears (levels written, levels in all) as they are written; when it
    answers False the import stops and nothing is written (``ImportCancelled``).
    """
    from app.services.skills import NewPerson, import_matrix

    if plan.errors:
        more = plan.problem_count - 1
        tail = f" (and {count(more, 'more problem', 'more problems')})" if more else ""
        first = str(plan.errors[0])
        raise UserError(f"Nothing was imported from {plan.path.name}: {first[0].lower()}{first[1:].rstrip('.')}{tail}.")
    return import_matrix(
        database,
        people=[NewPerson(person.name, person.email, person.department) for person in plan.new_people],
        assessments=_imported_levels(plan),
        source=source,
        assessed_on=assessed_on,
        reason=f"import of {plan.path.name}",
        progress=progress,
    )


def _imported_levels(plan: ImportPlan) -> ImportedLevels:
    planned = plan.new_assessments
    if isinstance(planned, PlannedAssessments):
        levels = planned.levels
    else:  # a plan made by hand, one PlannedAssessment at a time
        new_person = {person.email: -(number + 1) for number, person in enumerate(plan.new_people)}
        levels = _columns_of(planned, new_person)
    return ImportedLevels(
        person=levels.person, skill_id=levels.skill, level=levels.level, day=levels.day, source=levels.source
    )


def _columns_of(planned: Sequence[PlannedAssessment], new_person: Mapping[str, int]) -> LevelColumns:
    def column(values: list[Any]) -> np.ndarray:
        return np.array(values, dtype=np.int64)

    return LevelColumns(
        row=column([item.row for item in planned]),
        column=column([0] * len(planned)),
        person=column([item.person_id or new_person[item.email] for item in planned]),
        skill=column([item.skill_id for item in planned]),
        level=column([item.level for item in planned]),
        day=column([item.assessed_on.toordinal() if item.assessed_on else 0 for item in planned]),
        source=column([1 + SOURCES.index(item.source) if item.source else 0 for item in planned]),
    )
