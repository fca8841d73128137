"""The audit trail is append-only in the database itself: events cannot be changed or deleted.

Two triggers refuse ``UPDATE`` and ``DELETE`` on ``audit_event``, whoever asks (the
app, the command line, a SQLite shell or ``psql``); on PostgreSQL a third refuses
``TRUNCATE``. The one sanctioned rewrite is the privacy
erasure: the field values (``before``, ``after``) of the events about a person who
has been erased may be cleared, and nothing else about them changes. The erasure
itself is an audit event like any other.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 02:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REFUSE_UPDATE = """
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

REFUSE_DELETE = """
CREATE TRIGGER audit_event_no_delete
BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: an audit event cannot be deleted.');
END
"""

# PostgreSQL: the same rule as one PL/pgSQL function behind three triggers (TRUNCATE skips row triggers).
POSTGRES_FUNCTION = """
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

POSTGRES_TRIGGERS = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event"
    " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event"
    " FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
)


def upgrade() -> None:
    # The triggers bind every login, even the table's owner; the team server's roles add that no one but
    # Steward's own is granted UPDATE or DELETE on audit_event at all.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(REFUSE_UPDATE)
        op.execute(REFUSE_DELETE)
    elif dialect == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        for trigger in POSTGRES_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    elif dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only() CASCADE")  # and its triggers
