"""The engine's SQLite settings and the single-writer transactions."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from app.db.database import Database, resolve_target
from app.db.schema import current_revision
from app.errors import UserError


def test_every_connection_gets_the_safety_pragmas(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_a_write_transaction_takes_the_write_lock_at_begin(database: Database) -> None:
    """BEGIN IMMEDIATE: a second writer is turned away before the first has written anything."""
    assert database.sqlite_path is not None
    with database.session() as session:
        session.execute(text("SELECT 1"))  # a read only; the lock must already be held
        other = sqlite3.connect(database.sqlite_path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_target_resolution_prefers_the_flag_then_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("STEWARD_DB", str(tmp_path / "env.db"))
    assert resolve_target(str(tmp_path / "flag.db")) == str(tmp_path / "flag.db")
    assert resolve_target(None) == str(tmp_path / "env.db")
    monkeypatch.delenv("STEWARD_DB")
    assert resolve_target(None).endswith("steward.db")


def test_urls_are_accepted_as_well_as_paths(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'by-url.db'}")
    assert database.sqlite_path == (tmp_path / "by-url.db").resolve()
    assert (
        Database("postgresql://steward:secret@db.example/steward").describe()
        == "postgresql://steward:***@db.example/steward"
    )


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_a_server_url_without_its_driver_installed_says_how_to_install_it(
    scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg is an extra (``steward[server]``): without it, one sentence, not SQLAlchemy's missing module."""
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # a None entry makes `import psycopg` fail
    database = Database(f"{scheme}://steward:secret@db.example/steward")
    with pytest.raises(UserError) as refused:
        database.engine  # noqa: B018 - building the engine is what refuses
    assert str(refused.value) == (
        "Opening a PostgreSQL database needs the psycopg driver, which is not installed;"
        " install it with: pip install 'steward[server]'."
    )
    with pytest.raises(UserError, match="needs the psycopg driver"):
        current_revision(database)


def test_a_server_url_without_a_driver_gets_psycopg_not_sqlalchemys_default_psycopg2() -> None:
    pytest.importorskip("psycopg")
    database = Database("postgresql://steward:secret@db.example/steward")
    assert database.engine.dialect.driver == "psycopg"
    assert database.describe() == "postgresql://steward:***@db.example/steward"


def test_a_service_writes_in_a_fresh_process_that_imported_only_its_own_models(database: Database) -> None:
    """The desktop app imports services lazily: moving a backlog item into a sprint first thing in a new
    process once failed because the person table (an assignee's foreign key) was not in the metadata."""
    import subprocess
    import sys

    from app.services import policy, projects

    project = projects.create_project(database, name="Fraud scoring").ids[0]
    item = policy.create_item(database, project, title="Write the exit plan", points=3).ids[0]
    sprint = policy.plan_sprint(database, project, name="Sprint 1", start_on="2026-01-05", end_on="2026-01-16").ids[0]
    database.dispose()
    script = (
        "import sys\n"
        "from app.db.database import Database\n"
        "from app.services import policy\n"
        f"change = policy.place_items(Database(sys.argv[1]), {{{item}: ({sprint}, None)}})\n"
        "print(change.action)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(database.sqlite_path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-600:]
    assert done.stdout.strip() == "placed"


def test_closing_a_database_interrupts_a_read_in_flight_instead_of_crashing(database: Database) -> None:
    """Another database opened (or the app quitting) while the worker still reads this one.

    Closing an ``sqlite3`` connection that another thread is reading from crashes the
    process inside SQLite (the check dialog's test once took ``make test`` down with it);
    ``dispose`` interrupts the read, waits for it and only then closes.
    """
    import threading
    import time

    from app.errors import DatabaseClosed

    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 200000000) SELECT count(*) FROM n"
    reader = database.reader()
    outcome: list[BaseException | object] = []

    def read() -> None:
        try:
            outcome.append(reader.rows(endless))
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=read)
    thread.start()
    while reader._busy == 0:  # the read has started
        time.sleep(0.01)
    started = time.perf_counter()
    database.dispose()
    thread.join(timeout=10)
    assert time.perf_counter() - started < 5
    assert len(outcome) == 1 and isinstance(outcome[0], DatabaseClosed)
    assert "was closed" in str(outcome[0])
    assert database.reader().scalar("SELECT count(*) FROM person") is not None  # opening again reads again
