"""What the people page and the taxonomy page show.

People with how much they are booked (projects, allocation summed over them);
the skill taxonomy as areas holding skills, each with how much it is used
(assessments, people assessed, projects requiring it, certifications), which
is what a user needs to know before retiring or merging a skill; and the five
level descriptors. Plain SQL through ``Reader``; records are ``NamedTuple``s.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import NamedTuple

from app.db.reader import Reader
from app.money import from_cents
from app.queries.records import Records
from app.queries.values import text


class PersonRow(NamedTuple):
    id: int
    name: str
    email: str
    department: str
    title: str
    capacity_fte: float
    # Monthly cost in the organisation's currency.
    cost_rate: Decimal
    active: bool
    erased: bool
    projects: int
    # Allocation summed over all the person's projects: over their capacity is overbooked.
    total_allocation: float


class SkillRow(NamedTuple):
    id: int
    area_id: int
    name: str
    description: str
    retired: bool
    # Assessment rows (history included): what a merge moves.
    assessments: int
    people_assessed: int
    projects_requiring: int
    certifications: int


class AreaRow(NamedTuple):
    id: int
    name: str
    position: int
    core_discipline: bool
    retired: bool
    skills: tuple[SkillRow, ...]
    # Distinct people with an assessment in any skill of the area, and projects requiring any.
    people_assessed: int
    projects_requiring: int


class LevelDescriptorRow(NamedTuple):
    level: int
    label: str
    description: str


def _cost_rate(cents: int | None) -> Decimal:
    return from_cents(cents) or Decimal("0.00")


_PEOPLE = Records(PersonRow, capacity_fte=float, cost_rate=_cost_rate, active=bool, erased=bool, total_allocation=float)
_SKILLS = Records(SkillRow, description=text, retired=bool)
_AREAS = Records(AreaRow, core_discipline=bool, retired=bool)
_LEVELS = Records(LevelDescriptorRow, description=text)


def list_people(reader: Reader) -> list[PersonRow]:
    """Everyone, erased people included (as their anonymous placeholder), by name."""
    return _PEOPLE.all(
        reader.rows(
            """
            SELECT p.id, p.name, p.email, p.department, p.title, p.capacity_fte, p.cost_rate, p.active,
                   p.erased_on IS NOT NULL, coalesce(m.projects, 0), coalesce(m.allocation, 0.0)
            FROM person AS p
            LEFT JOIN (SELECT person_id, count(*) AS projects, sum(allocation) AS allocation
                       FROM membership GROUP BY person_id) AS m ON m.person_id = p.id
            ORDER BY lower(p.name), p.id
            """
        )
    )


def list_departments(reader: Reader) -> list[str]:
    """Departments people belong to, for pickers and filters (case-insensitive order)."""
    return [
        name
        for (name,) in reader.rows(
            "SELECT department FROM person WHERE department <> ''"
            " GROUP BY department ORDER BY lower(department), department"
        )
    ]


def list_taxonomy(reader: Reader, *, include_retired: bool = True) -> tuple[AreaRow, ...]:
    """Areas by position, each with its skills by name and their usage counts."""
    skills_by_area = _skills_by_area(reader, include_retired=include_retired)
    people_by_area, projects_by_area = _usage_by_area(reader)
    areas = []
    for row in reader.rows(
        "SELECT id, name, position, core_discipline, retired FROM skill_area ORDER BY position, lower(name), id"
    ):
        if not include_retired and row[4]:
            continue
        areas.append(
            _AREAS.one(
                row,
                skills=tuple(skills_by_area.get(row[0], ())),
                people_assessed=people_by_area.get(row[0], 0),
                projects_requiring=projects_by_area.get(row[0], 0),
            )
        )
    return tuple(areas)


def _skills_by_area(reader: Reader, *, include_retired: bool) -> dict[int, list[SkillRow]]:
    """Each area's skills by name, with their usage counts."""
    skills_by_area: dict[int, list[SkillRow]] = {}
    # Distinct (person, skill) pairs come off the covering index in one scan; a
    # count(DISTINCT person_id) per group would sort all assessments instead
    # (0.4 s against 0.08 s on the large demo).
    for row in reader.rows(
        """
        SELECT s.id, s.area_id, s.name, s.description, s.retired,
               coalesce(a.assessments, 0), coalesce(pairs.people, 0), coalesce(r.projects, 0),
               coalesce(c.certifications, 0)
        FROM skill AS s
        LEFT JOIN (SELECT skill_id, count(*) AS assessments FROM assessment GROUP BY skill_id) AS a
               ON a.skill_id = s.id
        LEFT JOIN (SELECT skill_id, count(*) AS people
                   FROM (SELECT DISTINCT person_id, skill_id FROM assessment) GROUP BY skill_id) AS pairs
               ON pairs.skill_id = s.id
        LEFT JOIN (SELECT skill_id, count(DISTINCT project_id) AS projects
                   FROM skill_requirement GROUP BY skill_id) AS r ON r.skill_id = s.id
        LEFT JOIN (SELECT skill_id, count(*) AS certifications
                   FROM certification WHERE skill_id IS NOT NULL GROUP BY skill_id) AS c ON c.skill_id = s.id
        ORDER BY lower(s.name), s.id
        """
    ):
        skill = _SKILLS.one(row)
        if include_retired or not skill.retired:
            skills_by_area.setdefault(skill.area_id, []).append(skill)
    return skills_by_area


def _usage_by_area(reader: Reader) -> tuple[dict[int, int], dict[int, int]]:
    """How many distinct people are assessed in any skill of each area, and how many projects require any."""
    people_by_area: dict[int, int] = dict(
        reader.rows(
            """
        SELECT area_id, count(*) FROM (
            SELECT DISTINCT pairs.person_id, s.area_id
            FROM (SELECT DISTINCT person_id, skill_id FROM assessment) AS pairs
            JOIN skill AS s ON s.id = pairs.skill_id)
        GROUP BY area_id
        """
        )
    )
    projects_by_area: dict[int, int] = dict(
        reader.rows(
            """
        SELECT s.area_id, count(DISTINCT r.project_id)
        FROM skill_requirement AS r JOIN skill AS s ON s.id = r.skill_id GROUP BY s.area_id
        """
        )
    )
    return people_by_area, projects_by_area


def level_descriptors(reader: Reader) -> list[LevelDescriptorRow]:
    """The proficiency scale, level 0 to 4."""
    return _LEVELS.all(reader.rows("SELECT level, label, description FROM level_descriptor ORDER BY level"))


def skills_retired_with_area(reader: Reader, area_id: int) -> tuple[int, ...]:
    """The skills that were retired together with ``area_id`` (its latest retirement), to restore with it.

    Skills retired on their own before, or merged away, stay retired when the
    area comes back; the retirement's audit event is what tells them apart.
    """
    after = reader.scalar(
        """
        SELECT after FROM audit_event
        WHERE entity = 'skill_area' AND entity_id = :id AND action = 'retired'
        ORDER BY id DESC LIMIT 1
        """,
        {"id": area_id},
    )
    if not after:
        return ()
    try:
        skill_ids = json.loads(after).get("skill_ids", [])
    except (ValueError, AttributeError):
        return ()
    return tuple(int(skill_id) for skill_id in skill_ids)
