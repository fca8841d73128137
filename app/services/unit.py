"""The unit of work every service runs in: one transaction, audit included.

``with unit_of_work(database) as unit:`` opens a session in a ``BEGIN IMMEDIATE``
transaction; ``unit.audit(...)`` adds an audit event to the same transaction, and
``unit.record`` / ``create`` / ``update`` / ``set_values`` / ``delete`` are the endings most services
share (write one row, audit it, return its ``Change``), so each says them once.
Database rule violations (unique, check, foreign key) come out as ``UserError``
with a sentence from ``app.services.errors``, and a disk that refuses (full,
read-only, gone, failing, damaged) as one sentence naming the database
(:func:`storage_problem`); nothing is half-written.
"""

from __future__ import annotations

import getpass
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Entity
from app.services.change import Change as Change  # re-exported for callers that import it from here
from app.services.fields import apply_changes, snapshot

if TYPE_CHECKING:
    from app.services.footprint import Footprint

RowKey = tuple[str, Any]
RowT = TypeVar("RowT")


def missing(what: str, row_id: Any, *, sentence: str | None = None) -> str:
    """The sentence for a row that is not there: "<What> <id> does not exist (it may have been deleted).".

    ``sentence`` replaces it where a service says more or less; ``{id}`` in it is the row's id.
    """
    if sentence is not None:
        return sentence.format(id=row_id)
    return f"{what[0].upper()}{what[1:]} {row_id} does not exist (it may have been deleted)."


@cache
def current_actor() -> str:
    """Who is making changes: the operating-system user name."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (some containers)
        return "unknown"


def to_json_value(value: Any) -> Any:
    """A value as it goes into an audit event's JSON (enums by value, money as text)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class Unit:
    """One transaction's session plus its audit trail, and the rows it wrote (its footprint)."""

    def __init__(self, session: Any, actor: str, database: Database | None = None) -> None:
        self.session = session
        self.actor = actor
        self.database = database
        # (table, primary key) of every row this transaction inserted, changed or deleted.
        self.touched: set[RowKey] = set()

    def _note_flush(self, session: Any, _context: Any) -> None:
        from sqlalchemy import inspect

        for instance in (*session.new, *session.dirty, *session.deleted):
            mapper = inspect(instance).mapper
            key = mapper.primary_key_from_instance(instance)
            if len(key) == 1 and key[0] is not None:
                self.touched.add((mapper.local_table.name, key[0]))

    def footprint(self) -> Footprint:
        """The rows this transaction wrote, as they stand now (flushed first)."""
        from app.services.footprint import read_footprint

        self.session.flush()
        return read_footprint(self.session, self.touched)

    def audit(
        self,
        *,
        entity: Entity,
        entity_id: int | None,
        action: Action,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        reason: str = "",
    ) -> None:
        from models.audit import AuditEvent

        def dump(values: Mapping[str, Any] | None) -> str | None:
            if values is None:
                return None
            return json.dumps({key: to_json_value(value) for key, value in values.items()}, sort_keys=True)

        if entity_id is not None:
            self.touched.add((entity, entity_id))
        self.session.add(
            AuditEvent(
                at=datetime.now(UTC),
                actor=self.actor,
                entity=entity,
                entity_id=entity_id,
                action=action,
                before=dump(before),
                after=dump(after),
                reason=reason,
            )
        )

    def get(self, model: type[RowT], row_id: int | None, *, what: str, sentence: str | None = None) -> RowT:
        """The row of ``model`` with ``row_id``, or a ``UserError`` saying it does not exist (see :func:`missing`)."""
        row: RowT | None = self.session.get(model, row_id) if row_id is not None else None
        if row is None:
            raise UserError(missing(what, row_id, sentence=sentence))
        return row

    def record(
        self,
        entity: Entity,
        entity_id: int,
        action: Action,
        *,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        reason: str = "",
        details: Mapping[str, Any] | None = None,
    ) -> Change:
        """Audit what happened to one row and return it as the call's ``Change``: how most services end."""
        self.audit(entity=entity, entity_id=entity_id, action=action, before=before, after=after, reason=reason)
        if details is None:
            return Change(entity=entity, action=action, ids=(entity_id,))
        return Change(entity=entity, action=action, ids=(entity_id,), details=details)

    def insert(self, row: Any) -> int:
        """Add ``row`` and flush it, so that the database gives it its id; returns the id."""
        self.session.add(row)
        self.flush()
        row_id: int | None = row.id
        assert row_id is not None  # the flush gave it its id
        return row_id

    def create(
        self, entity: Entity, row: Any, *, after: Mapping[str, Any], details: Mapping[str, Any] | None = None
    ) -> Change:
        """Insert ``row`` and audit it as created with ``after``: how a service that adds one row ends."""
        return self.record(entity, self.insert(row), Action.CREATED, after=after, details=details)

    def update(
        self,
        entity: Entity,
        row_id: int,
        row: Any,
        values: Mapping[str, Any],
        *,
        action: Action = Action.UPDATED,
        reason: str = "",
        details: Mapping[str, Any] | None = None,
        details_with_changes: bool = False,
        unchanged_details: Mapping[str, Any] | None = None,
        on_change: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
    ) -> Change:
        """Set those of ``values`` that differ on ``row`` and audit them, before and after: how an edit ends.

        When nothing differs nothing is written or audited and the Change is ``UNCHANGED``
        (with ``unchanged_details``, if any). Otherwise ``on_change(before, after)`` runs
        first (a further check or write that only a real change needs), and the Change
        carries ``details``, followed by the changed fields when ``details_with_changes``.
        """
        before, after = apply_changes(row, values)
        if not after:
            if unchanged_details is None:
                return Change(entity=entity, action=Action.UNCHANGED, ids=(row_id,))
            return Change(entity=entity, action=Action.UNCHANGED, ids=(row_id,), details=unchanged_details)
        if on_change is not None:
            on_change(before, after)
        self.flush()
        if details_with_changes:
            details = {**(details or {}), **after}
        return self.record(entity, row_id, action, before=before, after=after, reason=reason, details=details)

    def set_values(
        self,
        entity: Entity,
        row_id: int,
        row: Any,
        values: Mapping[str, Any],
        *,
        action: Action,
        before: Mapping[str, Any] | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Change:
        """Set every one of ``values`` on ``row`` and audit them as ``action``: a move the service has judged.

        Unlike :meth:`update` nothing is compared: each value is written and audited after
        what the row held, or after ``before`` where the audit keeps less than that.
        """
        if before is None:
            before = snapshot(row, values)
        for key, value in values.items():
            setattr(row, key, value)
        self.flush()
        return self.record(entity, row_id, action, before=before, after=values, details=details)

    def delete(
        self,
        entity: Entity,
        row_id: int,
        row: Any,
        *,
        before: Mapping[str, Any],
        action: Action = Action.DELETED,
        details: Mapping[str, Any] | None = None,
    ) -> Change:
        """Delete ``row`` and audit it with what it held (``before``): how a service that removes one row ends."""
        self.session.delete(row)
        self.flush()
        return self.record(entity, row_id, action, before=before, details=details)

    def flush(self) -> None:
        """Send pending writes now, so rule violations surface inside the unit."""
        self.session.flush()


_active = threading.local()


@contextmanager
def unit_of_work(database: Database, *, actor: str | None = None) -> Iterator[Unit]:
    """One transaction; commits when the block ends, rolls back everything on error.

    A service called while another unit of the same database is open on this
    thread joins it instead of starting its own, so services compose: a
    service made of other services is still one transaction (a pasted block of
    budget lines changes all its lines or none). A rule violation says its
    sentence at the innermost unit, so the service that caused it can catch it
    as a ``UserError``; the whole transaction still rolls back.
    """
    outer: Unit | None = getattr(_active, "unit", None)
    if outer is not None and outer.database is database:
        with _database_errors_in_words(database):
            yield outer
        return
    _check_still_there(database)
    with _database_errors_in_words(database), database.session() as session:
        from sqlalchemy import event

        unit = Unit(session, actor or current_actor(), database)
        event.listen(session, "after_flush", unit._note_flush)
        _active.unit = unit
        try:
            yield unit
        finally:
            _active.unit = None


# SQLite's primary result codes for a disk or file that refused, not a rule of the data.
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
# What became of the work, by what was being done when the disk refused.
SAVE_FAILED = "the change was not saved"
READ_FAILED = "nothing could be read from it and nothing was changed"


def _sqlite_code(error: BaseException) -> int | None:
    """SQLite's primary result code of ``error`` (raw ``sqlite3`` or wrapped by SQLAlchemy), if it has one."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def storage_problem(error: BaseException, where: str, *, outcome: str = SAVE_FAILED) -> str | None:
    """The one sentence for a database its disk or file system refused (full, read-only, gone, failing, damaged).

    ``where`` names the database; ``outcome`` says what became of the work (:data:`SAVE_FAILED`,
    :data:`READ_FAILED`). ``None`` when ``error`` is something else (a bug, a rule of the data).
    """
    code = _sqlite_code(error)
    if code == _SQLITE_FULL:
        return f"The disk is full: {outcome} to {where}; free some space and try again."
    if code == _SQLITE_READONLY:
        return f"{where} is read-only (the file or its folder does not allow writing), so {outcome}."
    if code == _SQLITE_CANTOPEN:
        return (
            f"{where} cannot be opened any more (it or its folder may have been moved or deleted), so {outcome};"
            " open the database again from where it is now."
        )
    if code == _SQLITE_IOERR:
        return (
            f"The disk holding {where} reported an input/output error, so {outcome};"
            " check the disk (or the network share) and try again."
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return f"{where} is damaged, so {outcome}; run steward check on it or restore a backup."
    return None


def _check_still_there(database: Database) -> None:
    """Refuse to write to a database file that was deleted or moved while open.

    SQLite would go on writing into the vanished file's open handle, and every change after that would be lost.
    """
    path = database.sqlite_path
    if path is not None and not path.exists():
        raise UserError(
            f"{path} is no longer there (it or its folder may have been moved or deleted), so {SAVE_FAILED};"
            " open the database again from where it is now."
        )


# PostgreSQL's answer to a login that its role does not allow a change (a GRANT or a row-level policy).
_INSUFFICIENT_PRIVILEGE = "42501"


def out_of_reach(database: Database, table: str | None) -> str:
    """The sentence for a change a server's role refused: whose login, what, and who can change it."""
    from sqlalchemy.engine import make_url

    login = make_url(database.url).username or "this login"
    what = f"the {table.replace('_', ' ')} rows" if table else "those rows"
    return (
        f"Your login {login} may not make this change to {what} (its role on the server does not allow it);"
        " nothing was saved, and an administrator can change a login's role."
    )


def _table_named(message: str) -> str | None:
    import re

    found = re.search(r"""(?:for table|on table|relation) ['"]?([a-z_]+)['"]?""", message)
    return found.group(1) if found else None


@contextmanager
def _database_errors_in_words(database: Database) -> Iterator[None]:
    """Rule violations, a busy database and a disk that refused as one ``UserError`` sentence."""
    from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
    from sqlalchemy.orm.exc import StaleDataError

    from app.services.errors import integrity_message

    try:
        yield
    except IntegrityError as error:
        raise UserError(integrity_message(error)) from error
    except StaleDataError as error:
        if database.is_sqlite:
            raise
        # On a team's server, a row-level policy hides a row the login may not change: the update matched none.
        raise UserError(out_of_reach(database, _table_named(str(error)))) from error
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
            raise UserError(out_of_reach(database, _table_named(str(error.orig)))) from error
        sentence = storage_problem(error, database.describe())
        if sentence is not None:
            raise UserError(sentence) from error
        if not isinstance(error, OperationalError):
            raise
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            raise UserError(f"{database.describe()} is busy with another change; try again in a moment.") from error
        raise UserError(f"The database {database.describe()} could not be written: {error.orig}.") from error
