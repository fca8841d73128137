"""What a PostgreSQL server needs that a SQLite file does not.

SQLite hands out the next id as one more than the table's largest, whoever wrote
it; PostgreSQL keeps a sequence per table that only its own defaults move. Rows
inserted with their ids given (the demo's bulk inserts, a loaded file) must move
the sequences on, or the next insert through the services collides with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def advance_id_sequences(connection: Connection, tables: Iterable[str]) -> None:
    """Move each table's ``id`` sequence past its largest id (nothing on other backends, or without one)."""
    if connection.dialect.name != "postgresql":
        return
    from sqlalchemy import text

    from models.tables import metadata

    for name in tables:
        table = metadata.tables[name]
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence(:table, 'id'), coalesce(max(id), 0) + 1, false) FROM {name}"),
            {"table": name},
        )
