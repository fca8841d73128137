"""The database read back in the model's shape, with a plain ``sqlite3`` connection of its own.

Reading through the standard library and not through Steward's reader keeps the
check independent of the code it checks. Each table becomes a dict of rows by id
holding the columns the model keeps (``tests.app.stateful.model``), values turned
into what the model holds (amounts as ``Decimal``, days as ``date``, flags as ``bool``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from app.money import from_cents


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value)[:10])


def _flag(value: Any) -> bool:
    return bool(value)


Convert = Callable[[Any], Any]
# Per table: its columns as the model names them, with a converter where the stored value differs.
COLUMNS: dict[str, dict[str, Convert | None]] = {
    "person": {
        "name": None,
        "email": None,
        "department": None,
        "title": None,
        "capacity_fte": None,
        "cost_rate": from_cents,
        "active": _flag,
        "erased_on": _day,
    },
    "assessment": {
        "person_id": None,
        "skill_id": None,
        "level": None,
        "assessed_on": _day,
        "source": None,
        "note": None,
    },
    "project": {"name": None, "description": None, "stage": None},
    "membership": {"project_id": None, "person_id": None, "role": None, "allocation": None},
    "policy": {"project_id": None, "title": None, "category": None, "status": None},
    "policy_version": {"policy_id": None, "number": None, "text": None, "change_summary": None, "published_on": _day},
    "backlog_item": {
        "project_id": None,
        "title": None,
        "points": None,
        "rank": None,
        "status": None,
        "sprint_id": None,
    },
    "sprint": {"project_id": None, "name": None, "state": None, "start_on": _day, "end_on": _day},
    "budget_plan": {
        "project_id": None,
        "name": None,
        "fiscal_year": None,
        "currency": None,
        "state": None,
        "revision": None,
        "revision_of_id": None,
        "approved_by_id": None,
        "approved_on": _day,
    },
    "budget_line": {
        "plan_id": None,
        "category": None,
        "description": None,
        "period_kind": None,
        "period_number": None,
        "stage": None,
        "planned": from_cents,
        "actual": from_cents,
        "note": None,
        "labour_person_id": None,
    },
}


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the file, closed after use."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def read_table(connection: sqlite3.Connection, table: str) -> dict[int, dict[str, Any]]:
    columns = COLUMNS[table]
    rows = connection.execute(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
    found: dict[int, dict[str, Any]] = {}
    for row_id, *values in rows:
        found[row_id] = {
            name: (convert(value) if convert is not None else value)
            for (name, convert), value in zip(columns.items(), values, strict=True)
        }
    return found


def history_counts(connection: sqlite3.Connection) -> dict[int, int]:
    return dict(connection.execute("SELECT item_id, count(*) FROM item_history GROUP BY item_id").fetchall())


def latest_history(connection: sqlite3.Connection) -> dict[int, tuple[str, int | None, int | None]]:
    """Each item's newest history row (status, sprint, points): it must say what the item says now."""
    rows = connection.execute(
        "SELECT item_id, status, sprint_id, points FROM item_history ORDER BY item_id, changed_at, id"
    ).fetchall()
    return {item_id: (status, sprint_id, points) for item_id, status, sprint_id, points in rows}


def commitments(connection: sqlite3.Connection) -> set[tuple[int, int, int | None]]:
    return set(connection.execute("SELECT sprint_id, item_id, points FROM sprint_commitment").fetchall())


def audit_events_after(connection: sqlite3.Connection, last_id: int) -> list[tuple[int, str, str, int | None]]:
    return connection.execute(
        "SELECT id, entity, action, entity_id FROM audit_event WHERE id > ? ORDER BY id", (last_id,)
    ).fetchall()


def health(connection: sqlite3.Connection) -> tuple[list[str], list[tuple[Any, ...]]]:
    """``PRAGMA integrity_check``'s lines and ``foreign_key_check``'s findings."""
    integrity = [line for (line,) in connection.execute("PRAGMA integrity_check").fetchall()]
    return integrity, connection.execute("PRAGMA foreign_key_check").fetchall()
