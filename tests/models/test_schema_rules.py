"""The rules live in the schema: written with plain SQL, bypassing every Python check."""

from __future__ import annotations

import sqlite3

import pytest

from app.db.database import Database


@pytest.fixture
def sql(database: Database) -> sqlite3.Connection:
    assert database.sqlite_path is not None
    connection = sqlite3.connect(database.sqlite_path)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute(
        "INSERT INTO person (id, name, email, department, title, capacity_fte, cost_rate, active)"
        " VALUES (1, 'Ana Ruiz', 'ana@example.org', 'Data science', '', 1.0, 650000, 1)"
    )
    connection.execute(
        "INSERT INTO project (id, name, description, stage, decision_mode, model_origin, personal_data)"
        " VALUES (1, 'Fraud', '', 'production', 'automated', 'in_house', 1)"
    )
    connection.commit()
    yield connection
    connection.close()


def rejects(connection: sqlite3.Connection, statement: str) -> str:
    with pytest.raises(sqlite3.IntegrityError) as caught:
        connection.execute(statement)
    connection.rollback()
    return str(caught.value)


@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        pytest.param(
            "INSERT INTO person (name, email, department, title, capacity_fte, cost_rate, active)"
            " VALUES ('Other', 'ana@example.org', 'HR', '', 1.0, 0, 1)",
            "person.email",
            id="a person's e-mail is unique",
        ),
        *(
            pytest.param(
                f"INSERT INTO assessment (person_id, skill_id, level, assessed_on, source, note)"
                f" VALUES (1, 1, {level}, '2026-01-01', 'self', '')",
                "ck_assessment_level_range",
                id=f"an assessment's level {level} is off the scale",
            )
            for level in (-1, 5)
        ),
        *(
            pytest.param(
                f"INSERT INTO membership (project_id, person_id, role, allocation) VALUES (1, 1, '', {allocation})",
                "ck_membership_allocation_range",
                id=f"an allocation of {allocation} is not a fraction of one FTE",
            )
            for allocation in (0, 1.5, -0.2)
        ),
        pytest.param(
            "INSERT INTO backlog_item (project_id, title, kind, points, rank, status, owner_department,"
            " acceptance_criteria, created_at)"
            " VALUES (1, 'Write it', 'new_policy', 0, 1, 'backlog', '', '', '2026-01-01')",
            "ck_backlog_item_points_positive",
            id="story points are positive",
        ),
        pytest.param(
            "INSERT INTO sprint (project_id, name, goal, start_on, end_on, state, capacity_points)"
            " VALUES (1, 'S1', '', '2026-02-10', '2026-02-09', 'planned', 10)",
            "ck_sprint_end_after_start",
            id="a sprint cannot end before it starts",
        ),
        pytest.param(
            "UPDATE project SET stage = 'launched' WHERE id = 1",
            "ck_project_stage",
            id="an enum column refuses an unknown value",
        ),
    ],
)
def test_the_schema_refuses_what_breaks_a_rule(sql: sqlite3.Connection, statement: str, rule: str) -> None:
    assert rule in rejects(sql, statement)


def test_skill_name_is_unique_within_its_area_only(sql: sqlite3.Connection) -> None:
    name = sql.execute("SELECT name FROM skill WHERE area_id = 1 LIMIT 1").fetchone()[0]
    assert "skill.area_id, skill.name" in rejects(
        sql, f"INSERT INTO skill (area_id, name, description, retired) VALUES (1, '{name}', '', 0)"
    )
    sql.execute(f"INSERT INTO skill (area_id, name, description, retired) VALUES (2, '{name}', '', 0)")


def test_a_person_with_assessments_cannot_be_deleted_silently(sql: sqlite3.Connection) -> None:
    sql.execute(
        "INSERT INTO assessment (person_id, skill_id, level, assessed_on, source, note)"
        " VALUES (1, 1, 3, '2026-01-01', 'manager', '')"
    )
    sql.commit()
    assert "FOREIGN KEY" in rejects(sql, "DELETE FROM person WHERE id = 1")
    assert sql.execute("SELECT count(*) FROM assessment").fetchone()[0] == 1


def test_deleting_a_project_takes_its_memberships_but_not_its_people(sql: sqlite3.Connection) -> None:
    sql.execute("INSERT INTO membership (project_id, person_id, role, allocation) VALUES (1, 1, 'Lead', 0.5)")
    sql.execute("DELETE FROM project WHERE id = 1")
    assert sql.execute("SELECT count(*) FROM membership").fetchone()[0] == 0
    assert sql.execute("SELECT count(*) FROM person").fetchone()[0] == 1


def test_a_project_with_policies_cannot_be_deleted(sql: sqlite3.Connection) -> None:
    sql.execute(
        "INSERT INTO policy (project_id, title, category, owner_department, status, review_cadence_months, "
        "framework_refs)"
        " VALUES (1, 'Oversight', 'human_oversight', 'CISO office', 'draft', 12, '')"
    )
    sql.commit()
    assert "FOREIGN KEY" in rejects(sql, "DELETE FROM project WHERE id = 1")


def test_money_is_stored_as_integer_cents(sql: sqlite3.Connection) -> None:
    assert sql.execute("SELECT typeof(cost_rate), cost_rate FROM person WHERE id = 1").fetchone() == ("integer", 650000)
