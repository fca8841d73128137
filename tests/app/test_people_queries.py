"""Read queries of the people and taxonomy pages, on hand-built data with known counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.db.database import Database
from app.queries.people import level_descriptors, list_departments, list_people, list_taxonomy
from app.services import people, projects
from app.services.unit import unit_of_work

pytestmark = pytest.mark.both_backends


def assess(database: Database, person_id: int, skill_id: int, level: int, on: date) -> None:
    from models.people import Assessment

    with unit_of_work(database) as unit:
        unit.session.add(Assessment(person_id=person_id, skill_id=skill_id, level=level, assessed_on=on))


def skill_id(database: Database, name: str) -> int:
    return database.reader().scalar("SELECT id FROM skill WHERE name = :name", {"name": name})


def test_people_carry_their_project_count_and_total_allocation(database: Database) -> None:
    ana = people.create_person(
        database, name="ana Ruiz", email="ana@example.org", department="Data science", cost_rate=Decimal("8850.50")
    ).ids[0]
    ben = people.create_person(
        database, name="Ben Okafor", email="ben@example.org", department="CISO office", capacity_fte=0.5
    ).ids[0]
    fraud = projects.create_project(database, name="Fraud scoring").ids[0]
    triage = projects.create_project(database, name="Clinical triage").ids[0]
    projects.add_member(database, fraud, ana, role="Lead", allocation=0.8)
    projects.add_member(database, triage, ana, role="Reviewer", allocation=0.4)
    people.deactivate_person(database, ben)

    listed = list_people(database.reader())
    assert [person.name for person in listed] == ["ana Ruiz", "Ben Okafor"]  # case-insensitive order
    first, second = listed
    assert (first.projects, round(first.total_allocation, 2)) == (2, 1.2)
    assert first.cost_rate == Decimal("8850.50") and isinstance(first.cost_rate, Decimal)
    assert (second.projects, second.total_allocation, second.active, second.capacity_fte) == (0, 0.0, False, 0.5)
    assert list_departments(database.reader()) == ["CISO office", "Data science"]


def test_erased_people_are_listed_anonymously(database: Database) -> None:
    ana = people.create_person(database, name="Ana Ruiz", email="ana@example.org", department="Data science").ids[0]
    people.erase_person(database, ana, reason="privacy request 17")
    (erased,) = list_people(database.reader())
    assert erased.erased and not erased.active and erased.name == f"Erased person {ana}"


def test_the_taxonomy_counts_assessments_people_and_projects(database: Database) -> None:
    ana = people.create_person(database, name="Ana", email="ana@example.org", department="DS").ids[0]
    ben = people.create_person(database, name="Ben", email="ben@example.org", department="DS").ids[0]
    threat = skill_id(database, "Threat modelling")
    pentest = skill_id(database, "Penetration testing")
    # Ana assessed twice in threat modelling (history): 2 assessments, 1 person.
    assess(database, ana, threat, 2, date(2024, 1, 1))
    assess(database, ana, threat, 3, date(2024, 6, 1))
    assess(database, ben, pentest, 4, date(2024, 6, 1))
    fraud = projects.create_project(database, name="Fraud scoring").ids[0]
    triage = projects.create_project(database, name="Clinical triage").ids[0]
    with unit_of_work(database) as unit:
        from models.projects import SkillRequirement

        unit.session.add(SkillRequirement(project_id=fraud, skill_id=threat, min_level=3, needed_fte=1.0))
        unit.session.add(SkillRequirement(project_id=triage, skill_id=threat, min_level=2, needed_fte=0.5))
        unit.session.add(SkillRequirement(project_id=triage, skill_id=pentest, min_level=2, needed_fte=0.5))

    areas = list_taxonomy(database.reader())
    assert len(areas) == 7 and sum(len(area.skills) for area in areas) == 40
    assert areas[0].name == "Data science"  # by position, not by name
    cyber = next(area for area in areas if area.name == "Cyber security")
    assert cyber.core_discipline and (cyber.people_assessed, cyber.projects_requiring) == (2, 2)
    by_name = {skill.name: skill for skill in cyber.skills}
    assert (
        by_name["Threat modelling"].assessments,
        by_name["Threat modelling"].people_assessed,
        by_name["Threat modelling"].projects_requiring,
    ) == (2, 1, 2)
    assert (by_name["Penetration testing"].assessments, by_name["Penetration testing"].projects_requiring) == (1, 1)
    assert [skill.name for skill in cyber.skills] == sorted(by_name, key=str.casefold)
    legal = next(area for area in areas if area.name == "Legal & compliance")
    assert (legal.people_assessed, legal.projects_requiring) == (0, 0)


def test_retired_skills_and_areas_can_be_left_out(database: Database) -> None:
    from sqlmodel import select

    from models.people import Skill, SkillArea

    with database.session() as session:
        session.get(Skill, skill_id(database, "NLP")).retired = True
        session.exec(select(SkillArea).where(SkillArea.name == "Domain / business")).one().retired = True
    everything = list_taxonomy(database.reader())
    current = list_taxonomy(database.reader(), include_retired=False)
    assert len(everything) == 7 and len(current) == 6
    ml = next(area for area in current if area.name == "Machine learning")
    assert "NLP" not in {skill.name for skill in ml.skills}


def test_level_descriptors_come_in_level_order(database: Database) -> None:
    levels = level_descriptors(database.reader())
    assert [(level.level, level.label) for level in levels] == [
        (0, "None"),
        (1, "Awareness"),
        (2, "Working"),
        (3, "Advanced"),
        (4, "Expert"),
    ]
