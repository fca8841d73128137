"""Fast reads: plain SQL with ``:name`` parameters, returning tuples.

The views and the analysis read through here, never through ORM objects: a
columnar fetch of 450k assessments is ~20× faster than loading them as objects.
For SQLite it is the standard library's ``sqlite3`` (one connection per thread,
``query_only`` so a read can never write); for any other URL, the SQLAlchemy
engine with ``text()``, which takes the same ``:name`` parameters.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from app.db.sqlite import BUSY_TIMEOUT_MS
from app.errors import DatabaseClosed

if TYPE_CHECKING:
    from app.db.database import Database

Row = tuple[Any, ...]


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
            return [tuple(row) for row in connection.execute(text(sql), dict(params or {}))]

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
