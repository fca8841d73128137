"""Importing a whole-database file: into an empty database, all of it in one transaction, or nothing.

*Empty* means what ``steward init`` leaves: no row in any table but the default
taxonomy (level descriptors, skill areas, skills) and settings, and an audit trail
that records nothing but that taxonomy's seeding. The import replaces those with
the file's, so the database becomes the exported one row for row, ids included,
audit trail included.

The audit trail is append-only by triggers (revision 0003); inside the import's
transaction they are dropped, the seeding event removed, the file's events
inserted and the triggers created again from their own text, so no other client
ever sees the trail without them. Foreign keys are checked once, at the end
(``defer_foreign_keys``), so the file's rows may come in any order; a reference
to a row the file does not hold stops the import with the table and row named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.io.database_file.columns import TableSpec, table_specs
from app.io.database_file.reading import FileProblem, open_source
from app.io.database_file.snapshot import _quoted

# What an empty database may hold: the taxonomy ``steward init`` seeds, settings, and that seeding's event.
REPLACED_TABLES = ("level_descriptor", "skill", "skill_area", "setting", "audit_event")
INSERT_CHUNK_ROWS = 5_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote (or, for a dry run, would write): rows per table."""

    path: Path
    counts: dict[str, int]
    exported_at: str
    app_version: str

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


class _DryRun(Exception):
    """Raised at the end of a dry run so that the unit of work rolls everything back."""

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__()
        self.summary = summary


def import_database(
    database: Database, path: str | Path, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Load the whole-database file at ``path`` (JSON or XLSX) into the empty ``database``.

    Raises ``UserError`` with one sentence, and writes nothing, for a database that is
    not empty, a file that is not a whole-database file of this schema, or a file
    with any value, count or reference wrong. ``dry_run`` checks everything, the
    database's rules included, then rolls back. ``progress(done, total)`` is called
    after each chunk of rows.
    """
    from app.db.migrations import HEAD
    from app.services.unit import unit_of_work

    source_path = Path(path)
    if not database.is_sqlite or database.sqlite_path is None:
        raise UserError("A whole-database file is imported into a SQLite file; import it into a new one with --db.")
    try:
        with open_source(source_path, revision=HEAD) as source, unit_of_work(database) as unit:
            connection = unit.session.connection()
            refuse_unless_empty(connection, database)
            counts = _load(connection, source, progress)
            summary = ImportSummary(
                path=source_path,
                counts=counts,
                exported_at=str(source.header.get("exported_at", "")),
                app_version=str(source.header.get("app_version", "")),
            )
            if dry_run:
                raise _DryRun(summary)
    except _DryRun as finished:
        return finished.summary
    except FileProblem as problem:
        raise UserError(f"{source_path} cannot be imported: {problem}; nothing was imported.") from None
    return summary


def _load(connection: Any, source: Any, progress: Progress | None) -> dict[str, int]:
    declared: dict[str, int] = source.declared_counts
    total = sum(declared.values())
    connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    triggers = _drop_audit_triggers(connection)
    for name in REPLACED_TABLES:
        connection.exec_driver_sql(f"DELETE FROM {_quoted(name)}")
    counts: dict[str, int] = {}
    done = 0
    for table, chunks in source.tables():
        continue_counting = counts.get(table.name, 0)  # more than 0 for a table continued on another sheet
        statement = _insert_statement(table)
        converters = [(index, column.to_storage) for index, column in enumerate(table.columns) if column.to_storage]
        for rows in chunks:
            _insert(connection, table, statement, [_stored(row, converters) for row in rows])
            continue_counting += len(rows)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        counts[table.name] = continue_counting
    _check_counts(declared, counts)
    _check_references(connection)
    for sql in triggers:
        connection.exec_driver_sql(sql)
    return counts


def _stored(row: tuple[Any, ...], converters: list[tuple[int, Any]]) -> tuple[Any, ...]:
    if not converters:
        return row
    values = list(row)
    for index, convert in converters:
        if values[index] is not None:
            values[index] = convert(values[index])
    return tuple(values)


def _insert_statement(table: TableSpec) -> str:
    columns = ", ".join(_quoted(name) for name in table.column_names)
    marks = ", ".join("?" for _ in table.columns)
    return f"INSERT INTO {_quoted(table.name)} ({columns}) VALUES ({marks})"


def _insert(connection: Any, table: TableSpec, statement: str, rows: list[tuple[Any, ...]]) -> None:
    from sqlalchemy.exc import IntegrityError

    try:
        connection.exec_driver_sql(statement, rows)
    except IntegrityError as error:
        first = rows[0][0] if rows else None
        raise FileProblem(
            f"table {table.name} breaks a rule of the database ({error.orig}) in its rows from {table.primary_key[0]} "
            f"{first} on"
        ) from None


def _check_counts(declared: dict[str, int], found: dict[str, int]) -> None:
    expected = {table.name for table in table_specs()}
    missing = sorted(expected - set(found))
    if missing:
        raise FileProblem(f"it has no table {missing[0]}, which every whole-database file holds")
    for name in sorted(expected):
        if declared.get(name) != found[name]:
            raise FileProblem(
                f"table {name} holds {found[name]:,} rows where the file's header says {declared.get(name)}; "
                "the file is incomplete or was changed"
            )


def _check_references(connection: Any) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise FileProblem(
            f"row {rowid} of table {table} refers to a {parent} the file does not hold"
            + (f" ({len(broken):,} such references)" if len(broken) > 1 else "")
        )


def _drop_audit_triggers(connection: Any) -> list[str]:
    """Drop the audit trail's triggers for this transaction; returns their SQL to create them again."""
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
    ).fetchall()
    for name, _ in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER {_quoted(name)}")
    return [sql for _, sql in triggers]


def refuse_unless_empty(connection: Any, database: Database) -> None:
    """``UserError`` unless the database holds nothing but what ``steward init`` put there."""
    from app.services.change import Action, Entity

    held = []
    for table in table_specs():
        if table.name in REPLACED_TABLES:
            continue
        count = connection.exec_driver_sql(f"SELECT count(*) FROM {_quoted(table.name)}").scalar_one()
        if count:
            held.append(f"{count:,} {table.name.replace('_', ' ')} {'row' if count == 1 else 'rows'}")
    events = connection.exec_driver_sql(
        "SELECT count(*) FROM audit_event WHERE NOT (entity = ? AND action = ?)", (Entity.TAXONOMY, Action.SEEDED)
    ).scalar_one()
    if events:
        held.append(f"an audit trail of {events:,} {'change' if events == 1 else 'changes'}")
    if held:
        raise UserError(
            f"{database.describe()} is not empty (it holds {', '.join(held[:3])}); "
            "a whole-database file is imported only into a new database, such as one `steward --db NEW.db init` makes."
        )


def database_is_empty(database: Database) -> bool:
    """Whether an import would be allowed into ``database`` (what the app asks before offering one)."""
    if not database.is_sqlite or database.sqlite_path is None:
        return False  # imports go into SQLite files only (see import_database)
    try:
        with database.engine.connect() as connection:
            refuse_unless_empty(connection, database)
    except UserError:
        return False
    return True
