"""Writing behind the services' back, as another program would, on either backend.

Tests use it to set up a state the services refuse to make (a row with history, a
broken reference) or to prove the database itself refuses a write. One transaction,
``:name`` parameters, the same SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from app.db.database import Database


def write(database: Database, sql: str, **params: Any) -> int:
    """Run one statement in its own committed transaction; the number of rows it touched."""
    from sqlalchemy import text

    with database.engine.begin() as connection:
        return int(connection.execute(text(sql), params).rowcount)


def insert(database: Database, sql: str, **params: Any) -> int:
    """Run one ``INSERT`` of one row in its own committed transaction; the new row's id."""
    from sqlalchemy import text

    with database.engine.begin() as connection:
        return int(connection.execute(text(f"{sql} RETURNING id"), params).scalar_one())


def insert_row(database: Database, table: str, **values: Any) -> int:
    """Insert one row of ``table`` holding ``values`` (column names as keywords); the new row's id."""
    columns = ", ".join(values)
    placeholders = ", ".join(f":{column}" for column in values)
    return insert(database, f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", **values)
