"""Tests of the analysis core, and the helpers they share to build a small organisation by hand.

People, projects and memberships go through the services; assessments,
requirements and certifications are plain SQL inserts (``tests.raw_sql``, on
either backend), so that these tests depend on nothing but the schema for them.
"""

from __future__ import annotations

from app.db.database import Database
from app.services.people import create_person
from app.services.projects import add_member, create_project
from tests.raw_sql import insert_row, write


def person(
    database: Database, name: str, *, department: str = "Data science", capacity: float = 1.0, active: bool = True
) -> int:
    """A new person; the e-mail is made from the name."""
    email = f"{name.lower().replace(' ', '.')}@example.org"
    change = create_person(
        database, name=name, email=email, department=department, capacity_fte=capacity, active=active
    )
    return change.ids[0]


def project(database: Database, name: str) -> int:
    return create_project(database, name=name).ids[0]


def member(database: Database, project_id: int, person_id: int, allocation: float) -> int:
    return add_member(database, project_id, person_id, allocation=allocation).ids[0]


def skill(database: Database, name: str) -> int:
    """The id of the default taxonomy's skill called ``name``."""
    found = database.reader().scalar("SELECT id FROM skill WHERE name = :name", {"name": name})
    assert found is not None, name
    return int(found)


def assess(database: Database, person_id: int, skill_name: str, level: int, *, on: str = "2025-03-01") -> int:
    """One assessment; entered later than any before it (a higher id)."""
    return insert_row(
        database,
        "assessment",
        person_id=person_id,
        skill_id=skill(database, skill_name),
        level=level,
        assessed_on=on,
        source="manager",
        note="",
    )


def assess_each(database: Database, person_id: int, levels: dict[str, int]) -> None:
    """One assessment per skill named in ``levels``, entered in the order given."""
    for skill_name, level in levels.items():
        assess(database, person_id, skill_name, level)


def require(
    database: Database,
    project_id: int,
    skill_name: str,
    *,
    min_level: int,
    needed_fte: float,
    criticality: str = "high",
) -> int:
    return insert_row(
        database,
        "skill_requirement",
        project_id=project_id,
        skill_id=skill(database, skill_name),
        min_level=min_level,
        needed_fte=needed_fte,
        criticality=criticality,
    )


def certify(
    database: Database, person_id: int, name: str, *, skill_name: str | None, obtained_on: str, expires_on: str | None
) -> int:
    return insert_row(
        database,
        "certification",
        person_id=person_id,
        skill_id=None if skill_name is None else skill(database, skill_name),
        name=name,
        issuer="Issuer",
        obtained_on=obtained_on,
        expires_on=expires_on,
    )


def retire_skill(database: Database, skill_name: str) -> None:
    write(database, "UPDATE skill SET retired = TRUE WHERE name = :name", name=skill_name)


def retire_area(database: Database, area_name: str) -> None:
    write(database, "UPDATE skill_area SET retired = TRUE WHERE name = :name", name=area_name)
