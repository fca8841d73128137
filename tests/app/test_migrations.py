"""Migrations: the scripts build exactly the models' schema; upgrades back up and keep data."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import models.tables
from app.db.database import Database
from app.db.migrations import HEAD, MIGRATIONS_DIR, REVISIONS
from app.db.schema import current_revision, ensure_schema
from app.errors import UserError
from app.services.projects import create_project

if TYPE_CHECKING:
    from tests.postgres_server import PostgresServer


def test_upgrade_to_head_builds_exactly_the_models(tmp_path: Path) -> None:
    database = Database(tmp_path / "fresh.db")
    status = ensure_schema(database)
    assert (status.before, status.after) == (None, HEAD)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, models.tables.metadata) == []


def test_upgrade_to_head_builds_exactly_the_models_on_a_postgresql_server(postgres_server: PostgresServer) -> None:
    """The same scripts on a server: every column type, constraint and index as the models say, and the
    audit trail's trigger in place (revisions 0003 and 0004); down to 0003 and up again leaves it so."""
    from alembic import command

    from app.db.schema import _alembic_config

    name = f"{postgres_server.prefix}_fresh"
    database = Database(postgres_server.create_database(name))
    try:
        status = ensure_schema(database)
        assert (status.before, status.after) == (None, HEAD)
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, models.tables.metadata) == []
            command.downgrade(_alembic_config(MIGRATIONS_DIR, connection), "0003")
            command.upgrade(_alembic_config(MIGRATIONS_DIR, connection), "head")
            connection.commit()
            triggers = connection.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal"
            ).scalars()
            assert set(triggers) == {"audit_event_no_update", "audit_event_no_delete", "audit_event_no_truncate"}
            assert compare_metadata(context, models.tables.metadata) == []
    finally:
        database.dispose()
        postgres_server.drop_database(name)


def test_the_revision_list_matches_the_scripts() -> None:
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    assert tuple(script.revision for script in scripts.walk_revisions())[::-1] == REVISIONS
    assert scripts.get_current_head() == HEAD


def test_a_database_from_a_newer_steward_is_refused_untouched(database: Database) -> None:
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = database.sqlite_path.read_bytes()
    with pytest.raises(UserError, match="newer version of Steward"):
        ensure_schema(database)
    assert database.sqlite_path.read_bytes() == before


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(UserError, match="not a Steward one"):
        ensure_schema(Database(path))


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list")
    with pytest.raises(UserError, match="not a database"):
        current_revision(Database(path))


NEXT_REVISION = '''"""Test-only revision: a new nullable column, as a later release would add."""
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch_op:
        batch_op.add_column(sa.Column("codename", sa.String(50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("project") as batch_op:
        batch_op.drop_column("codename")
'''


def test_an_upgrade_backs_up_first_and_keeps_the_data(database: Database, tmp_path: Path) -> None:
    """An older database meets a newer app: copy taken, schema moved on, rows and links intact."""
    create_project(database, name="Fraud scoring", stage="production")
    database.dispose()
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_add_codename.py").write_text(NEXT_REVISION.format(head=HEAD))

    status = ensure_schema(database, script_location=scripts)

    assert (status.before, status.after) == (HEAD, "9000")
    assert status.backup is not None and status.backup.exists()
    with sqlite3.connect(status.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        assert backup.execute("SELECT name FROM project").fetchall() == [("Fraud scoring",)]
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as upgraded:
        assert upgraded.execute("SELECT name, stage, codename FROM project").fetchall() == [
            ("Fraud scoring", "production", None)
        ]
        assert upgraded.execute("SELECT count(*) FROM skill").fetchone()[0] == 40
        assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []
        assert upgraded.execute("SELECT count(*) FROM audit_event WHERE entity = 'project'").fetchone()[0] == 1


def test_opening_a_current_database_imports_neither_alembic_nor_sqlalchemy(database: Database) -> None:
    code = (
        "import sys\n"
        "from app.db.database import Database\n"
        "from views.application import open_database\n"
        f"open_database(Database({str(database.sqlite_path)!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'sqlalchemy', 'sqlmodel', 'pandas')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == "[]"
