"""Every table of a database read as of one moment, a chunk of rows at a time.

One read transaction spans the whole export, so a change saved meanwhile (the app
open beside the command, a colleague on the server) is either all in the file or not
at all. Rows come out sorted by primary key, ``CHUNK_ROWS`` at a time, as logical
values (see ``columns``), so memory stays flat however large the table. A SQLite
file is read with ``sqlite3``; a PostgreSQL server in one read-only repeatable-read
transaction, through server-side cursors, its values turned into SQLite's forms
(``app.db.reader``) so that the rest of the export is the same for both.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.db.database import Database
from app.db.reader import Row, as_stored_in_sqlite, stored_forms
from app.db.sqlite import BUSY_TIMEOUT_MS
from app.errors import UserError
from app.io.database_file.columns import TableSpec, table_specs

CHUNK_ROWS = 5_000


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Snapshot:
    """One read transaction on the database: its revision, each table's row count and rows."""

    def __init__(self, connection: sqlite3.Connection | _ServerReads, revision: str) -> None:
        self._connection = connection
        self.revision = revision
        self.tables = table_specs()
        self.counts = {table.name: self._count(table) for table in self.tables}

    def _count(self, table: TableSpec) -> int:
        row = self._connection.execute(f"SELECT count(*) FROM {_quoted(table.name)}").fetchone()
        assert row is not None  # a count always has its row
        return int(row[0])

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())

    def chunks(self, table: TableSpec, *, stored: bool = False) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of ``table`` by primary key, as logical values (or as stored), ``CHUNK_ROWS`` at a time."""
        columns = ", ".join(_quoted(name) for name in table.column_names)
        order = ", ".join(_quoted(name) for name in table.primary_key)
        cursor = self._connection.execute(f"SELECT {columns} FROM {_quoted(table.name)} ORDER BY {order}")
        converters = [(index, column.from_storage) for index, column in enumerate(table.columns) if column.from_storage]
        while rows := cursor.fetchmany(CHUNK_ROWS):
            if stored or not converters:
                yield rows
                continue
            converted = []
            for row in rows:
                values = list(row)
                for index, convert in converters:
                    if values[index] is not None:
                        values[index] = convert(values[index])
                converted.append(tuple(values))
            yield converted


class _ServerCursor:
    """A PostgreSQL server-side cursor whose rows come out as SQLite stores them."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        self._converters = stored_forms(cursor.description or ())

    def fetchone(self) -> Row | None:
        rows = self.fetchmany(1)
        return rows[0] if rows else None

    def fetchmany(self, size: int) -> list[Row]:
        return as_stored_in_sqlite(self._cursor.fetchmany(size), self._converters)


class _ServerReads:
    """The part of ``sqlite3.Connection`` a ``Snapshot`` uses, on a psycopg connection inside its transaction."""

    def __init__(self, driver: Any) -> None:
        self._driver = driver
        self._names = itertools.count(1)

    def execute(self, sql: str) -> _ServerCursor:
        cursor = self._driver.cursor(name=f"steward_export_{next(self._names)}")  # rows stay on the server
        cursor.execute(sql)
        return _ServerCursor(cursor)


@contextmanager
def _server_snapshot(database: Database, revision: str) -> Iterator[Snapshot]:
    from sqlalchemy.exc import DBAPIError

    try:
        with database.engine.connect() as connection:
            reading = connection.execution_options(isolation_level="REPEATABLE READ")
            with reading.begin():
                reading.exec_driver_sql("SET TRANSACTION READ ONLY")
                driver = reading.connection.driver_connection
                yield Snapshot(_ServerReads(driver), revision)
    except DBAPIError as error:
        raise UserError(f"{database.describe()} could not be read: {error.orig}.") from error


@contextmanager
def snapshot(database: Database) -> Iterator[Snapshot]:
    """A consistent read of ``database`` (a SQLite file or a PostgreSQL server at this app's schema), for one export."""
    from app.db.migrations import HEAD
    from app.db.schema import current_revision

    if database.sqlite_path is None:
        if not database.url.startswith("postgresql"):
            raise UserError("`steward export` reads SQLite files and PostgreSQL servers; this is neither.")
        revision = current_revision(database)
        if revision != HEAD:
            raise UserError(
                f"{database.describe()} is at schema {revision} and this Steward writes schema {HEAD}; "
                "run `steward init` to upgrade it, then export."
            )
        with _server_snapshot(database, HEAD) as source:
            yield source
        return
    if not database.exists():
        raise UserError(f"There is no database at {database.sqlite_path} to export.")
    revision = current_revision(database)  # refuses a file that is not a Steward database
    if revision != HEAD:
        raise UserError(
            f"{database.describe()} is at schema {revision} and this Steward writes schema {HEAD}; "
            "run `steward init` to upgrade it, then export."
        )
    connection = sqlite3.connect(
        f"file:{database.sqlite_path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
    )
    try:
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        connection.execute("BEGIN")
        yield Snapshot(connection, revision or HEAD)
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        raise UserError(f"{database.describe()} could not be read: {error}.") from error
    finally:
        connection.close()
