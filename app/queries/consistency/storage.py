"""The file itself: SQLite's integrity check, its foreign-key check, and amounts stored as whole cents.

These find what no Steward service can make: a damaged file, or rows written by
another tool with the foreign keys off. The advice is the backup. On a PostgreSQL
server the references are checked by a query per foreign key of the models (a
superuser's replica session writes past them); the server keeps its own pages, and
its money columns hold whole numbers only.
"""

from __future__ import annotations

from collections import defaultdict

from app.db.reader import Reader
from app.queries.consistency.findings import RESTORE, Finding, ids_text, plural, row_ids, rows_finding

# How many of SQLite's own messages a finding quotes (a damaged file can have thousands).
QUOTED_MESSAGES = 3


def integrity(reader: Reader, *, where: str) -> list[Finding]:
    """``PRAGMA integrity_check``: pages, indexes and constraints as the file holds them."""
    messages = [str(row[0]) for row in reader.rows("PRAGMA integrity_check")]
    if messages == ["ok"]:
        return []
    quoted = "; ".join(messages[:QUOTED_MESSAGES])
    more = f" (and {len(messages) - QUOTED_MESSAGES} more)" if len(messages) > QUOTED_MESSAGES else ""
    return [
        Finding(
            "integrity",
            f"SQLite's integrity check finds the file damaged: {quoted}{more}.",
            where,
            f"{RESTORE[:-1]}, and keep this file aside until the restored one checks healthy.",
        )
    ]


def foreign_keys(reader: Reader) -> list[Finding]:
    """``PRAGMA foreign_key_check``: rows naming a row of another table that is not there."""
    broken: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for table, rowid, parent, _key in reader.rows("PRAGMA foreign_key_check"):
        broken[(str(table), str(parent))].append(int(rowid))
    return [
        rows_finding(
            "foreign_keys",
            f"Rows of {table} refer to records that do not exist in {parent}: {plural(len(ids), 'row')}.",
            table,
            sorted(ids),
        )
        for (table, parent), ids in sorted(broken.items())
    ]


def references(reader: Reader) -> list[Finding]:
    """What ``foreign_keys`` finds, by one query per foreign key of the models (for a database server)."""
    from models.tables import metadata

    broken: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    for table in metadata.sorted_tables:
        row_key = next(iter(table.primary_key.columns)).name
        for key in table.foreign_key_constraints:
            if len(key.elements) != 1:
                continue
            (element,) = key.elements
            child, parent, parent_column = element.parent.name, key.referred_table.name, element.column.name
            rows = reader.rows(
                f"SELECT c.{row_key} FROM {table.name} AS c WHERE c.{child} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {parent} AS p WHERE p.{parent_column} = c.{child})"
            )
            broken[(table.name, parent)].update(int(row[0]) for row in rows)
    return [
        Finding(
            "foreign_keys",
            f"Rows of {table} refer to records that do not exist in {parent}: {plural(len(ids), 'row')}.",
            f"table {table}, {ids_text(sorted(ids))}",
            RESTORE,
            table,
            tuple(sorted(ids)),
        )
        for (table, parent), ids in sorted(broken.items())
        if ids
    ]


def money_columns() -> list[tuple[str, str]]:
    """Every (table, column) holding money (``models.base.Money``), read from the tables' metadata."""
    from models.base import Money
    from models.tables import metadata

    return [
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Money)
    ]


def money_storage(reader: Reader) -> list[Finding]:
    """Amounts are whole cents; a real or a text there reads as a wrong amount or not at all."""
    findings = []
    for table, column in money_columns():
        ids = row_ids(
            reader, f"SELECT id FROM {table} WHERE {column} IS NOT NULL AND typeof({column}) <> 'integer' ORDER BY id"
        )
        if ids:
            findings.append(
                rows_finding(
                    "money",
                    f"{table}.{column} holds amounts that are not whole cents ({plural(len(ids), 'row')}), "
                    "so Steward reads them wrong.",
                    table,
                    ids,
                )
            )
    return findings
