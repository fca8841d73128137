"""Rows out: the demo's bulk inserts, with the ids handed out here, and the recipe's amounts in cents.

Rows go in as SQLAlchemy Core bulk inserts, and the ids of rows that others refer to
are handed out here (the next free id of each table), so that no insert has to wait
for a generated key. That is what keeps the large scale to seconds; ORM objects
would take minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

Row = dict[str, Any]

# Inserts run in this order so that every foreign key points at a row already written.
TABLE_ORDER = (
    "skill_area",
    "skill",
    "person",
    "assessment",
    "certification",
    "project",
    "membership",
    "skill_requirement",
    "policy",
    "policy_version",
    "sign_off",
    "sprint",
    "backlog_item",
    "item_history",
    "sprint_commitment",
    "feedback",
    "budget_plan",
    "budget_line",
)
INSERT_CHUNK_ROWS = 20_000


class Writer:
    """Bulk inserts on one connection: ids handed out here, rows counted per table."""

    def __init__(self, connection: Connection) -> None:
        from models.tables import metadata

        self._connection = connection
        self._tables = metadata.tables
        self._next_ids: dict[str, int] = {}
        self.counts: Counter[str] = Counter()

    def next_id(self, table: str) -> int:
        if table not in self._next_ids:
            from sqlalchemy import func, select

            highest = self._connection.execute(select(func.max(self._tables[table].c.id))).scalar()
            self._next_ids[table] = (highest or 0) + 1
        value = self._next_ids[table]
        self._next_ids[table] = value + 1
        return value

    def insert(self, table: str, rows: Sequence[Row]) -> None:
        from sqlalchemy import insert

        statement = insert(self._tables[table])
        for start in range(0, len(rows), INSERT_CHUNK_ROWS):
            self._connection.execute(statement, list(rows[start : start + INSERT_CHUNK_ROWS]))
        self.counts[table] += len(rows)


def cents(amount: str) -> int:
    """A recipe's amount ("1250.50") in whole cents, as budget lines and cost rates are computed."""
    return int(Decimal(amount) * 100)
