"""Create, check and upgrade a database's schema; refuse one newer than this app.

Opening a database asks one cheap question first (which revision is it at?) with
the standard library's ``sqlite3``; only when the answer is "none yet" or "older"
is Alembic imported. Before an upgrade of a SQLite file that holds data, a copy
is taken with SQLite's online backup API, beside the file.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.database import Database
from app.db.migrations import HEAD, MIGRATIONS_DIR, REVISIONS
from app.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

log = logging.getLogger("steward.db")


class SchemaStatus(NamedTuple):
    """What ``ensure_schema`` found and did."""

    before: str | None  # revision before (None: the database was empty)
    after: str
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def current_revision(database: Database) -> str | None:
    """The database's schema revision, or None for an empty database.

    Raises ``UserError`` for a file that is not a Steward database.
    """
    if database.sqlite_path is not None:
        return _sqlite_revision(database.sqlite_path)
    from sqlalchemy import inspect, text

    try:
        with database.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise UserError(
                    f"{database.describe()} already holds tables that are not Steward's; use an empty database."
                )
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except UserError:
        raise
    except Exception as error:
        raise UserError(f"Cannot open the database {database.describe()}: {error}.") from error


def _sqlite_revision(path: Path) -> str | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return None
            if "alembic_version" not in tables:
                raise UserError(f"{path} is a SQLite database but not a Steward one; choose another file.")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise UserError(f"{path} is not a database Steward can read ({error}).") from error


def ensure_schema(database: Database, *, script_location: Path | None = None) -> SchemaStatus:
    """Bring ``database`` to this app's schema: create it, upgrade it, or leave it.

    A database at a revision this app does not know (made by a newer Steward) is
    refused with ``UserError`` and left untouched. ``script_location`` is for
    tests that add a revision of their own.
    """
    revisions, head = (REVISIONS, HEAD) if script_location is None else _revisions_of(script_location)
    before = current_revision(database)
    if before == head:
        return SchemaStatus(before=before, after=head)
    if before is not None and before not in revisions:
        raise UserError(
            f"{database.describe()} was written by a newer version of Steward (schema {before}); "
            "install the newer version to open it."
        )
    backup = None
    if before is not None and database.sqlite_path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = database.sqlite_path.with_name(f"{database.sqlite_path.stem}.before-upgrade-{before}-{stamp}.db")
        backup_sqlite(database.sqlite_path, backup)
        log.info("backed up %s to %s before upgrading", database.sqlite_path, backup)
    _upgrade(database, script_location or MIGRATIONS_DIR)
    return SchemaStatus(before=before, after=head, backup=backup)


def _revisions_of(script_location: Path) -> tuple[tuple[str, ...], str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(script_location))
    ordered = [script.revision for script in scripts.walk_revisions()][::-1]
    return tuple(ordered), ordered[-1]


def _alembic_config(script_location: Path, connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    return config


def _driver(connection: Connection) -> Any:
    """The DB-API connection under ``connection`` (for pragmas that must run outside SQLAlchemy's transaction)."""
    driver = connection.connection.driver_connection
    assert driver is not None  # only a closed or invalidated connection has none
    return driver


def _upgrade(database: Database, script_location: Path) -> None:
    from alembic import command

    from app.db.database import default_database_path

    if database.sqlite_path is not None and database.sqlite_path == default_database_path().resolve():
        # The user data folder is ours to create; any other folder is the user's
        # to name, and a missing one is more likely a typo.
        database.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    engine = database.engine
    with engine.connect() as connection:
        if database.is_sqlite:
            # Batch migrations rebuild tables; with foreign keys on, dropping a
            # referenced table would cascade. The pragma only takes effect
            # outside a transaction, hence the raw driver connection.
            _driver(connection).execute("PRAGMA foreign_keys=OFF")
        try:
            command.upgrade(_alembic_config(script_location, connection), "head")
            connection.commit()
            if database.is_sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                connection.rollback()
                if problems:
                    raise UserError(f"The upgrade left {len(problems)} broken references; restore the backup.")
        finally:
            if database.is_sqlite:
                _driver(connection).execute("PRAGMA foreign_keys=ON")


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (consistent while in use).

    Written to a temporary file first and moved into place, so a failed backup
    leaves no partial file at ``target``.
    """
    target = target.resolve()
    if target == source.resolve():
        raise UserError("The backup must go to another file than the database itself.")
    if not target.parent.exists():
        raise UserError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        target_connection = sqlite3.connect(partial)
        try:
            source_connection.backup(target_connection)
        finally:
            target_connection.close()
        partial.replace(target)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"Could not back up {source} to {target}: {error}.") from error
    finally:
        source_connection.close()
