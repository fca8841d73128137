"""Skills and staffing services: history kept, taxonomy edits, merges, requirements, all audited."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from app.db.database import Database
from app.errors import UserError
from app.services import people, projects, skills, staffing
from app.services.skills import AssessmentInput

pytestmark = pytest.mark.both_backends


def audit_rows(database: Database) -> list[tuple]:
    return database.reader().rows(
        "SELECT entity, entity_id, action, before, after, reason FROM audit_event ORDER BY id"
    )


def skill_id(database: Database, name: str) -> int:
    return database.reader().scalar("SELECT id FROM skill WHERE name = :name", {"name": name})


def area_id(database: Database, name: str) -> int:
    return database.reader().scalar("SELECT id FROM skill_area WHERE name = :name", {"name": name})


def history(database: Database, person_id: int, skill: int) -> list[tuple]:
    """(date, level, source) of every assessment, oldest first."""
    return database.reader().rows(
        "SELECT assessed_on, level, source FROM assessment WHERE person_id = :p AND skill_id = :s "
        "ORDER BY assessed_on, id",
        {"p": person_id, "s": skill},
    )


def current_level(database: Database, person_id: int, skill: int) -> int | None:
    rows = history(database, person_id, skill)
    return rows[-1][1] if rows else None


@pytest.fixture
def ann(database: Database) -> int:
    return people.create_person(database, name="Ann Lee", email="ann@example.org", department="Risk").ids[0]


@pytest.fixture
def bob(database: Database) -> int:
    return people.create_person(database, name="Bob Kay", email="bob@example.org", department="IT").ids[0]


# --- assessments -------------------------------------------------------------------------------


def test_recording_a_level_adds_history_and_never_overwrites_it(database: Database, ann: int) -> None:
    threat = skill_id(database, "Threat modelling")
    skills.record_assessment(database, ann, threat, 2, assessed_on="2025-01-15", source="self")
    change = skills.record_assessment(database, ann, threat, 3)
    assert history(database, ann, threat) == [("2025-01-15", 2, "self"), (date.today().isoformat(), 3, "manager")]
    assert current_level(database, ann, threat) == 3
    entity, entity_id, action, _before, after, _reason = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("assessment", change.ids[0], "created")
    assert json.loads(after)["level"] == 3


def test_retracting_removes_only_the_assessment_just_recorded(database: Database, ann: int) -> None:
    threat = skill_id(database, "Threat modelling")
    skills.record_assessment(database, ann, threat, 2, assessed_on="2025-01-15")
    added = skills.record_assessment(database, ann, threat, 4).ids[0]
    skills.retract_assessment(database, added)
    assert current_level(database, ann, threat) == 2
    assert audit_rows(database)[-1][:3] == ("assessment", added, "retracted")


@pytest.mark.parametrize(
    ("level", "kwargs", "message"),
    [
        (7, {}, "Level 7 is not on the scale 0–4."),
        (-1, {}, "Level -1 is not on the scale 0–4."),
        (2.5, {}, "2.5 is not a whole level; use a whole number from 0 to 4."),
        ("high", {}, "'high' is not a level; use a whole number from 0 to 4."),
        (2, {"source": "boss"}, "'boss' is not a source of an assessment; use self, manager, certified."),
        (2, {"assessed_on": "31/12/2025"}, "'31/12/2025' is not a date; write it as"),
        (2, {"assessed_on": date.today() + timedelta(days=1)}, "An assessment cannot be dated in the future"),
    ],
)
def test_a_bad_assessment_is_refused_in_one_sentence_and_nothing_is_written(
    database: Database, ann: int, level: object, kwargs: dict, message: str
) -> None:
    count = len(audit_rows(database))
    with pytest.raises(UserError) as caught:
        threat = skill_id(database, "Threat modelling")
        skills.record_assessment(database, ann, threat, level, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    assert database.reader().scalar("SELECT count(*) FROM assessment") == 0
    assert len(audit_rows(database)) == count


def test_a_retired_skill_or_an_erased_person_takes_no_assessment(database: Database, ann: int) -> None:
    threat = skill_id(database, "Threat modelling")
    skills.retire_skill(database, threat)
    with pytest.raises(UserError, match="The skill 'Threat modelling' is retired"):
        skills.record_assessment(database, ann, threat, 2)
    people.erase_person(database, ann, reason="request 17")
    with pytest.raises(UserError, match=f"Person {ann} does not exist or has been erased"):
        skills.record_assessment(database, ann, skill_id(database, "Data wrangling"), 2)


def test_bulk_recording_is_one_transaction_with_one_audit_event(database: Database, ann: int, bob: int) -> None:
    threat, wrangling = skill_id(database, "Threat modelling"), skill_id(database, "Data wrangling")
    count = len(audit_rows(database))
    change = skills.record_assessments(
        database,
        [
            AssessmentInput(ann, threat, 3),
            AssessmentInput(ann, wrangling, 4, assessed_on=date(2025, 6, 1), source="certified"),
            AssessmentInput(bob, threat, 1),
        ],
        reason="annual review",
    )
    assert change.details == {"assessments": 3, "people": 2, "skills": 2}
    assert (current_level(database, ann, threat), current_level(database, bob, threat)) == (3, 1)
    assert history(database, ann, wrangling) == [("2025-06-01", 4, "certified")]
    new_events = audit_rows(database)[count:]
    assert [(entity, action, reason) for entity, _id, action, _b, _a, reason in new_events] == [
        ("assessment", "imported", "annual review")
    ]


def test_one_bad_row_in_a_bulk_recording_writes_none_of_them(database: Database, ann: int) -> None:
    threat = skill_id(database, "Threat modelling")
    with pytest.raises(UserError, match="Assessment 2 of the batch: Level 9 is not on the scale 0–4."):
        skills.record_assessments(database, [AssessmentInput(ann, threat, 3), AssessmentInput(ann, threat, 9)])
    with pytest.raises(UserError, match="Person 999 does not exist"):
        skills.record_assessments(database, [AssessmentInput(ann, threat, 3), AssessmentInput(999, threat, 2)])
    assert database.reader().scalar("SELECT count(*) FROM assessment") == 0


# --- taxonomy ----------------------------------------------------------------------------------


def test_areas_and_skills_are_added_renamed_and_audited(database: Database) -> None:
    area = skills.add_area(database, "  Quantum   computing ", core_discipline=False).ids[0]
    skill = skills.add_skill(database, area, "Qubit error correction", description="Keeping qubits honest").ids[0]
    skills.rename_area(database, area, "Quantum")
    skills.rename_skill(database, skill, "Error correction")
    reader = database.reader()
    assert reader.one("SELECT name, position FROM skill_area WHERE id = :id", {"id": area}) == ("Quantum", 7)
    assert reader.one("SELECT name, description FROM skill WHERE id = :id", {"id": skill}) == (
        "Error correction",
        "Keeping qubits honest",
    )
    actions = [(entity, action) for entity, _id, action, *_ in audit_rows(database)[-4:]]
    assert actions == [("skill_area", "created"), ("skill", "created"), ("skill_area", "renamed"), ("skill", "renamed")]
    assert skills.rename_skill(database, skill, "Error correction").action == "unchanged"


def test_taxonomy_names_must_be_present_and_unique(database: Database) -> None:
    with pytest.raises(UserError, match="A skill area with this name already exists."):
        skills.add_area(database, "Cyber security")
    with pytest.raises(UserError, match="This area already has a skill with that name."):
        skills.add_skill(database, area_id(database, "Cyber security"), "Threat modelling")
    with pytest.raises(UserError, match="A skill needs a name."):
        skills.add_skill(database, area_id(database, "Cyber security"), "   ")


def test_an_area_or_skill_just_added_can_be_taken_back_until_something_refers_to_it(
    database: Database, ann: int
) -> None:
    """The undo of adding one: gone, its name free again; refused with a sentence once it is in use."""
    area = skills.add_area(database, "Quantum computing").ids[0]
    skill = skills.add_skill(database, area, "Qubit error correction").ids[0]
    with pytest.raises(UserError, match="The skill area 'Quantum computing' holds skills now; retire it instead"):
        skills.delete_area(database, area)
    skills.record_assessment(database, ann, skill, 2)
    with pytest.raises(UserError, match="The skill 'Qubit error correction' has assessments now; retire it instead"):
        skills.delete_skill(database, skill)
    assert database.reader().scalar("SELECT count(*) FROM skill WHERE id = :id", {"id": skill}) == 1

    fresh = skills.add_skill(database, area, "Annealing").ids[0]
    skills.delete_skill(database, fresh)
    skills.add_skill(database, area, "Annealing")  # the name is free again
    other = skills.add_area(database, "Photonics").ids[0]
    skills.delete_area(database, other)
    skills.add_area(database, "Photonics")
    actions = [(entity, action) for entity, _id, action, *_ in audit_rows(database)]
    assert ("skill", "deleted") in actions and ("skill_area", "deleted") in actions


def test_a_skill_a_project_requires_cannot_be_retired(database: Database) -> None:
    threat = skill_id(database, "Threat modelling")
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    staffing.add_requirement(database, project, threat, min_level=3)
    with pytest.raises(UserError) as caught:
        skills.retire_skill(database, threat)
    assert str(caught.value) == (
        "The skill 'Threat modelling' is required by Fraud scoring; "
        "merge into another skill or remove those requirements first."
    )
    with pytest.raises(UserError, match="Skills of 'Cyber security' are required by Fraud scoring"):
        skills.retire_area(database, area_id(database, "Cyber security"))


def test_retiring_an_area_retires_its_skills_and_restoring_brings_them_back(database: Database) -> None:
    legal = area_id(database, "Legal & compliance")
    change = skills.retire_area(database, legal)
    reader = database.reader()
    assert reader.scalar("SELECT count(*) FROM skill WHERE area_id = :a AND NOT retired", {"a": legal}) == 0
    skills.restore_area(database, legal, skill_ids=change.details["skill_ids"])
    assert reader.scalar("SELECT count(*) FROM skill WHERE area_id = :a AND retired", {"a": legal}) == 0
    assert len(change.details["skill_ids"]) == reader.scalar(
        "SELECT count(*) FROM skill WHERE area_id = :a", {"a": legal}
    )


def test_a_skill_of_a_retired_area_cannot_come_back_alone(database: Database) -> None:
    legal = area_id(database, "Legal & compliance")
    skills.retire_area(database, legal)
    some_skill = database.reader().scalar("SELECT id FROM skill WHERE area_id = :a", {"a": legal})
    with pytest.raises(UserError, match="The skill area 'Legal & compliance' is retired; restore the area first."):
        skills.restore_skill(database, some_skill)
    with pytest.raises(UserError, match="is retired; restore it or choose another area"):
        skills.add_skill(database, legal, "Contract law")


def test_merging_moves_history_and_keeps_the_stricter_requirement(database: Database, ann: int, bob: int) -> None:
    """Two names for one skill: fold "Adversarial ML defence" into "Threat modelling"."""
    source, target = skill_id(database, "Adversarial ML defence"), skill_id(database, "Threat modelling")
    skills.record_assessment(database, ann, source, 2, assessed_on="2024-05-01")
    skills.record_assessment(database, ann, target, 3, assessed_on="2025-02-01")
    skills.record_assessment(database, bob, source, 4, assessed_on="2025-03-01")
    from models.people import Certification

    with database.session() as session:
        session.add(Certification(person_id=bob, skill_id=source, name="GIAC AI defence", obtained_on=date(2025, 1, 1)))
    both = projects.create_project(database, name="Both").ids[0]
    only_source = projects.create_project(database, name="Only source").ids[0]
    staffing.add_requirement(database, both, source, min_level=4, needed_fte=0.5, criticality="low")
    staffing.add_requirement(database, both, target, min_level=2, needed_fte=1.5, criticality="high")
    staffing.add_requirement(database, only_source, source, min_level=3, needed_fte=1.0, criticality="critical")

    change = skills.merge_skills(database, source, target)

    reader = database.reader()
    assert history(database, ann, target) == [("2024-05-01", 2, "manager"), ("2025-02-01", 3, "manager")]
    assert current_level(database, bob, target) == 4
    assert reader.scalar("SELECT count(*) FROM assessment WHERE skill_id = :s", {"s": source}) == 0
    assert reader.scalar("SELECT skill_id FROM certification") == target
    requirements = reader.rows(
        "SELECT p.name, r.skill_id, r.min_level, r.needed_fte, r.criticality FROM skill_requirement AS r "
        "JOIN project AS p ON p.id = r.project_id ORDER BY p.name"
    )
    assert requirements == [("Both", target, 4, 1.5, "high"), ("Only source", target, 3, 1.0, "critical")]
    assert reader.one("SELECT name, retired FROM skill WHERE id = :id", {"id": source}) == ("Adversarial ML defence", 1)
    assert change.details == {
        "source_id": source,
        "target_id": target,
        "assessments": 2,
        "certifications": 1,
        "requirements_moved": 1,
        "requirements_combined": 1,
    }
    entity, entity_id, action, _before, after, _reason = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("skill", source, "merged")
    assert json.loads(after)["into"] == "Threat modelling"


def test_a_skill_cannot_be_merged_into_itself_or_into_a_retired_one(database: Database) -> None:
    threat, wrangling = skill_id(database, "Threat modelling"), skill_id(database, "Data wrangling")
    with pytest.raises(UserError, match="A skill cannot be merged into itself."):
        skills.merge_skills(database, threat, threat)
    skills.retire_skill(database, wrangling)
    with pytest.raises(UserError, match="The skill 'Data wrangling' is retired; merge into a skill in use."):
        skills.merge_skills(database, threat, wrangling)


def test_level_descriptors_are_data_hr_can_reword(database: Database) -> None:
    skills.update_level_descriptor(database, 4, "Master", "Shapes how the whole organisation does it.")
    assert database.reader().one("SELECT label, description FROM level_descriptor WHERE level = 4") == (
        "Master",
        "Shapes how the whole organisation does it.",
    )
    assert audit_rows(database)[-1][:3] == ("level_descriptor", 4, "updated")
    with pytest.raises(UserError, match="Another level already has this label."):
        skills.update_level_descriptor(database, 3, "Master")
    with pytest.raises(UserError, match="A level's label cannot be a number"):
        skills.update_level_descriptor(database, 3, "3")
    with pytest.raises(UserError, match="Level 5 is not on the scale 0–4."):
        skills.update_level_descriptor(database, 5, "Legend")


# --- requirements ------------------------------------------------------------------------------


def test_requirements_are_added_changed_and_removed_with_audit(database: Database) -> None:
    project = projects.create_project(database, name="Claims triage").ids[0]
    threat = skill_id(database, "Threat modelling")
    requirement = staffing.add_requirement(
        database, project, threat, min_level=3, needed_fte=0.5, criticality="High"
    ).ids[0]
    reader = database.reader()
    assert reader.one("SELECT min_level, needed_fte, criticality FROM skill_requirement") == (3, 0.5, "high")
    change = staffing.update_requirement(database, requirement, needed_fte="1.5", min_level=3)
    assert change.details == {"project_id": project, "needed_fte": 1.5}
    *_, (entity, entity_id, action, before, after, _reason) = audit_rows(database)
    assert (entity, entity_id, action) == ("skill_requirement", requirement, "updated")
    assert (json.loads(before), json.loads(after)) == ({"needed_fte": 0.5}, {"needed_fte": 1.5})
    assert staffing.update_requirement(database, requirement, min_level=3).action == "unchanged"
    staffing.remove_requirement(database, requirement)
    assert reader.scalar("SELECT count(*) FROM skill_requirement") == 0
    assert audit_rows(database)[-1][:3] == ("skill_requirement", requirement, "deleted")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_level": 7}, "Level 7 is not on the scale 0–4."),
        ({"min_level": 0}, "A minimum level of 0 asks for nothing; use 1 to 4."),
        ({"needed_fte": 0}, "The needed FTE must be more than 0 (it was 0)."),
        ({"needed_fte": "lots"}, "'lots' is not an FTE; use a number such as 0.5 or 2."),
        ({"criticality": "urgent"}, "'urgent' is not a criticality; use low, medium, high or critical."),
    ],
)
def test_a_bad_requirement_is_refused_in_one_sentence(database: Database, kwargs: dict, message: str) -> None:
    project = projects.create_project(database, name="Claims triage").ids[0]
    with pytest.raises(UserError) as caught:
        staffing.add_requirement(database, project, skill_id(database, "Threat modelling"), **kwargs)
    assert str(caught.value) == message
    assert database.reader().scalar("SELECT count(*) FROM skill_requirement") == 0


def test_a_requirement_is_refused_twice_for_one_skill_or_for_a_retired_skill(database: Database) -> None:
    project = projects.create_project(database, name="Claims triage").ids[0]
    threat, wrangling = skill_id(database, "Threat modelling"), skill_id(database, "Data wrangling")
    staffing.add_requirement(database, project, threat)
    with pytest.raises(UserError, match="The project already has a requirement for this skill."):
        staffing.add_requirement(database, project, threat)
    skills.retire_skill(database, wrangling)
    with pytest.raises(UserError, match="The skill 'Data wrangling' is retired"):
        staffing.add_requirement(database, project, wrangling)
    with pytest.raises(UserError, match="'owner' is not part of a skill requirement."):
        staffing.update_requirement(database, 1, owner="Ann")
