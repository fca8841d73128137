"""Every table of a SQLite database read as of one moment, a chunk of rows at a time.

One read transaction spans the whole export, so a change saved meanwhile (the app
open beside the command) is either all in the file or not at all. Rows come out
sorted by primary key, ``CHUNK_ROWS`` at a time, as logical values (see
``columns``), so memory stays flat however large the table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.db.database import Database
from app.db.sqlite import BUSY_TIMEOUT_MS
from app.errors import UserError
from app.io.database_file.columns import TableSpec, table_specs

CHUNK_ROWS = 5_000


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Snapshot:
    """One read transaction on the database: its revision, each table's row count and rows."""

    def __init__(self, connection: sqlite3.Connection, revision: str) -> None:
        self._connection = connection
        self.revision = revision
        self.tables = table_specs()
        self.counts = {table.name: self._count(table) for table in self.tables}

    def _count(self, table: TableSpec) -> int:
        count: int = self._connection.execute(f"SELECT count(*) FROM {_quoted(table.name)}").fetchone()[0]
        return count

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


@contextmanager
def snapshot(database: Database) -> Iterator[Snapshot]:
    """A consistent read of ``database`` (a SQLite file at this app's schema), for one export."""
    from app.db.migrations import HEAD
    from app.db.schema import current_revision

    if database.sqlite_path is None:
        raise UserError(
            "`steward export` reads SQLite files; export a database server's data with the server's own tools."
        )
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
