"""Applying a checked skill-matrix import: the new people it names and all its levels, in one transaction.

The levels come as columns of numbers (``ImportedLevels``), never one object per row, so an
import of a million assessments stays within a few tens of megabytes; they go in by
``executemany`` a batch at a time inside the one transaction, reporting progress after
each batch. A progress callback that answers False cancels the import: the transaction
rolls back and nothing is written (``ImportCancelled``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.people import normalise_email
from app.services.skills.assessments import _check_people_and_skills, _table_of
from app.services.skills.inputs import MAX_LEVEL, MIN_LEVEL, _name, check_assessment_date, check_level, check_source
from app.services.unit import Unit, unit_of_work
from models.enums import AssessmentSource

if TYPE_CHECKING:
    import numpy as np
    from sqlalchemy.engine import Connection


class NewPerson(NamedTuple):
    """Someone an import creates (the rest of their details keep their defaults)."""

    name: str
    email: str
    department: str


class ImportedAssessment(NamedTuple):
    """One level from an imported file, for a person known by e-mail (who may be new in the same import)."""

    email: str
    skill_id: int
    level: int
    assessed_on: date | None = None
    source: AssessmentSource | str | None = None  # None: the import's default source


def _person_ids_by_email(connection: Connection) -> dict[str, int]:
    from sqlalchemy import text

    return {email: person_id for person_id, email in connection.execute(text("SELECT id, email FROM person"))}


def _add_people(unit: Unit, new_people: Sequence[Mapping[str, Any]], *, reason: str) -> dict[str, int]:
    """Insert the import's new people, each with their own audit event; returns everyone's id by e-mail."""
    from sqlalchemy import insert

    from models.people import Person

    connection = unit.session.connection()
    existing = _person_ids_by_email(connection)
    taken = [person["email"] for person in new_people if person["email"] in existing]
    if taken:
        raise UserError(
            f"{taken[0]} was added to Steward after the file was checked; check the file again before importing."
        )
    if new_people:
        connection.execute(
            insert(_table_of(Person)),
            [
                {**person, "title": "", "capacity_fte": 1.0, "cost_rate": 0, "active": True, "erased_on": None}
                for person in new_people
            ],
        )
        existing = _person_ids_by_email(connection)
        for person in new_people:
            unit.audit(
                entity=Entity.PERSON,
                entity_id=existing[person["email"]],
                action=Action.CREATED,
                after=person,
                reason=reason,
            )
    return existing


class ImportedLevels(NamedTuple):
    """An import's levels as columns (numpy arrays of the same length), one entry per level.

    ``person`` is a person's id, or ``-(n + 1)`` for the n-th of the import's new people;
    ``day`` is a ``date.toordinal`` (0: the import's date); ``source`` is 1 + the index in
    ``SOURCES`` (0: the import's source).
    """

    person: np.ndarray
    skill_id: np.ndarray
    level: np.ndarray
    day: np.ndarray
    source: np.ndarray


SOURCES: tuple[str, ...] = tuple(member.value for member in AssessmentSource)
INSERT_BATCH_ROWS = 50_000
Progress = Callable[[int, int], bool]  # (levels written, levels in all): False cancels the import


class ImportCancelled(UserError):
    """The import was cancelled while it was written; the transaction rolled back."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was written.")


def _levels_of(assessments: Sequence[ImportedAssessment], person_ids: Mapping[str, int]) -> ImportedLevels:
    """Levels given one by one (people by e-mail) as columns; a person not found is refused."""
    import numpy as np

    try:
        person = [person_ids[row.email.strip().lower()] for row in assessments]
    except KeyError as error:
        raise UserError(f"No one in Steward has the e-mail {error.args[0]}; nothing was imported.") from None
    checked = [
        (
            check_level(row.level),
            0 if row.assessed_on is None else check_assessment_date(row.assessed_on).toordinal(),
            0 if row.source is None else 1 + SOURCES.index(check_source(row.source).value),
        )
        for row in assessments
    ]
    levels, days, sources = zip(*checked, strict=True) if checked else ((), (), ())
    return ImportedLevels(
        person=np.array(person, dtype=np.int64),
        skill_id=np.array([row.skill_id for row in assessments], dtype=np.int64),
        level=np.array(levels, dtype=np.int64),
        day=np.array(days, dtype=np.int64),
        source=np.array(sources, dtype=np.int64),
    )


def _check_levels(levels: ImportedLevels, *, today: date, new_people: int) -> None:
    """Refuse columns a checked plan cannot hold (a level off the scale, a date in the future, an unknown person)."""
    if len({len(column) for column in levels}) != 1:
        raise ValueError("the columns of imported levels differ in length")
    if not len(levels.level):
        return
    if levels.level.min() < MIN_LEVEL or levels.level.max() > MAX_LEVEL:
        raise UserError(f"A level of the import is not on the scale {MIN_LEVEL}–{MAX_LEVEL}; nothing was imported.")
    if levels.day.max() > today.toordinal():
        raise UserError("An assessment of the import is dated in the future; nothing was imported.")
    if levels.source.min() < 0 or levels.source.max() > len(SOURCES):
        raise ValueError("an imported level names a source that does not exist")
    if levels.person.min() < -new_people:
        raise ValueError("an imported level names a new person the import does not create")


def import_matrix(
    database: Database,
    *,
    people: Sequence[NewPerson],
    assessments: Sequence[ImportedAssessment] | ImportedLevels,
    source: AssessmentSource | str = AssessmentSource.MANAGER,
    assessed_on: date | str | None = None,
    reason: str = "",
    progress: Progress | None = None,
) -> Change:
    """Create ``people`` and record ``assessments`` in one transaction.

    ``assessments`` are either rows (people known by e-mail, who may be new in the same
    import) or ``ImportedLevels`` columns. ``source`` and ``assessed_on`` apply to the
    assessments that do not carry their own. Each new person gets their own audit event
    (so erasing them later also clears it); the assessments get one event for the lot.
    ``progress`` hears after each batch of levels written; when it answers False the
    import stops, nothing is written and ``ImportCancelled`` says so.
    """
    today = date.today()
    default_source = check_source(source)
    default_date = check_assessment_date(assessed_on, today=today)
    new_people = [
        {
            "name": _name(person.name, what="person"),
            "email": normalise_email(person.email),
            "department": " ".join((person.department or "").split()),
        }
        for person in people
    ]
    # ImportedLevels is a tuple of its columns: its length is that of a column, not its number of columns.
    levels_given = len(assessments.level) if isinstance(assessments, ImportedLevels) else len(assessments)
    if not new_people and not levels_given:
        return Change(entity=Entity.IMPORT, action=Action.UNCHANGED)
    with unit_of_work(database) as unit:
        connection = unit.session.connection()
        existing = _add_people(unit, new_people, reason=reason)
        if isinstance(assessments, ImportedLevels):
            levels = assessments
            _check_levels(levels, today=today, new_people=len(new_people))
            new_ids = [existing[person["email"]] for person in new_people]
            levels = levels._replace(person=_person_ids(levels.person, new_ids))
        else:
            levels = _levels_of(assessments, existing)
        person_ids, skill_ids = _distinct(levels.person), _distinct(levels.skill_id)
        _check_people_and_skills(connection, person_ids=person_ids, skill_ids=skill_ids)
        _insert_levels(
            connection, levels, default_date=default_date, default_source=default_source.value, progress=progress
        )
        summary = {
            "new_people": len(new_people),
            "assessments": len(levels.level),
            "people": len(person_ids),
            "skills": len(skill_ids),
        }
        unit.audit(entity=Entity.IMPORT, entity_id=None, action=Action.APPLIED, after=summary, reason=reason)
        return Change(entity=Entity.IMPORT, action=Action.APPLIED, details=summary)


def _person_ids(person: np.ndarray, new_ids: Sequence[int]) -> np.ndarray:
    """``person`` with each new person's ``-(n + 1)`` replaced by the id they were given."""
    import numpy as np

    if not new_ids:
        return person
    return np.where(person < 0, np.asarray(new_ids, dtype=np.int64)[np.maximum(-person - 1, 0)], person)


def _distinct(column: np.ndarray) -> set[int]:
    import numpy as np

    return set(np.unique(column).tolist())


def _insert_levels(
    connection: Connection,
    levels: ImportedLevels,
    *,
    default_date: date,
    default_source: str,
    progress: Progress | None,
) -> None:
    """The levels as assessment rows, ``INSERT_BATCH_ROWS`` at a time, telling ``progress`` after each batch."""
    import numpy as np

    days, day_index = np.unique(levels.day, return_inverse=True)
    day_texts = np.array(
        [(default_date if day == 0 else date.fromordinal(day)).isoformat() for day in days.tolist()], dtype=object
    )
    source_texts = np.array([default_source, *SOURCES], dtype=object)
    placeholders = ", ".join(["?" if connection.dialect.paramstyle == "qmark" else "%s"] * 6)
    statement = (
        f"INSERT INTO assessment (person_id, skill_id, level, assessed_on, source, note) VALUES ({placeholders})"
    )
    total = len(levels.level)
    for start in range(0, total, INSERT_BATCH_ROWS):
        batch = slice(start, start + INSERT_BATCH_ROWS)
        rows = zip(
            levels.person[batch].tolist(),
            levels.skill_id[batch].tolist(),
            levels.level[batch].tolist(),
            day_texts[day_index[batch]].tolist(),
            source_texts[levels.source[batch]].tolist(),
            repeat(""),
            strict=False,
        )
        connection.exec_driver_sql(statement, list(rows))
        if progress is not None and progress(min(start + INSERT_BATCH_ROWS, total), total) is False:
            raise ImportCancelled()
