"""Applying a checked skill-matrix import: the new people it names and all its levels, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.people import normalise_email
from app.services.skills.assessments import (
    _assessment_rows,
    _check_people_and_skills,
    _insert_assessments,
    _summary,
    _table_of,
)
from app.services.skills.inputs import _name, check_assessment_date, check_source
from app.services.unit import Unit, unit_of_work
from models.enums import AssessmentSource

if TYPE_CHECKING:
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


def _levels_of(
    assessments: Sequence[ImportedAssessment],
    person_ids: Mapping[str, int],
    *,
    default_date: date,
    default_source: AssessmentSource,
) -> list[tuple[int, int, Any, Any, Any, str]]:
    """The imported levels as (person, skill, level, date, source, note), people found by e-mail."""
    try:
        return [
            (
                person_ids[row.email.strip().lower()],
                row.skill_id,
                row.level,
                row.assessed_on or default_date,
                row.source or default_source,
                "",
            )
            for row in assessments
        ]
    except KeyError as error:
        raise UserError(f"No one in Steward has the e-mail {error.args[0]}; nothing was imported.") from None


def import_matrix(
    database: Database,
    *,
    people: Sequence[NewPerson],
    assessments: Sequence[ImportedAssessment],
    source: AssessmentSource | str = AssessmentSource.MANAGER,
    assessed_on: date | str | None = None,
    reason: str = "",
) -> Change:
    """Create ``people`` and record ``assessments`` (people known by e-mail) in one transaction.

    ``source`` and ``assessed_on`` apply to the assessments that do not carry their
    own. Each new person gets their own audit event (so erasing them later also
    clears it); the assessments get one event for the lot.
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
    if not new_people and not assessments:
        return Change(entity=Entity.IMPORT, action=Action.UNCHANGED)
    with unit_of_work(database) as unit:
        connection = unit.session.connection()
        existing = _add_people(unit, new_people, reason=reason)
        inputs = _levels_of(assessments, existing, default_date=default_date, default_source=default_source)
        rows = _assessment_rows(inputs, today=today)
        _check_people_and_skills(
            connection, person_ids={row["person_id"] for row in rows}, skill_ids={row["skill_id"] for row in rows}
        )
        _insert_assessments(connection, rows)
        summary = {"new_people": len(new_people), **_summary(rows)}
        unit.audit(entity=Entity.IMPORT, entity_id=None, action=Action.APPLIED, after=summary, reason=reason)
        return Change(entity=Entity.IMPORT, action=Action.APPLIED, details=summary)
