"""Create, check and upgrade a database's schema; refuse one newer than this app.

Opening a database asks one cheap question first (which revision is it at?) with
the standard library's ``sqlite3``; only when the answer is "none yet" or "older"
is Alembic imported. Before an upgrade of a SQLite file that holds data, a backup
is taken into its backups folder (``app.db.backups``, reason ``before-upgrade``).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.backups import Reason, take_backup
from app.db.backups import backup_sqlite as backup_sqlite  # re-exported: its home was here
from app.db.database import Database
from app.db.migrations import HEAD, MIGRATIONS_DIR, REVISIONS
from app.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

log = logging.getLogger("steward.db")


# PostgreSQL's answer to a login that may not change the schema (not the tables' owner).
_INSUFFICIENT_PRIVILEGE = "42501"


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
        backup = take_backup(database, Reason.BEFORE_UPGRADE)
        log.info("backed up %s to %s before upgrading from schema %s", database.sqlite_path, backup, before)
    try:
        _upgrade(database, script_location or MIGRATIONS_DIR)
    except Exception as error:
        if before is not None and getattr(getattr(error, "orig", None), "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
            # A person's own login on a team's server: the schema is the administrator's (one transaction, undone).
            raise UserError(
                f"{database.describe()} is at schema {before} and this Steward needs {head}, which your login may"
                " not make; ask the administrator to run `steward server init` with this version, then try again."
            ) from error
        raise
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
