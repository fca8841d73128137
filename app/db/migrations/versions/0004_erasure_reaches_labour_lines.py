"""The privacy erasure reaches the budget: an erased person's labour lines and their audit events lose the name.

Labour lines are described from a member's name ("Priya Raman (Lead data
scientist), 0.8 FTE"), and every audit event of a budget line or plan that holds
such a line holds the name too. Revision 0003 let the erasure clear only the
events about the person; this revision also lets it rewrite the field values of
the budget events that hold an erased person's labour line (nothing else about
an event may change, and no other event), and completes the erasures made before:
their labour lines and those events now read "Erased person N (role), 0.8 FTE".

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 05:10:00
"""

from __future__ import annotations

import json
import re
from typing import Any

from alembic import op
from sqlalchemy import text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# What a labour line's description says after the name: " (role)" if any, then ", 0.8 FTE".
_AFTER_NAME = re.compile(r"(?: \([^()]*\))?, [0-9.]+ FTE$")

_SAME_EVENT = """
    NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.entity = OLD.entity
    AND NEW.entity_id IS OLD.entity_id AND NEW.action = OLD.action AND NEW.reason = OLD.reason
"""

REFUSE_UPDATE = f"""
CREATE TRIGGER audit_event_no_update
BEFORE UPDATE ON audit_event
WHEN NOT (
    (
        OLD.entity = 'person'
        AND NEW.before IS NULL AND NEW.after IS NULL
        AND {_SAME_EVENT}
        AND EXISTS (SELECT 1 FROM person WHERE person.id = OLD.entity_id AND person.erased_on IS NOT NULL)
    ) OR (
        OLD.entity IN ('budget_line', 'budget_plan')
        AND {_SAME_EVENT}
        AND EXISTS (
            SELECT 1 FROM person WHERE person.erased_on IS NOT NULL AND (
                instr(coalesce(OLD.before, '') || coalesce(OLD.after, ''), '"labour_person_id": ' || person.id || ',')
                OR instr(coalesce(OLD.before, '') || coalesce(OLD.after, ''), '"labour_person_id": ' || person.id || '}}')
            )
        )
    )
)
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: an audit event cannot be changed.');
END
"""

PREVIOUS_UPDATE = """
CREATE TRIGGER audit_event_no_update
BEFORE UPDATE ON audit_event
WHEN NOT (
    OLD.entity = 'person'
    AND NEW.before IS NULL AND NEW.after IS NULL
    AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.entity = OLD.entity
    AND NEW.entity_id IS OLD.entity_id AND NEW.action = OLD.action AND NEW.reason = OLD.reason
    AND EXISTS (SELECT 1 FROM person WHERE person.id = OLD.entity_id AND person.erased_on IS NOT NULL)
)
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: an audit event cannot be changed.');
END
"""

# PostgreSQL: revision 0003's function, widened the same way (its triggers stay and call it).
POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.entity = OLD.entity
        AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.action = OLD.action AND NEW.reason = OLD.reason
        AND (
            (
                OLD.entity = 'person'
                AND NEW.before IS NULL AND NEW.after IS NULL
                AND EXISTS (SELECT 1 FROM person WHERE person.id = OLD.entity_id AND person.erased_on IS NOT NULL)
            ) OR (
                OLD.entity IN ('budget_line', 'budget_plan')
                AND EXISTS (
                    SELECT 1 FROM person WHERE person.erased_on IS NOT NULL AND (
                        strpos(coalesce(OLD.before, '') || coalesce(OLD.after, ''),
                               '"labour_person_id": ' || person.id || ',') > 0
                        OR strpos(coalesce(OLD.before, '') || coalesce(OLD.after, ''),
                                  '"labour_person_id": ' || person.id || '}') > 0
                    )
                )
            )
        )
    THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'The audit trail is append-only: an audit event cannot be changed.';
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: an audit event cannot be deleted.';
END
$$
"""

PREVIOUS_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.entity = 'person'
        AND NEW.before IS NULL AND NEW.after IS NULL
        AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.entity = OLD.entity
        AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.action = OLD.action AND NEW.reason = OLD.reason
        AND EXISTS (SELECT 1 FROM person WHERE person.id = OLD.entity_id AND person.erased_on IS NOT NULL)
    THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'The audit trail is append-only: an audit event cannot be changed.';
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: an audit event cannot be deleted.';
END
$$
"""


def _erased_description(description: str, person_id: int) -> str:
    erased = f"Erased person {person_id}"
    if description.startswith(erased):
        return description
    tail = _AFTER_NAME.search(description)
    return erased + (tail.group(0) if tail else "")


def _scrubbed(value: Any, erased: set[int]) -> Any:
    if isinstance(value, dict):
        out = {key: _scrubbed(inner, erased) for key, inner in value.items()}
        person = value.get("labour_person_id")
        if person in erased and isinstance(value.get("description"), str):
            out["description"] = _erased_description(value["description"], int(person))
        return out
    if isinstance(value, list):
        return [_scrubbed(inner, erased) for inner in value]
    return value


def _complete_earlier_erasures() -> None:
    bind = op.get_bind()
    erased = {int(row[0]) for row in bind.execute(text("SELECT id FROM person WHERE erased_on IS NOT NULL"))}
    if not erased:
        return
    for line_id, person_id, description in bind.execute(
        text("SELECT id, labour_person_id, description FROM budget_line WHERE labour_person_id IS NOT NULL")
    ).fetchall():
        if int(person_id) in erased:
            fresh = _erased_description(str(description), int(person_id))
            if fresh != description:
                bind.execute(text("UPDATE budget_line SET description = :d WHERE id = :id"), {"d": fresh, "id": line_id})
    for event_id, before, after in bind.execute(
        text(
            "SELECT id, before, after FROM audit_event WHERE entity IN ('budget_line', 'budget_plan')"
            " AND (before LIKE '%labour_person_id%' OR after LIKE '%labour_person_id%')"
        )
    ).fetchall():
        values = {}
        for column, stored in (("before", before), ("after", after)):
            if stored:
                fresh = json.dumps(_scrubbed(json.loads(stored), erased), sort_keys=True)
                if fresh != stored:
                    values[column] = fresh
        if values:
            assignments = ", ".join(f"{column} = :{column}" for column in values)
            bind.execute(text(f"UPDATE audit_event SET {assignments} WHERE id = :id"), {**values, "id": event_id})


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute(REFUSE_UPDATE)
    elif dialect == "postgresql":
        op.execute(POSTGRES_FUNCTION)
    _complete_earlier_erasures()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute(PREVIOUS_UPDATE)
    elif dialect == "postgresql":
        op.execute(PREVIOUS_POSTGRES_FUNCTION)
