"""The audit trail is append-only in the database itself; the privacy erasure is the one sanctioned rewrite."""

from __future__ import annotations

import sqlite3

import pytest

from app.db.database import Database
from app.services import people


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
def test_no_one_can_change_or_delete_an_audit_event_not_even_in_a_sqlite_shell(
    database: Database, statement: str, sentence: str
) -> None:
    person_id = people.create_person(database, name="Ann Lee", email="ann@example.org", department="Data").ids[0]
    before = events_of(database, person_id)
    assert before and before[0][2] is not None
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as connection, pytest.raises(sqlite3.DatabaseError, match=sentence):
        connection.execute(statement)
    assert events_of(database, person_id) == before


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
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as connection, pytest.raises(sqlite3.DatabaseError):
        connection.execute("UPDATE audit_event SET before = NULL, after = NULL WHERE entity_id = ?", (bob,))
