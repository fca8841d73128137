"""One handle on a Steward database, given as a SQLite path or an SQLAlchemy URL.

``Database`` resolves the target once and hands out two things, each created on
first use: the SQLAlchemy ``engine`` that services write through (every SQLite
connection gets the pragmas of ``app.db.sqlite`` and every transaction is ``BEGIN IMMEDIATE``,
so two writers queue on the busy timeout instead of failing half-way), and a
``Reader`` for queries. Neither is built until needed, so opening the desktop app
on a current database does not import SQLAlchemy at all.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.db.sqlite import BUSY_TIMEOUT_MS, SQLITE_PRAGMAS
from app.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from app.db.reader import Reader


def default_database_path() -> Path:
    """``$STEWARD_DB`` when set, else ``steward.db`` in the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path("Steward", appauthor=False) / "steward.db"


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """The database the user meant: ``--db``, then ``$STEWARD_DB``, then the default file."""
    if target is None or str(target) == "":
        target = os.environ.get("STEWARD_DB") or default_database_path()
    return str(target)


class Database:
    """A Steward database (SQLite file or any SQLAlchemy URL); cheap to create."""

    def __init__(self, target: str | os.PathLike[str] | None = None) -> None:
        self.target = resolve_target(target)
        if "://" in self.target:
            self.url = with_default_driver(self.target)
            self.sqlite_path: Path | None = _sqlite_path_of_url(self.target)
        else:
            self.sqlite_path = Path(self.target).expanduser().resolve()
            self.url = f"sqlite:///{self.sqlite_path}"
        self._engine: Engine | None = None
        self._reader: Reader | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Database({self.describe()!r})"

    def describe(self) -> str:
        """What to show the user: the file path, or the URL as they gave it, without its password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        from sqlalchemy.engine import make_url

        return make_url(self.target).render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def exists(self) -> bool:
        """False only for a SQLite file that is not there yet (a server is assumed to exist)."""
        if self.sqlite_path is None:
            return True
        return self.sqlite_path.exists() and self.sqlite_path.stat().st_size > 0

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = make_engine(self.url)
            return self._engine

    def reader(self) -> Reader:
        with self._lock:
            if self._reader is None:
                from app.db.reader import Reader

                self._reader = Reader(self)
            return self._reader

    @contextmanager
    def session(self) -> Iterator[Any]:
        """An ORM session inside one ``BEGIN IMMEDIATE`` transaction, committed on success."""
        from sqlmodel import Session

        # Every table in the metadata: a flush resolves each foreign key of the rows it writes, and a
        # service that imported only its own models (the policy backlog's refer to people) would fail
        # in a process that has not happened to import the others yet.
        import models.tables  # noqa: F401 - imported for its side effect: every table in the metadata

        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
            if self._reader is not None:
                self._reader.close()
                self._reader = None


def _sqlite_path_of_url(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    rest = url.split("://", 1)[1]
    path = rest[1:] if rest.startswith("/") else rest
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path.split("?", 1)[0]).expanduser().resolve()


# PostgreSQL URLs without a driver, and the driver Steward installs for them (the `server` extra).
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
POSTGRES_DRIVER = "postgresql+psycopg"
MISSING_DRIVER = (
    "Opening a PostgreSQL database needs the psycopg driver, which is not installed;"
    " install it with: pip install 'steward[server]'."
)


def with_default_driver(url: str) -> str:
    """``url`` with psycopg (3) as its driver when it names PostgreSQL without one.

    SQLAlchemy's own default for ``postgresql://`` is psycopg2, which Steward does not install.
    """
    for scheme in _POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return f"{POSTGRES_DRIVER}://{url[len(scheme) :]}"
    return url


def _require_driver(url: str) -> None:
    if not url.startswith(f"{POSTGRES_DRIVER}://"):
        return
    try:
        import psycopg  # noqa: F401 - only to find out whether it is there
    except ImportError as error:
        raise UserError(MISSING_DRIVER) from error


def make_engine(url: str) -> Engine:
    """The engine for ``url``; for SQLite the pragmas of this module and ``BEGIN IMMEDIATE``."""
    from sqlalchemy import create_engine, event

    if not url.startswith("sqlite"):
        url = with_default_driver(url)
        _require_driver(url)
        # Steward's timestamps are UTC without a zone (as in SQLite); a session in the server's own time
        # zone would turn an aware UTC moment into that zone's wall-clock time on its way into the column.
        connect_args = {"options": "-c TimeZone=UTC"} if url.startswith(f"{POSTGRES_DRIVER}://") else {}
        try:
            return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
        except Exception as error:  # a bad URL or a missing driver
            raise UserError(f"Cannot use the database {url!r}: {error}.") from error

    path = _sqlite_path_of_url(url)
    if path is not None and not path.parent.exists():
        raise UserError(f"The folder {path.parent} does not exist, so the database cannot be created there.")
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin, so that
        # the "begin" hook below can make every one of them IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
