"""Test set-up shared by every test (after qutebrowser and napari).

Qt runs offscreen; every user folder (settings, data, logs) is redirected to a
temporary directory so no test reads or writes the user's own; each test that
needs a database gets a fresh one in its own temporary folder.

A test module marked ``both_backends`` runs each test that uses ``database`` twice,
on SQLite and on a real PostgreSQL server (ids ``sqlite`` and ``postgresql``; the
server is ``tests/postgres_server.py``'s, started once per session). A test of
such a module that is SQLite's by nature (pragmas, file backups, ``quick_check``)
is marked ``sqlite_only(reason=...)``. No server is a skip with the reason, except
under ``CI=true``, where it is a failure.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_HOME = Path(tempfile.mkdtemp(prefix="steward-tests-home-"))
for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_HOME / variable.lower())
os.environ.pop("STEWARD_DB", None)

from app.db.database import Database  # noqa: E402 - after the environment is set
from app.services.setup import initialise  # noqa: E402 - after the environment is set

if TYPE_CHECKING:
    from tests.postgres_server import DatabaseCopies, PostgresServer

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames or metafunc.definition.get_closest_marker("both_backends") is None:
        return
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only")
    if sqlite_only is not None and not sqlite_only.kwargs.get("reason"):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason")
    backends = ("sqlite",) if sqlite_only is not None else BACKENDS
    metafunc.parametrize("backend", backends, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/views" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def backups_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's automatic backups go to a folder of its own (and its ``steward`` processes' too)."""
    folder = tmp_path_factory.mktemp("backups")
    monkeypatch.setenv("STEWARD_BACKUP_DIR", str(folder))
    return folder


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database engine under test: ``sqlite`` unless the module is marked ``both_backends``."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session (``tests/postgres_server.py``), stopped at its end."""
    from tests.postgres_server import ServerUnavailable, running_server

    try:
        with running_server() as server:
            yield server
    except ServerUnavailable as error:
        reason = f"no PostgreSQL server for the tests: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> Iterator[str]:
    """The name of a database on the server with the schema and default taxonomy: each test copies it."""
    name = f"{postgres_server.prefix}_template"
    template = Database(postgres_server.create_database(name))
    try:
        initialise(template)
    finally:
        template.dispose()  # a template being copied must have no connection open
    yield name
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def postgres_copies(postgres_server: PostgresServer, postgres_template: str) -> Iterator[DatabaseCopies]:
    """Copies of the template, made ahead of the tests that take them."""
    from tests.postgres_server import DatabaseCopies

    copies = DatabaseCopies(postgres_server, postgres_template)
    yield copies
    copies.close()


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A new, initialised database (schema and default taxonomy): a file in a temporary folder, or on the server."""
    if backend == "sqlite":
        db = Database(tmp_path / "steward.db")
        initialise(db)
        yield db
        db.dispose()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    copies: DatabaseCopies = request.getfixturevalue("postgres_copies")
    name = copies.take()
    db = Database(server.url_of(name))
    try:
        yield db
    finally:
        db.dispose()
        server.drop_database(name)
