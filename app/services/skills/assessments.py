"""Recording assessments: one level, the undo of one, or many in one bulk insert.

An assessment is history: recording a level always adds a new row dated today
(or the given date), and the newest row is the person's current level. Nothing
here updates an old assessment; :func:`retract_assessment` exists only to undo
the one just recorded. Bulk writes go in as SQLAlchemy Core inserts in one
transaction with one summarising audit event, so a matrix of 450k levels takes
seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.skills.inputs import (
    MAX_LEVEL,
    MIN_LEVEL,
    _person,
    _skill,
    check_assessment_date,
    check_level,
    check_source,
)
from app.services.unit import unit_of_work
from models.enums import AssessmentSource

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlmodel import SQLModel

BULK_CHUNK_ROWS = 20_000


class AssessmentInput(NamedTuple):
    """One level to record; ``assessed_on`` None means the day it is recorded."""

    person_id: int
    skill_id: int
    level: int
    assessed_on: date | None = None
    source: AssessmentSource | str = AssessmentSource.MANAGER
    note: str = ""


def record_assessment(
    database: Database,
    person_id: int,
    skill_id: int,
    level: int,
    *,
    source: AssessmentSource | str = AssessmentSource.MANAGER,
    assessed_on: date | str | None = None,
    note: str = "",
) -> Change:
    """A new assessment of ``person_id`` in ``skill_id``; it becomes their current level.

    ``Change.ids`` holds the new assessment's id (for undo, see :func:`retract_assessment`).
    """
    from models.people import Assessment

    values: dict[str, Any] = {
        "person_id": person_id,
        "skill_id": skill_id,
        "level": check_level(level),
        "assessed_on": check_assessment_date(assessed_on),
        "source": check_source(source),
        "note": (note or "").strip(),
    }
    with unit_of_work(database) as unit:
        _person(unit, person_id)
        _skill(unit, skill_id, usable=True)
        return unit.create(
            Entity.ASSESSMENT,
            Assessment(**values),
            after=values,
            details={"person_id": person_id, "skill_id": skill_id},
        )


def retract_assessment(database: Database, assessment_id: int) -> Change:
    """Remove one assessment entered by mistake (the undo of :func:`record_assessment`)."""
    from models.people import Assessment

    with unit_of_work(database) as unit:
        assessment = unit.get(
            Assessment,
            assessment_id,
            what="assessment",
            sentence="Assessment {id} does not exist (it may have been retracted already).",
        )
        return unit.delete(
            Entity.ASSESSMENT,
            assessment_id,
            assessment,
            before=snapshot(assessment, ("person_id", "skill_id", "level", "assessed_on", "source")),
            action=Action.RETRACTED,
            details={"person_id": assessment.person_id, "skill_id": assessment.skill_id},
        )


def _table_of(model: type[SQLModel]) -> Table:
    """The Core table a model maps to, for bulk inserts (SQLModel's types do not declare ``__table__``)."""
    from sqlalchemy import Table, inspect

    table = inspect(model).local_table
    assert isinstance(table, Table)  # every model here maps one plain table
    return table


def _usable_ids(connection: Connection, sql: str) -> set[int]:
    from sqlalchemy import text

    return {row[0] for row in connection.execute(text(sql))}


def _insert_assessments(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    from sqlalchemy import insert

    from models.people import Assessment

    statement = insert(_table_of(Assessment))
    for start in range(0, len(rows), BULK_CHUNK_ROWS):
        connection.execute(statement, list(rows[start : start + BULK_CHUNK_ROWS]))


def _assessment_rows(inputs: Iterable[tuple[int, int, Any, Any, Any, str]], *, today: date) -> list[dict[str, Any]]:
    """Checked rows for the assessment table; a bad one is named by its position."""
    sources = {member.value: member.value for member in AssessmentSource}  # an enum member finds its value too
    rows: list[dict[str, Any]] = []
    for index, (person_id, skill_id, level, assessed_on, source, note) in enumerate(inputs):
        # The common case (already-checked values from an import) skips the full checks.
        if not (
            type(level) is int
            and MIN_LEVEL <= level <= MAX_LEVEL
            and source in sources
            and type(assessed_on) is date
            and assessed_on <= today
        ):
            try:
                level = check_level(level)
                assessed_on = check_assessment_date(assessed_on, today=today)
                source = check_source(source)
            except UserError as error:
                raise UserError(f"Assessment {index + 1} of the batch: {error}") from None
        rows.append(
            {
                "person_id": person_id,
                "skill_id": skill_id,
                "level": level,
                "assessed_on": assessed_on,
                "source": sources[source],
                "note": (note or "").strip(),
            }
        )
    return rows


def record_assessments(database: Database, rows: Sequence[AssessmentInput], *, reason: str = "") -> Change:
    """Many assessments at once: all or none, one audit event for the lot."""
    today = date.today()
    checked = _assessment_rows(
        ((row.person_id, row.skill_id, row.level, row.assessed_on, row.source, row.note) for row in rows), today=today
    )
    if not checked:
        return Change(entity=Entity.ASSESSMENT, action=Action.UNCHANGED)
    with unit_of_work(database) as unit:
        connection = unit.session.connection()
        _check_people_and_skills(
            connection,
            person_ids={row["person_id"] for row in checked},
            skill_ids={row["skill_id"] for row in checked},
        )
        _insert_assessments(connection, checked)
        summary = _summary(checked)
        unit.audit(entity=Entity.ASSESSMENT, entity_id=None, action=Action.IMPORTED, after=summary, reason=reason)
        return Change(entity=Entity.ASSESSMENT, action=Action.IMPORTED, details=summary)


def _check_people_and_skills(connection: Connection, *, person_ids: set[int], skill_ids: set[int]) -> None:
    missing_people = person_ids - _usable_ids(connection, "SELECT id FROM person WHERE erased_on IS NULL")
    if missing_people:
        raise UserError(f"Person {min(missing_people)} does not exist or has been erased; nothing was recorded.")
    missing_skills = skill_ids - _usable_ids(connection, "SELECT id FROM skill WHERE NOT retired")
    if missing_skills:
        raise UserError(f"Skill {min(missing_skills)} does not exist or is retired; nothing was recorded.")


def _summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    return {
        "assessments": len(rows),
        "people": len({row["person_id"] for row in rows}),
        "skills": len({row["skill_id"] for row in rows}),
    }
