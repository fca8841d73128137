"""Steward's roles on a team's server, enforced by PostgreSQL itself: each login tried with raw SQL, as ``psql`` would.

One database on the tests' server gets the roles (``apply_roles``, as ``steward server init``
gives them), two projects and a row of every kind the cases touch, and one login per role
(names unique to this run, dropped at the end: roles are the whole server's). Each case runs
one statement as one login in a transaction that is rolled back, so the cases share the rows.
What a role may do succeeds; what it may not is refused by the server (permission denied, or a
row-level policy that hides the row or rejects the new one).
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.db import server_roles
from app.db.database import Database
from app.errors import UserError
from tests.raw_sql import insert_row, write

if TYPE_CHECKING:
    from tests.postgres_server import PostgresServer

PASSWORD = secrets.token_urlsafe(12)


class Organisation(NamedTuple):
    database: Database
    logins: dict[str, str]  # role → login
    rows: dict[str, int]  # what → id


def _fill(database: Database) -> dict[str, int]:
    rows: dict[str, int] = {}
    for which in ("a", "b"):
        rows[f"project_{which}"] = insert_row(
            database, "project", name=f"Project {which}", description="", stage="idea",
            decision_mode="decision_support", model_origin="in_house", personal_data=False,
        )  # fmt: skip
    rows["person"] = insert_row(
        database, "person", name="Priya Raman", email="priya@example.org", department="Data", title="",
        capacity_fte=1.0, cost_rate=500000, active=True,
    )  # fmt: skip
    rows["erased"] = insert_row(
        database, "person", name="Erased person", email="erased@example.org", department="Data", title="",
        capacity_fte=1.0, cost_rate=0, active=False, erased_on="2026-12-01",
    )  # fmt: skip
    skill = int(database.reader().scalar("SELECT min(id) FROM skill"))
    rows["skill"] = skill
    for which in ("a", "b"):
        project = rows[f"project_{which}"]
        rows[f"requirement_{which}"] = insert_row(
            database, "skill_requirement", project_id=project, skill_id=skill, min_level=2, needed_fte=1.0,
            criticality="medium",
        )  # fmt: skip
        rows[f"membership_{which}"] = insert_row(
            database, "membership", project_id=project, person_id=rows["person"], role="", allocation=0.5
        )
        rows[f"item_{which}"] = insert_row(
            database, "backlog_item", project_id=project, title="Write it", kind="new_policy", rank=1.0,
            status="backlog", owner_department="", acceptance_criteria="", created_at="2026-12-01 10:00:00",
        )  # fmt: skip
    rows["plan"] = insert_row(
        database, "budget_plan", project_id=rows["project_a"], name="Base", fiscal_year=2026, currency="EUR",
        state="draft", revision=1,
    )  # fmt: skip
    rows["line"] = insert_row(
        database, "budget_line", plan_id=rows["plan"], category="cloud_compute", description="GPUs",
        period_kind="month", period_number=1, stage="development", planned=10000, note="",
    )  # fmt: skip
    rows["labour_line"] = insert_row(
        database, "budget_line", plan_id=rows["plan"], category="personnel", description="Erased person (Lead), 1 FTE",
        period_kind="month", period_number=1, stage="development", planned=500000, note="",
        labour_person_id=rows["erased"],
    )  # fmt: skip
    for key in ("finance", "staffing"):
        write(database, "INSERT INTO setting (key, value) VALUES (:key, '{}')", key=key)
    rows["event"] = insert_row(
        database, "audit_event", at="2026-12-01 10:00:00", actor="someone", entity="person",
        entity_id=rows["erased"], action="updated", before='{"name": "Old"}', after='{"name": "New"}', reason="",
    )  # fmt: skip
    return rows


@pytest.fixture(scope="module")
def organisation(postgres_server: PostgresServer, postgres_copies: Any) -> Iterator[Organisation]:
    name = postgres_copies.take()
    database = Database(postgres_server.url_of(name))
    rows = _fill(database)
    server_roles.apply_roles(database)
    server_roles.apply_roles(database)  # init twice is fine
    run = secrets.token_hex(3)
    logins = {role: f"t{run}_{role}" for role in server_roles.ROLE_NAMES}
    try:
        for role, login in logins.items():
            projects = ("Project a",) if role == "lead" else ()
            server_roles.add_login(database, login, role, PASSWORD, projects)
        yield Organisation(database, logins, rows)
    finally:
        for login in logins.values():
            with postgres_server.admin() as connection:
                connection.execute(f'DROP ROLE IF EXISTS "{login}"')
        database.dispose()
        postgres_server.drop_database(name)


def _run_as(organisation: Organisation, role: str, sql: str) -> int:
    """Run ``sql`` as ``role``'s login in a transaction that is rolled back; the rows it touched."""
    url = make_url(organisation.database.url)
    connection = psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=organisation.logins[role], password=PASSWORD
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**organisation.rows))  # type: ignore[arg-type]  # the test's own SQL
            return cursor.rowcount
    finally:
        connection.rollback()
        connection.close()


ALLOWED = [
    ("admin", "UPDATE project SET description = 'new' WHERE id = {project_b}"),
    ("admin", "DELETE FROM budget_line WHERE id = {line}"),
    ("admin", "UPDATE setting SET value = '{{}}' WHERE key = 'staffing'"),
    ("hr", "UPDATE person SET title = 'Lead' WHERE id = {person}"),
    (
        "hr",
        "INSERT INTO assessment (person_id, skill_id, level, assessed_on, source, note)"
        " VALUES ({person}, {skill}, 3, '2026-12-01', 'manager', '')",
    ),  # fmt: skip
    ("hr", "UPDATE membership SET allocation = 0.7 WHERE id = {membership_b}"),
    ("hr", "UPDATE setting SET value = '{{}}' WHERE key = 'staffing'"),
    ("hr", "UPDATE audit_event SET before = NULL, after = NULL WHERE id = {event}"),  # the erasure's rewrite
    ("hr", "UPDATE budget_line SET description = 'Erased person' WHERE id = {labour_line}"),  # and its labour line
    (
        "policy",
        "INSERT INTO policy (title, category, owner_department, status, review_cadence_months, framework_refs)"
        " VALUES ('Use of models', 'data_privacy', 'Legal', 'draft', 12, '')",
    ),  # fmt: skip
    ("policy", "UPDATE backlog_item SET points = 3 WHERE id = {item_b}"),
    ("finance", "UPDATE budget_line SET actual = 9000 WHERE id = {line}"),
    ("finance", "UPDATE setting SET value = '{{}}' WHERE key = 'finance'"),
    ("lead", "UPDATE skill_requirement SET min_level = 3 WHERE id = {requirement_a}"),
    ("lead", "UPDATE membership SET allocation = 0.6 WHERE id = {membership_a}"),
    ("lead", "UPDATE backlog_item SET points = 5 WHERE id = {item_a}"),
    ("viewer", "SELECT name FROM person_pseudonym"),
    ("viewer", "SELECT planned, description FROM budget_line_pseudonym"),
    ("viewer", "SELECT name FROM project"),
    *(
        (role, "INSERT INTO audit_event (at, actor, entity, action, reason) VALUES (now(), 'me', 'project', 'x', '')")
        for role in ("admin", "hr", "policy", "finance", "lead")
    ),  # fmt: skip
    *((role, "SELECT count(*) FROM audit_event") for role in ("admin", "hr", "policy", "finance", "lead")),
    ("viewer", "SELECT at, actor, entity, action FROM audit_event_pseudonym"),
]

REFUSED = [
    ("finance", "UPDATE person SET title = 'x' WHERE id = {person}"),
    ("viewer", "SELECT name FROM person"),
    ("viewer", "SELECT description FROM budget_line"),  # a labour line's description is a member's name
    ("viewer", "SELECT after FROM audit_event"),  # an event's field values hold names
    ("hr", "UPDATE budget_line SET planned = 1 WHERE id = {line}"),
    ("policy", "UPDATE budget_plan SET name = 'x' WHERE id = {plan}"),
    ("lead", "UPDATE project SET name = 'x' WHERE id = {project_a}"),
    (
        "lead",
        "INSERT INTO skill_requirement (project_id, skill_id, min_level, needed_fte, criticality)"
        " VALUES ({project_b}, {skill}, 2, 1.0, 'high')",
    ),  # fmt: skip
    ("finance", "INSERT INTO setting (key, value) VALUES ('backups', '{{}}')"),
    ("viewer", "INSERT INTO audit_event (at, actor, entity, action, reason) VALUES (now(), 'me', 'project', 'x', '')"),
    ("policy", "UPDATE audit_event SET before = NULL, after = NULL WHERE id = {event}"),
    *((role, "DELETE FROM audit_event") for role in server_roles.ROLE_NAMES),
    *((role, "UPDATE audit_event SET actor = 'someone else'") for role in server_roles.ROLE_NAMES),
]

# A change to a row the role may not see for changing: the server answers "0 rows", and nothing moves.
HIDDEN = [
    ("lead", "UPDATE skill_requirement SET min_level = 3 WHERE id = {requirement_b}"),
    ("lead", "DELETE FROM membership WHERE id = {membership_b}"),
    ("lead", "UPDATE backlog_item SET points = 8 WHERE id = {item_b}"),
    ("finance", "UPDATE setting SET value = '{{}}' WHERE key = 'staffing'"),
    ("hr", "UPDATE setting SET value = '{{}}' WHERE key = 'finance'"),
    ("hr", "UPDATE budget_line SET description = 'Renamed' WHERE id = {line}"),  # not an erased person's line
]


@pytest.mark.parametrize(("role", "sql"), ALLOWED)
def test_what_a_role_may_do_the_server_lets_it_do(organisation: Organisation, role: str, sql: str) -> None:
    assert _run_as(organisation, role, sql) >= 1


@pytest.mark.parametrize(("role", "sql"), REFUSED)
def test_what_a_role_may_not_do_the_server_refuses(organisation: Organisation, role: str, sql: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _run_as(organisation, role, sql)


@pytest.mark.parametrize(("role", "sql"), HIDDEN)
def test_another_projects_rows_are_out_of_a_roles_reach(organisation: Organisation, role: str, sql: str) -> None:
    assert _run_as(organisation, role, sql) == 0


def test_the_viewer_reads_people_without_their_names(organisation: Organisation) -> None:
    url = make_url(organisation.database.url)
    with psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=organisation.logins["viewer"], password=PASSWORD
    ) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM person_pseudonym")}
        columns = {column.name for column in connection.execute("SELECT * FROM person_pseudonym LIMIT 0").description}
    assert names >= {f"Person {organisation.rows['person']}", f"Person {organisation.rows['erased']}"}
    assert all(name.startswith("Person ") for name in names)
    assert not columns & {"email", "cost_rate"}
    with psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=organisation.logins["viewer"], password=PASSWORD
    ) as connection:
        labour = connection.execute(
            "SELECT description FROM budget_line_pseudonym WHERE id = %s", (organisation.rows["labour_line"],)
        ).fetchone()
        values = connection.execute("SELECT count(*) FROM audit_event_pseudonym WHERE after IS NOT NULL").fetchone()
    assert labour == (f"Person {organisation.rows['erased']} (labour)",)
    assert values == (0,)


def test_logins_are_listed_with_their_roles_and_a_leads_projects(organisation: Organisation) -> None:
    listed = {login.name: login for login in server_roles.list_logins(organisation.database)}
    for role, name in organisation.logins.items():
        assert listed[name].role == role
        assert listed[name].projects == (("Project a",) if role == "lead" else ())


def test_every_role_changes_only_tables_of_the_schema_and_says_why() -> None:
    for role in server_roles.GROUP_ROLES:
        assert set(role.changes) <= set(server_roles.ALL_TABLES), role.name
        assert role.why.endswith("."), role.name


def test_a_login_that_cannot_be_typed_or_a_lead_without_a_project_is_refused(organisation: Organisation) -> None:
    with pytest.raises(UserError, match="cannot be a login"):
        server_roles.add_login(organisation.database, "Robert'); DROP", "hr", PASSWORD)
    with pytest.raises(UserError, match="at least one project"):
        server_roles.add_login(organisation.database, "nobody_leads", "lead", PASSWORD)
    with pytest.raises(UserError, match="no project named"):
        server_roles.add_login(organisation.database, "nobody_leads", "lead", PASSWORD, ("Project z",))


@contextmanager
def _signed_in(organisation: Organisation, role: str) -> Iterator[Database]:
    """The database as ``role``'s login opens it in Steward: the same services, the server's rules."""
    url = make_url(organisation.database.url).set(username=organisation.logins[role], password=PASSWORD)
    database = Database(url.render_as_string(hide_password=False))
    try:
        yield database
    finally:
        database.dispose()


def test_each_roles_own_work_goes_through_the_services_under_its_own_login(organisation: Organisation) -> None:
    from app.services.budget import update_line
    from app.services.people import update_person
    from app.services.policy import create_item
    from app.services.projects import create_project
    from app.services.staffing import update_requirement

    rows = organisation.rows
    with _signed_in(organisation, "admin") as database:
        create_project(database, name="Started by the admin")
    with _signed_in(organisation, "hr") as database:
        update_person(database, rows["person"], {"title": "Principal"})
    with _signed_in(organisation, "policy") as database:
        create_item(database, rows["project_b"], title="Review the model card")
    with _signed_in(organisation, "finance") as database:
        update_line(database, rows["line"], actual=Decimal("95.00"))
    with _signed_in(organisation, "lead") as database:
        update_requirement(database, rows["requirement_a"], min_level=4)
    reader = organisation.database.reader()
    assert reader.scalar("SELECT count(*) FROM project WHERE name = 'Started by the admin'") == 1
    assert reader.scalar("SELECT title FROM person WHERE id = :id", {"id": rows["person"]}) == "Principal"
    assert reader.scalar("SELECT count(*) FROM backlog_item WHERE title = 'Review the model card'") == 1
    assert reader.scalar("SELECT actual FROM budget_line WHERE id = :id", {"id": rows["line"]}) == 9500
    assert reader.scalar("SELECT min_level FROM skill_requirement WHERE id = :id", {"id": rows["requirement_a"]}) == 4


def test_the_audit_trail_names_the_login_whatever_the_client_says(organisation: Organisation) -> None:
    from app.services.budget import update_line

    with _signed_in(organisation, "finance") as database:
        update_line(database, organisation.rows["line"], note="Checked against the invoice")
    url = make_url(organisation.database.url)
    hr = organisation.logins["hr"]
    with psycopg.connect(host=url.host, port=url.port, dbname=url.database, user=hr, password=PASSWORD) as connection:
        connection.execute(
            "INSERT INTO audit_event (at, actor, entity, action, reason)"
            " VALUES (now(), 'the CEO', 'project', 'x', 'forged')"
        )
    reader = organisation.database.reader()
    noted = "SELECT actor FROM audit_event WHERE entity = 'budget_line' AND after LIKE '%invoice%'"
    assert reader.scalar(noted) == organisation.logins["finance"]
    assert reader.scalar("SELECT actor FROM audit_event WHERE reason = 'forged'") == hr


def test_a_service_cannot_reach_past_the_role_either(organisation: Organisation) -> None:
    from app.services.people import update_person
    from app.services.staffing import update_requirement

    rows = organisation.rows
    reader = organisation.database.reader()
    # The server's refusal reaches the user as one sentence naming the login and the rows, never the raw error.
    finance, lead = organisation.logins["finance"], organisation.logins["lead"]
    with _signed_in(organisation, "finance") as database, pytest.raises(UserError) as refused:
        update_person(database, rows["person"], {"title": "Paid more"})
    assert str(refused.value).startswith(f"Your login {finance} may not make this change to the person rows")
    with _signed_in(organisation, "lead") as database, pytest.raises(UserError) as hidden:
        update_requirement(database, rows["requirement_b"], min_level=4)  # RLS hides the row: 0 rows updated
    assert str(hidden.value).startswith(f"Your login {lead} may not make this change to the skill requirement rows")
    assert reader.scalar("SELECT title FROM person WHERE id = :id", {"id": rows["person"]}) != "Paid more"
    assert reader.scalar("SELECT min_level FROM skill_requirement WHERE id = :id", {"id": rows["requirement_b"]}) == 2


def test_hr_erases_a_person_on_a_privacy_request_labour_lines_and_audit_trail_included(
    organisation: Organisation,
) -> None:
    from app.services.people import erase_person

    database = organisation.database
    person = insert_row(
        database, "person", name="Ada Byron", email="ada@example.org", department="Data", title="",
        capacity_fte=1.0, cost_rate=0, active=True,
    )  # fmt: skip
    line = insert_row(
        database, "budget_line", plan_id=organisation.rows["plan"], category="personnel",
        description="Ada Byron (Analyst), 1.0 FTE", period_kind="month", period_number=2, stage="development",
        planned=0, note="", labour_person_id=person,
    )  # fmt: skip
    insert_row(
        database, "audit_event", at="2026-12-01 10:00:00", actor="someone", entity="person", entity_id=person,
        action="created", before=None, after='{"name": "Ada Byron"}', reason="",
    )  # fmt: skip
    with _signed_in(organisation, "hr") as signed_in:
        erase_person(signed_in, person, reason="Request 42")
    reader = database.reader()
    assert reader.scalar("SELECT description FROM budget_line WHERE id = :id", {"id": line}).startswith(
        f"Erased person {person}"
    )
    after = "SELECT after FROM audit_event WHERE entity = 'person' AND entity_id = :id AND action = 'created'"
    assert reader.scalar(after, {"id": person}) is None


def test_a_persons_login_meeting_an_older_schema_asks_for_the_administrator(
    organisation: Organisation, tmp_path: Path
) -> None:
    from app.db.migrations import HEAD, MIGRATIONS_DIR
    from app.db.schema import current_revision, ensure_schema
    from tests.app.test_migrations import NEXT_REVISION

    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_add_codename.py").write_text(NEXT_REVISION.format(head=HEAD))
    with _signed_in(organisation, "admin") as database, pytest.raises(UserError) as refused:
        ensure_schema(database, script_location=scripts)
    assert f"is at schema {HEAD} and this Steward needs 9000" in str(refused.value)
    assert "ask the administrator to run `steward server init`" in str(refused.value)
    assert current_revision(organisation.database) == HEAD
