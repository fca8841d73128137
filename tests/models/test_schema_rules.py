"""The rules live in the schema: written with plain SQL, bypassing every Python check (on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from app.db.database import Database

pytestmark = pytest.mark.both_backends


class Sql:
    """One connection that runs statements as written (no parameters), and knows its backend."""

    def __init__(self, connection: Any, backend: str) -> None:
        self.connection = connection
        self.backend = backend

    def execute(self, statement: str) -> Any:
        return self.connection.exec_driver_sql(statement)

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def named(self, *, sqlite: str, postgresql: str) -> str:
        """How this backend names a rule in its refusal: SQLite by table and columns, PostgreSQL by constraint."""
        return sqlite if self.backend == "sqlite" else postgresql


@pytest.fixture
def sql(database: Database, backend: str) -> Iterator[Sql]:
    with database.engine.connect() as connection:
        rules = Sql(connection, backend)
        person = rules.execute(
            "INSERT INTO person (name, email, department, title, capacity_fte, cost_rate, active)"
            " VALUES ('Ana Ruiz', 'ana@example.org', 'Data science', '', 1.0, 650000, TRUE) RETURNING id"
        ).scalar_one()
        project = rules.execute(
            "INSERT INTO project (name, description, stage, decision_mode, model_origin, personal_data)"
            " VALUES ('Fraud', '', 'production', 'automated', 'in_house', TRUE) RETURNING id"
        ).scalar_one()
        assert (person, project) == (1, 1)  # the statements below refer to them as 1
        rules.commit()
        yield rules


def rejects(connection: Sql, statement: str) -> str:
    with pytest.raises(IntegrityError) as caught:
        connection.execute(statement)
    connection.rollback()
    return str(caught.value.orig)


@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        pytest.param(
            "INSERT INTO person (name, email, department, title, capacity_fte, cost_rate, active)"
            " VALUES ('Other', 'ana@example.org', 'HR', '', 1.0, 0, TRUE)",
            ("person.email", "uq_person_email"),  # SQLite names the columns, PostgreSQL the constraint
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
def test_the_schema_refuses_what_breaks_a_rule(sql: Sql, statement: str, rule: str | tuple[str, str]) -> None:
    named = sql.named(sqlite=rule[0], postgresql=rule[1]) if isinstance(rule, tuple) else rule
    assert named in rejects(sql, statement)


def test_skill_name_is_unique_within_its_area_only(sql: Sql) -> None:
    name = sql.execute("SELECT name FROM skill WHERE area_id = 1 LIMIT 1").fetchone()[0]
    assert sql.named(sqlite="skill.area_id, skill.name", postgresql="uq_skill_area_id_name") in rejects(
        sql, f"INSERT INTO skill (area_id, name, description, retired) VALUES (1, '{name}', '', FALSE)"
    )
    sql.execute(f"INSERT INTO skill (area_id, name, description, retired) VALUES (2, '{name}', '', FALSE)")


def test_a_person_with_assessments_cannot_be_deleted_silently(sql: Sql) -> None:
    sql.execute(
        "INSERT INTO assessment (person_id, skill_id, level, assessed_on, source, note)"
        " VALUES (1, 1, 3, '2026-01-01', 'manager', '')"
    )
    sql.commit()
    assert "foreign key" in rejects(sql, "DELETE FROM person WHERE id = 1").lower()
    assert sql.execute("SELECT count(*) FROM assessment").fetchone()[0] == 1


def test_deleting_a_project_takes_its_memberships_but_not_its_people(sql: Sql) -> None:
    sql.execute("INSERT INTO membership (project_id, person_id, role, allocation) VALUES (1, 1, 'Lead', 0.5)")
    sql.execute("DELETE FROM project WHERE id = 1")
    assert sql.execute("SELECT count(*) FROM membership").fetchone()[0] == 0
    assert sql.execute("SELECT count(*) FROM person").fetchone()[0] == 1


def test_a_project_with_policies_cannot_be_deleted(sql: Sql) -> None:
    sql.execute(
        "INSERT INTO policy (project_id, title, category, owner_department, status, review_cadence_months, "
        "framework_refs)"
        " VALUES (1, 'Oversight', 'human_oversight', 'CISO office', 'draft', 12, '')"
    )
    sql.commit()
    assert "foreign key" in rejects(sql, "DELETE FROM project WHERE id = 1").lower()


def test_money_is_stored_as_integer_cents(sql: Sql) -> None:
    type_of = sql.named(sqlite="typeof(cost_rate)", postgresql="pg_typeof(cost_rate)::text")
    whole = sql.named(sqlite="integer", postgresql="bigint")  # more cents than 2**31 is only 21 million euros
    assert tuple(sql.execute(f"SELECT {type_of}, cost_rate FROM person WHERE id = 1").one()) == (whole, 650000)
