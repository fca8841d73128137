"""Services: one transaction per call, audit in the same transaction, refusals in one sentence."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from app.db.database import Database
from app.errors import UserError
from app.queries.projects import list_projects, project_overview
from app.services import budget, people, policy, projects, skills, staffing
from models.enums import DecisionMode, Stage
from tests.raw_sql import write

pytestmark = pytest.mark.both_backends


def audit_rows(database: Database) -> list[tuple]:
    return database.reader().rows("SELECT entity, entity_id, action, before, after FROM audit_event ORDER BY id")


def test_creating_a_project_writes_it_and_its_audit_event(database: Database) -> None:
    change = projects.create_project(database, name="  Claims triage ", stage="development", personal_data=True)
    (profile,) = list_projects(database.reader())
    assert (profile.id, profile.name, profile.stage, profile.personal_data) == (
        change.ids[0],
        "Claims triage",
        Stage.DEVELOPMENT,
        True,
    )
    entity, entity_id, action, _before, after = audit_rows(database)[-1]
    assert (entity, entity_id, action) == ("project", profile.id, "created")
    assert json.loads(after)["stage"] == "development"


def test_an_update_audits_only_what_changed(database: Database) -> None:
    project_id = projects.create_project(database, name="Forecast").ids[0]
    projects.update_project(
        database, project_id, {"stage": "proof_of_concept", "name": "Forecast", "start_on": "2026-03-01"}
    )
    *_, (entity, _id, action, before, after) = audit_rows(database)
    assert action == "updated"
    assert json.loads(before) == {"stage": "idea", "start_on": None}
    assert json.loads(after) == {"stage": "proof_of_concept", "start_on": "2026-03-01"}
    overview = project_overview(database.reader(), project_id)
    assert overview is not None and overview.profile.start_on == date(2026, 3, 1)


def test_an_update_that_changes_nothing_writes_nothing(database: Database) -> None:
    project_id = projects.create_project(database, name="Forecast").ids[0]
    count = len(audit_rows(database))
    assert projects.update_project(database, project_id, {"name": "Forecast"}).action == "unchanged"
    assert len(audit_rows(database)) == count


def test_a_duplicate_name_is_refused_in_one_sentence_and_nothing_is_written(database: Database) -> None:
    projects.create_project(database, name="Fraud scoring")
    count = len(audit_rows(database))
    with pytest.raises(UserError) as caught:
        projects.create_project(database, name="Fraud scoring", decision_mode=DecisionMode.AUTOMATED)
    assert str(caught.value) == "A project with this name already exists."
    assert len(list_projects(database.reader())) == 1
    assert len(audit_rows(database)) == count


def test_a_bad_value_names_the_field_and_the_choices(database: Database) -> None:
    project_id = projects.create_project(database, name="Forecast").ids[0]
    with pytest.raises(UserError, match="'launched' is not a valid stage; use idea, proof_of_concept"):
        projects.update_project(database, project_id, {"stage": "launched"})


def test_a_rule_broken_late_in_a_call_rolls_back_the_whole_call(database: Database) -> None:
    """End before start is caught by the schema after the other fields were set: all or nothing."""
    project_id = projects.create_project(database, name="Forecast", start_on="2026-05-01").ids[0]
    count = len(audit_rows(database))
    with pytest.raises(UserError, match="cannot end before it starts"):
        projects.update_project(database, project_id, {"name": "Renamed", "end_on": "2026-04-01"})
    overview = project_overview(database.reader(), project_id)
    assert overview is not None and overview.profile.name == "Forecast"
    assert len(audit_rows(database)) == count


def test_membership_and_overview_counts(database: Database) -> None:
    fraud = projects.create_project(database, name="Fraud").ids[0]
    triage = projects.create_project(database, name="Triage").ids[0]
    ana = people.create_person(database, name="Ana Ruiz", email="Ana.Ruiz@Example.org", department="Data science").ids[
        0
    ]
    projects.add_member(database, fraud, ana, role="Lead", allocation=0.7)
    projects.add_member(database, triage, ana, role="Reviewer", allocation=0.5)
    overview = project_overview(database.reader(), fraud)
    assert overview is not None
    (member,) = overview.members
    assert (member.name, member.allocation, member.total_allocation) == ("Ana Ruiz", 0.7, 1.2)
    assert overview.counts.members == 1 and overview.counts.member_fte == 0.7
    with pytest.raises(UserError, match="already a member"):
        projects.add_member(database, fraud, ana)
    with pytest.raises(UserError, match="at most 1 FTE"):
        projects.add_member(
            database,
            triage,
            people.create_person(database, name="Bo", email="bo@example.org", department="HR").ids[0],
            allocation=1.5,
        )


def test_people_emails_are_normalised_and_unique(database: Database) -> None:
    people.create_person(
        database, name="Ana Ruiz", email=" Ana.Ruiz@Example.org ", department="Legal", cost_rate=Decimal("7250.50")
    )
    assert database.reader().one("SELECT email, cost_rate FROM person") == ("ana.ruiz@example.org", 725050)
    with pytest.raises(UserError, match="already has this e-mail"):
        people.create_person(database, name="Ana R.", email="ANA.RUIZ@example.org", department="Legal")
    with pytest.raises(UserError, match="is not an e-mail address"):
        people.create_person(database, name="Nobody", email="nobody-at-example", department="Legal")


def test_deleting_a_person_with_history_is_refused_with_the_way_out(database: Database) -> None:
    person_id = people.create_person(database, name="Ana Ruiz", email="ana@example.org", department="Legal").ids[0]
    write(
        database,
        "INSERT INTO assessment (person_id, skill_id, level, assessed_on, source, note)"
        " VALUES (:person, 1, 3, '2026-01-05', 'manager', '')",
        person=person_id,
    )
    with pytest.raises(UserError) as refused:
        people.delete_person(database, person_id)
    assert str(refused.value) == (
        "Ana Ruiz has history (they have 1 skill assessment); deactivate them instead, "
        "or erase them on a privacy request."
    )
    people.deactivate_person(database, person_id)
    assert database.reader().one("SELECT active FROM person") == (0,)


def test_deleting_someone_who_approved_and_signed_says_so_instead_of_the_databases_sentence(
    database: Database,
) -> None:
    """Approvals and sign-offs are history too: the refusal names them, and nothing is deleted."""
    from app.services import budget, policy

    person_id = people.create_person(database, name="Ana Ruiz", email="ana@example.org", department="Finance").ids[0]
    project_id = projects.create_project(database, name="Fraud scoring").ids[0]
    for scenario in ("Baseline", "With digital twin"):
        plan_id = budget.create_plan(database, project_id, name=scenario, fiscal_year=2026).ids[0]
        budget.set_plan_state(database, plan_id, "submitted")
        budget.approve_plan(database, plan_id, approved_by_id=person_id, approved_on=date(2026, 1, 5))
    for title in ("Access to scoring data", "Model updates", "Incident response"):
        policy_id = policy.create_policy(database, title=title, category="access_control", project_id=project_id)
        version_id = policy.add_version(
            database, policy_id.ids[0], text=f"# {title}", created_on=date(2026, 1, 20)
        ).ids[0]
        policy.publish_version(database, version_id, published_on=date(2026, 2, 1))
        # Signing for two departments is one policy version signed.
        for department in ("finance", "legal"):
            policy.sign_off(
                database, version_id, department=department, person_id=person_id, signed_on=date(2026, 2, 2)
            )
    before = database.reader().scalar("SELECT count(*) FROM person")
    with pytest.raises(UserError) as refused:
        people.delete_person(database, person_id)
    assert str(refused.value) == (
        "Ana Ruiz has history (they approved 2 budget plans and signed 3 policy versions); "
        "deactivate them instead, or erase them on a privacy request."
    )
    assert database.reader().scalar("SELECT count(*) FROM person") == before


def test_every_reference_to_a_person_in_the_schema_counts_as_history(database: Database) -> None:
    """The check is read from the schema: each foreign key onto person.id that the database enforces is one the
    service counts, and each has words for the refusal (a new table fails here until it says what it means)."""
    from sqlalchemy import inspect

    with database.engine.connect() as connection:
        schema = inspect(connection)
        enforced = {
            (table, column)
            for table in schema.get_table_names()
            for key in schema.get_foreign_keys(table)
            if key["referred_table"] == "person"
            and key["referred_columns"] == ["id"]
            and str(key["options"].get("ondelete", "")).upper() not in ("CASCADE", "SET NULL")
            for column in key["constrained_columns"]
        }
    counted = {(table.name, column.name) for table, column in people.person_references()}
    assert counted == enforced
    assert {
        ("budget_plan", "approved_by_id"),
        ("policy_version", "approved_by_id"),
        ("sign_off", "person_id"),
    } <= counted
    assert counted <= set(people.HISTORY_WORDS), "say in HISTORY_WORDS what a row of the new table says of a person"


def test_erasing_a_person_keeps_history_but_not_their_identity(database: Database) -> None:
    person_id = people.create_person(database, name="Ana Ruiz", email="ana@example.org", department="Legal").ids[0]
    people.erase_person(database, person_id, reason="Privacy request PR-112")
    name, email, active = database.reader().one("SELECT name, email, active FROM person")
    assert (name, active) == (f"Erased person {person_id}", 0) and "ana" not in email
    dump = json.dumps(audit_rows(database))
    assert "Ana" not in dump and "ana@example.org" not in dump
    assert database.reader().one("SELECT reason FROM audit_event WHERE action = 'erased'") == (
        "Privacy request PR-112",
    )


def test_a_project_with_history_cannot_be_deleted(database: Database) -> None:
    project_id = projects.create_project(database, name="Fraud").ids[0]
    write(
        database,
        "INSERT INTO policy (project_id, title, category, owner_department, status,"
        " review_cadence_months, framework_refs) VALUES (:project, 'Oversight', 'human_oversight',"
        " 'CISO office', 'draft', 12, '')",
        project=project_id,
    )
    with pytest.raises(UserError, match="has 1 policies; set its stage to retired"):
        projects.delete_project(database, project_id)
    assert len(list_projects(database.reader())) == 1


@pytest.mark.parametrize(
    ("call", "sentence"),
    [
        (
            lambda db: projects.update_project(db, 99, {"name": "X"}),
            "Project 99 does not exist (it may have been deleted).",
        ),
        (
            lambda db: projects.update_member(db, 99, allocation=0.5),
            "Membership 99 does not exist (it may have been removed).",
        ),
        (lambda db: projects.remove_member(db, 99), "Membership 99 does not exist (it may have been removed)."),
        (lambda db: people.update_person(db, 99, {"name": "X"}), "Person 99 does not exist or has been erased."),
        (lambda db: people.delete_person(db, 99), "Person 99 does not exist."),
        (lambda db: staffing.remove_requirement(db, 99), "Requirement 99 does not exist (it may have been removed)."),
        (lambda db: skills.rename_area(db, 99, "X"), "Skill area 99 does not exist."),
        (
            lambda db: skills.retract_assessment(db, 99),
            "Assessment 99 does not exist (it may have been retracted already).",
        ),
        (
            lambda db: policy.update_sprint(db, 99, {"goal": "X"}),
            "Sprint 99 does not exist (it may have been deleted).",
        ),
        (lambda db: budget.delete_lines(db, [99]), "Budget line 99 does not exist (it may have been deleted)."),
    ],
)
def test_a_row_that_is_not_there_is_named_in_the_services_own_sentence(
    database: Database, call: Callable[[Database], object], sentence: str
) -> None:
    with pytest.raises(UserError) as caught:
        call(database)
    assert str(caught.value) == sentence


def test_updating_a_member_to_what_they_already_are_changes_nothing_and_audits_nothing(database: Database) -> None:
    from app.services.change import Action

    project = projects.create_project(database, name="Fraud scoring").ids[0]
    ann = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    membership = projects.add_member(database, project, ann, role="Analyst", allocation=0.5).ids[0]
    events = database.reader().scalar("SELECT count(*) FROM audit_event")
    same = projects.update_member(database, membership, role="Analyst", allocation=0.5)
    assert same.action == Action.UNCHANGED
    assert database.reader().scalar("SELECT count(*) FROM audit_event") == events
    moved = projects.update_member(database, membership, role="Analyst", allocation=0.8)
    assert moved.action == Action.UPDATED
    after = database.reader().scalar("SELECT after FROM audit_event ORDER BY id DESC LIMIT 1")
    assert after == '{"allocation": 0.8}'  # only what changed


# A control character (other than tab and line breaks) cannot be written to any spreadsheet or PDF: the export
# would drop it silently, so every service refuses it where it is typed, with the same sentence.
CONTROL_CHARACTER_EDITS: dict[str, Callable[[Database, int], object]] = {
    "a person's name": lambda db, _: people.create_person(db, name="Bo\x01b", email="bob@example.org", department="HR"),
    "a person's department": lambda db, _: people.create_person(
        db, name="Bob", email="bob@example.org", department="H\x1bR"
    ),
    "a project's name": lambda db, _: projects.create_project(db, name="Fraud\x07"),
    "a project's description": lambda db, project: projects.update_project(db, project, {"description": "a\x00b"}),
    "an area's name": lambda db, _: skills.add_area(db, "Area\x02"),
    "a skill's name": lambda db, _: skills.add_skill(db, 1, "Skill\x7f"),
    "a budget plan's name": lambda db, project: budget.create_plan(db, project, name="Base\x03", fiscal_year=2026),
    "a policy's title": lambda db, _: policy.create_policy(db, title="Access\x04", category="access_control"),
    "a sprint's name": lambda db, project: policy.plan_sprint(
        db, project, name="S\x05", start_on="2026-03-02", end_on="2026-03-13"
    ),
}


@pytest.mark.parametrize("edit", CONTROL_CHARACTER_EDITS, ids=list(CONTROL_CHARACTER_EDITS))
def test_text_with_a_control_character_is_refused_with_nothing_written(database: Database, edit: str) -> None:
    project = projects.create_project(database, name="Existing").ids[0]
    before = database.reader().scalar("SELECT count(*) FROM audit_event")
    with pytest.raises(UserError, match=r"holds a control character \(U\+00[0-9A-F]{2}\).*remove it"):
        CONTROL_CHARACTER_EDITS[edit](database, project)
    assert database.reader().scalar("SELECT count(*) FROM audit_event") == before


def test_tabs_and_line_breaks_are_still_text(database: Database) -> None:
    project = projects.create_project(database, name="Existing").ids[0]
    projects.update_project(database, project, {"description": "First line\nsecond\tcolumn\r\n"})
    assert "second\tcolumn" in database.reader().scalar(
        "SELECT description FROM project WHERE id = :id", {"id": project}
    )
