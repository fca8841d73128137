"""Fast reads: plain SQL with ``:name`` parameters, returning tuples.

The views and the analysis read through here, never through ORM objects: a
columnar fetch of 450k assessments is ~20× faster than loading them as objects.
For SQLite it is the standard library's ``sqlite3`` (one connection per thread,
``query_only`` so a read can never write); for any other URL, the SQLAlchemy
engine with ``text()``, which takes the same ``:name`` parameters.

The rows are the same on every backend: what SQLite stores. A PostgreSQL date
comes back as its ISO text (``2026-03-03``), a timestamp as the text SQLAlchemy
writes into SQLite (``2026-03-03 09:10:00.000000``) and a boolean as 0 or 1, so
the code above (and every JSON and spreadsheet it writes) needs no second case.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, cast

from app.db.sqlite import BUSY_TIMEOUT_MS
from app.errors import DatabaseClosed

if TYPE_CHECKING:
    from app.db.database import Database

Row = tuple[Any, ...]


def _timestamp_as_stored(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="microseconds")


def _date_as_stored(value: date) -> str:
    return value.isoformat()


def _boolean_as_stored(value: bool) -> int:
    return int(value)


# PostgreSQL's built-in type ids (fixed forever) whose values SQLite stores differently, and how SQLite stores them.
_AS_SQLITE_STORES: dict[int, Callable[[Any], Any]] = {
    16: _boolean_as_stored,  # boolean
    1082: _date_as_stored,  # date
    1114: _timestamp_as_stored,  # timestamp
    1184: _timestamp_as_stored,  # timestamp with time zone
}

Converters = list[Callable[[Any], Any] | None]


def stored_forms(description: Sequence[Sequence[Any]]) -> Converters:
    """Per column of a PostgreSQL result (its DB-API ``description``), how to turn a value into SQLite's form."""
    return [_AS_SQLITE_STORES.get(cast(int, column[1])) for column in description]  # [1]: the type id


def as_stored_in_sqlite(rows: Sequence[Sequence[Any]], converters: Converters) -> list[Row]:
    """``rows`` of a PostgreSQL result as SQLite would hold them (see :func:`stored_forms`)."""
    if not any(converters):
        return [tuple(row) for row in rows]
    return [
        tuple(
            value if convert is None or value is None else convert(value)
            for value, convert in zip(row, converters, strict=True)
        )
        for row in rows
    ]


class Reader:
    """Runs read-only SQL against one database; safe to share between threads."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Reads in flight on any thread: ``close`` interrupts them and waits, because closing a
        # connection another thread is reading from crashes the process inside SQLite.
        self._idle = threading.Condition(self._lock)
        self._busy = 0
        self._closing = False

    def _sqlite(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            assert self._database.sqlite_path is not None
            connection = sqlite3.connect(
                f"file:{self._database.sqlite_path}?mode=ro",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,
            )
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA query_only=ON")
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """All rows of ``sql`` as tuples."""
        if self._database.sqlite_path is not None:
            with self._lock:
                if self._closing:
                    raise DatabaseClosed(f"{self._database.describe()} was closed")
                self._busy += 1
            try:
                return self._sqlite().execute(sql, dict(params or {})).fetchall()
            except sqlite3.OperationalError as error:
                if self._closing:
                    raise DatabaseClosed(f"{self._database.describe()} was closed") from error
                raise
            finally:
                with self._lock:
                    self._busy -= 1
                    self._idle.notify_all()
        from sqlalchemy import text

        with self._database.engine.connect() as connection:
            result = connection.execute(text(sql), dict(params or {}))
            columns = result.cursor.description or () if connection.dialect.name == "postgresql" else ()
            rows = result.fetchall()
        return as_stored_in_sqlite(rows, stored_forms(columns))

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def columns(self, sql: str, params: Mapping[str, Any] | None = None) -> tuple[Sequence[Any], ...]:
        """The result as one sequence per column (empty sequences when there is no row)."""
        found = self.rows(sql, params)
        if not found:
            return ()
        return tuple(zip(*found, strict=True))

    def close(self) -> None:
        """Close every thread's connection, first interrupting and awaiting the reads in flight."""
        with self._lock:
            self._closing = True
            for connection in self._connections:
                connection.interrupt()
            self._idle.wait_for(lambda: self._busy == 0, timeout=30)
            for connection in self._connections:
                connection.close()
            self._connections.clear()
            self._local = threading.local()
            self._closing = False
