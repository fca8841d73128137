"""The audit trail is append-only in the database itself; the privacy erasure is the one sanctioned rewrite."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from app.db.database import Database
from app.services import people
from tests.raw_sql import write

pytestmark = pytest.mark.both_backends


def events_of(database: Database, person_id: int) -> list[tuple[str, str | None, str | None]]:
    return [
        (row[0], row[1], row[2])
        for row in database.reader().rows(
            "SELECT action, before, after FROM audit_event WHERE entity = 'person' AND entity_id = :id ORDER BY id",
            {"id": person_id},
        )
    ]


@pytest.mark.parametrize(
    ("statement", "sentence"),
    [
        ("UPDATE audit_event SET reason = 'tidied'", "an audit event cannot be changed"),
        ("UPDATE audit_event SET before = NULL, after = NULL", "an audit event cannot be changed"),
        ("DELETE FROM audit_event", "an audit event cannot be deleted"),
    ],
)
def test_no_one_can_change_or_delete_an_audit_event_not_even_in_a_database_shell(
    database: Database, statement: str, sentence: str
) -> None:
    person_id = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    before = events_of(database, person_id)
    assert before and before[0][2] is not None
    with pytest.raises(DBAPIError, match=sentence):
        write(database, statement)
    assert events_of(database, person_id) == before


def test_no_one_can_empty_the_audit_trail_on_a_server(database: Database, backend: str) -> None:
    """PostgreSQL's TRUNCATE skips row triggers, so the trail has a trigger for it too (SQLite has no TRUNCATE)."""
    if backend != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE is refused above")
    people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data")
    count = database.reader().scalar("SELECT count(*) FROM audit_event")
    with pytest.raises(DBAPIError, match="an audit event cannot be deleted"):
        write(database, "TRUNCATE audit_event")
    assert database.reader().scalar("SELECT count(*) FROM audit_event") == count


def test_erasing_a_person_clears_the_values_of_their_events_and_is_itself_audited(database: Database) -> None:
    ann = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    bob = people.create_person(database, name="Bob Stone", email="bob@example.org", department="Data").ids[0]
    people.erase_person(database, ann, reason="Privacy request PR-12")
    actions = [action for action, _before, _after in events_of(database, ann)]
    assert actions == ["created", "erased"]
    assert all(before is None and after is None for _action, before, after in events_of(database, ann))
    assert "Ann Lee" not in str(database.reader().rows("SELECT * FROM audit_event"))
    reason = database.reader().scalar("SELECT reason FROM audit_event WHERE action = 'erased'")
    assert reason == "Privacy request PR-12"
    # Someone who was not erased keeps every value.
    assert events_of(database, bob)[0][2] is not None
    with pytest.raises(DBAPIError, match="an audit event cannot be changed"):
        write(database, "UPDATE audit_event SET before = NULL, after = NULL WHERE entity_id = :bob", bob=bob)


def _labour(database: Database, name: str, email: str) -> tuple[int, int]:
    from app.services import budget, projects

    project = projects.create_project(database, name=f"Project of {name}").ids[0]
    person = people.create_person(database, name=name, email=email, department="Data", cost_rate="5000").ids[0]
    projects.add_member(database, project, person, role="Analyst", allocation=0.5)
    plan = budget.create_plan(database, project, name="Baseline", fiscal_year=2026).ids[0]
    budget.refresh_labour_lines(database, plan)
    return person, plan


def budget_events_naming(database: Database, name: str) -> int:
    return int(
        database.reader().scalar(
            "SELECT count(*) FROM audit_event WHERE entity IN ('budget_line', 'budget_plan')"
            " AND coalesce(before, '') || coalesce(after, '') LIKE :name",
            {"name": f"%{name}%"},
        )
    )


def test_the_budget_events_of_a_labour_line_may_be_rewritten_only_once_its_person_is_erased(
    database: Database,
) -> None:
    ann, _plan = _labour(database, "Ann Lee", "ann@example.org")
    bob, _other = _labour(database, "Bob Stone", "bob@example.org")
    assert budget_events_naming(database, "Ann Lee") and budget_events_naming(database, "Bob Stone")
    rewrite = "UPDATE audit_event SET after = '{}' WHERE entity IN ('budget_line', 'budget_plan') AND after LIKE :name"
    with pytest.raises(DBAPIError, match="an audit event cannot be changed"):
        write(database, rewrite, name="%Ann Lee%")
    people.erase_person(database, ann, reason="Privacy request PR-12")
    assert budget_events_naming(database, "Ann Lee") == 0
    assert budget_events_naming(database, f"Erased person {ann} (Analyst), 0.5 FTE")
    with pytest.raises(DBAPIError, match="an audit event cannot be changed"):
        write(database, rewrite, name="%Bob Stone%")  # Bob was not erased: his events stay as they are
    assert budget_events_naming(database, "Bob Stone")
    assert bob


def test_the_upgrade_to_0004_completes_the_erasures_made_before_it(database: Database) -> None:
    from app.db.schema import ensure_schema

    ann, _plan = _labour(database, "Ann Lee", "ann@example.org")
    people.erase_person(database, ann, reason="Privacy request PR-12")
    # As a Steward at schema 0003 left the database: the name in the lines and in a budget event.
    line = f'{{"description": "Ann Lee (Analyst), 0.5 FTE", "labour_person_id": {ann}}}'
    write(database, "UPDATE budget_line SET description = 'Ann Lee (Analyst), 0.5 FTE'")
    write(
        database,
        "INSERT INTO audit_event (at, actor, entity, entity_id, action, before, after, reason)"
        " VALUES ('2026-06-01 09:00:00', 'old', 'budget_line', 1, 'created', NULL, :line, '')",
        line=line,
    )
    write(database, "UPDATE alembic_version SET version_num = '0003'")
    database.dispose()
    status = ensure_schema(database)
    assert (status.before, status.after) == ("0003", "0004")
    descriptions = {row[0] for row in database.reader().rows("SELECT description FROM budget_line")}
    assert descriptions == {f"Erased person {ann} (Analyst), 0.5 FTE"}
    assert budget_events_naming(database, "Ann Lee") == 0
