"""Backups of a SQLite database: taken, thinned, listed, checked, restored; and the damaged-file check.

A backup is a copy made with SQLite's online backup API (consistent while the
database is in use), written to a temporary file in the backups folder, fsynced
and renamed into place, so a failed backup leaves nothing behind. Automatic
backups live in the platform's data folder, one folder per database
(``backups/<stem>-<hash of its path>/``: two files called ``steward.db`` in
different folders never share, nor thin, each other's backups), named by the UTC
time and the reason: ``steward-20261204T031500Z-daily.db``. ``$STEWARD_BACKUP_DIR``
moves the whole tree (the tests point it at a temporary folder).

When: the first time a database is opened for writing each day, if it changed
since its newest backup; before every upgrade of its schema; before every
restore; and when the user asks. After each one the folder is thinned as Anki
does: the newest ``keep_last`` stay, then the newest of each day for ``daily``
days that have one, then of each week, then of each month (``BackupSettings``,
stored in the database itself).

A restore checks the chosen file first (SQLite, ``PRAGMA integrity_check``, a
Steward schema this app knows), backs up the database it replaces, and puts a
copy in place with ``os.replace`` once the write-ahead log is checkpointed and
every connection closed. A damaged database (``PRAGMA quick_check``) is opened
for nothing: ``check_not_damaged`` refuses it, ``move_aside`` sets it aside with
its ``-wal`` and ``-shm`` files, and ``newest_good_backup`` is what to offer.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from app.db.migrations import HEAD, REVISIONS
from app.db.sqlite import BUSY_TIMEOUT_MS
from app.errors import UserError
from app.files import sync_folder
from app.settings import BACKUPS_KEY, BackupSettings, backup_from_json

if TYPE_CHECKING:
    from app.db.database import Database

log = logging.getLogger("steward.backups")

BACKUP_DIR_VARIABLE = "STEWARD_BACKUP_DIR"
SQLITE_HEADER = b"SQLite format 3\x00"
_STAMP = "%Y%m%dT%H%M%SZ"
_COMPANIONS = ("-wal", "-shm", "-journal")


class Reason(StrEnum):
    """Why a backup was taken: the last word of its file name."""

    DAILY = "daily"
    BEFORE_UPGRADE = "before-upgrade"
    BEFORE_RESTORE = "before-restore"
    MANUAL = "manual"


_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>" + "|".join(reason.value for reason in Reason) + r")"
    r"(?:-\d+)?\.db$"
)


class Contents(NamedTuple):
    """What a database holds, in the words a user looks for when choosing a backup."""

    people: int
    projects: int
    policies: int
    budget_plans: int

    def describe(self) -> str:
        return ", ".join(
            _counted(count, one, many)
            for count, one, many in (
                (self.people, "person", "people"),
                (self.projects, "project", "projects"),
                (self.policies, "policy", "policies"),
                (self.budget_plans, "budget plan", "budget plans"),
            )
        )


def _counted(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


_CONTENT_TABLES = {"people": "person", "projects": "project", "policies": "policy", "budget_plans": "budget_plan"}


@dataclass(frozen=True)
class BackupInfo:
    """One backup (or a file offered for a restore): when, why, how big, and what it holds."""

    path: Path
    taken_at: datetime  # UTC: from the name of a backup, else the file's modification time
    reason: Reason | None  # None for a file that is not one of Steward's backups
    size: int  # bytes
    revision: str | None  # the schema revision; None when it could not be read
    contents: Contents | None  # None when the file could not be read

    def holds(self) -> str:
        return self.contents.describe() if self.contents is not None else "cannot be read"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "taken_at": self.taken_at.isoformat(),
            "reason": self.reason.value if self.reason is not None else None,
            "size": self.size,
            "revision": self.revision,
            "contents": self.contents._asdict() if self.contents is not None else None,
        }


class Restored(NamedTuple):
    """What ``restore_backup`` did."""

    backup: BackupInfo  # the file restored, as checked before
    database: Path
    kept: Path | None  # where the replaced database is kept (a backup, or the damaged file set aside)
    upgraded_from: str | None  # the restored file's schema, when it was older and upgraded


class DamagedDatabase(UserError):
    """The database fails ``PRAGMA quick_check``: nothing may write to it."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"{path} is damaged ({problem}), so Steward writes nothing to it: list its backups with "
            "`steward backups` and put one back with `steward restore FILE`."
        )
        self.path = path
        self.problem = problem


# --- where -------------------------------------------------------------------------------------
def backups_root() -> Path:
    """``$STEWARD_BACKUP_DIR``, else ``backups`` in the user's data folder."""
    override = os.environ.get(BACKUP_DIR_VARIABLE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("Steward", appauthor=False) / "backups"


def backups_folder(database: Database) -> Path:
    """The folder of ``database``'s automatic backups (it may not exist yet)."""
    path = _sqlite_file(database)
    digest = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:8]
    return backups_root() / f"{path.stem}-{digest}"


def _sqlite_file(database: Database) -> Path:
    if database.sqlite_path is None:
        raise UserError(f"{database.describe()} is a database server; back it up with the server's own tools.")
    return database.sqlite_path


def format_size(size: int) -> str:
    """Bytes as a person reads them: 412 KB, 38.0 MB."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    if size < 1_000_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1_000_000_000:.2f} GB"


# --- taking one --------------------------------------------------------------------------------
def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` to ``target`` with the online backup API, all or nothing.

    The copy is a single file (rollback journal, not WAL), complete before it appears at ``target``.
    """
    target = target.resolve()
    if target == source.resolve():
        raise UserError("The backup must go to another file than the database itself.")
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist, so {target.name} cannot be written there.")
    temporary = _copy_to_temporary(source, target)
    try:
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise UserError(f"{target} cannot be written: {error.strerror or error}.") from error
    sync_folder(target.parent)


def take_backup(
    database: Database, reason: Reason, *, now: datetime | None = None, rotation: BackupSettings | None = None
) -> Path:
    """Back ``database`` up into its backups folder, then thin the folder; the new backup's path.

    ``rotation`` defaults to the counts stored in the database.
    """
    source = _sqlite_file(database)
    if not database.exists():
        raise UserError(f"There is no database at {source} to back up.")
    folder = backups_folder(database)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"The backups folder {folder} cannot be made: {error.strerror or error}.") from error
    at = (now or datetime.now(UTC)).astimezone(UTC)
    target = _free_name(folder, source.stem, at, reason)
    written = _last_written(source)  # before the copy starts: a write from now on is not in it
    backup_sqlite(source, target)
    with suppress(OSError):  # the copy is of the database as last written then (see daily_backup)
        os.utime(target, ns=(written, written))
    log.info("backed up %s to %s (%s)", source, target, reason.value)
    thin(folder, rotation or stored_rotation(source), keep=target)
    return target


def daily_backup(database: Database, *, now: datetime | None = None) -> Path | None:
    """Today's backup, unless one was taken today or nothing changed since the newest; its path, or None.

    For a database opened for writing; a new (empty) file or a server is left alone.
    """
    if database.sqlite_path is None or not database.exists():
        return None
    at = (now or datetime.now(UTC)).astimezone(UTC)
    taken = _named_backups(backups_folder(database))
    if taken:
        newest, newest_at, _reason = taken[0]
        if newest_at.astimezone().date() == at.astimezone().date():
            return None
        with suppress(OSError):
            if _last_written(database.sqlite_path) <= newest.stat().st_mtime_ns:
                return None  # unchanged since: another copy would only push an older state out of the rotation
    return take_backup(database, Reason.DAILY, now=at)


def _last_written(path: Path) -> int:
    """When the database was last written to (ns): its file or its write-ahead log, whichever is later.

    An empty log is no write: SQLite makes one afresh each time the database is opened after a clean close.
    """
    times = [path.stat().st_mtime_ns]
    with suppress(OSError):
        log_file = path.with_name(path.name + "-wal").stat()
        if log_file.st_size > 0:
            times.append(log_file.st_mtime_ns)
    return max(times)


def _free_name(folder: Path, stem: str, at: datetime, reason: Reason) -> Path:
    base = f"{stem}-{at.strftime(_STAMP)}-{reason.value}"
    candidate = folder / f"{base}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base}-{number}.db"
        number += 1
    return candidate


def _copy_to_temporary(source: Path, target: Path) -> Path:
    """A complete, fsynced copy of ``source`` in a new hidden file beside ``target``; removed on failure."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with closing(_read_only(source)) as reading, closing(sqlite3.connect(temporary)) as writing:
            reading.backup(writing)
            # One self-contained file: a WAL-mode copy would need its -wal and -shm beside it to be read.
            writing.execute("PRAGMA journal_mode=DELETE")
        _fsync(temporary)
    except (sqlite3.Error, OSError) as error:
        _remove(temporary)
        raise UserError(f"Could not copy {source} to {target}: {_reason_of(error)}.") from error
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _reason_of(error: BaseException) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def _read_only(path: Path) -> sqlite3.Connection:
    # As a URI, so that a path holding "?" or "#" stays a path.
    uri = f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


def _remove(path: Path) -> None:
    for name in (path, *(path.with_name(path.name + suffix) for suffix in _COMPANIONS)):
        with suppress(OSError):
            name.unlink()


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --- thinning ----------------------------------------------------------------------------------
def stored_rotation(path: Path) -> BackupSettings:
    """The rotation saved in the database at ``path`` (the defaults when none is, or it cannot be read)."""
    try:
        with closing(_read_only(path)) as connection:
            row = connection.execute("SELECT value FROM setting WHERE key = ?", (BACKUPS_KEY,)).fetchone()
    except sqlite3.Error:
        return BackupSettings()
    return backup_from_json(row[0] if row else None)


def obsolete(taken: Iterable[tuple[Path, datetime]], rotation: BackupSettings) -> list[Path]:
    """The backups the rotation lets go, from ``(path, taken at)`` pairs (after Anki's ``BackupFilter``).

    Newest first: the first ``keep_last`` stay; then, while daily ones are left, a backup stays if it is
    of an earlier day than the last one kept, and so on for weeks (Monday to Sunday) and months, in
    local time. Everything past the monthly ones goes.
    """
    left = {"daily": rotation.daily, "weekly": rotation.weekly, "monthly": rotation.monthly}
    last: dict[str, int] = {}
    going: list[Path] = []
    for index, (path, at) in enumerate(sorted(taken, key=lambda pair: pair[1], reverse=True)):
        local = at.astimezone()
        day = local.date().toordinal()  # day 1 (1 January of year 1) was a Monday
        periods = {"daily": day, "weekly": (day - 1) // 7, "monthly": local.year * 12 + local.month}
        if index >= rotation.keep_last:
            stage = next((name for name, count in left.items() if count > 0), None)
            if stage is None or (last and periods[stage] >= last[stage]):
                going.append(path)
                continue
            left[stage] -= 1
        last = periods
    return going


def thin(folder: Path, rotation: BackupSettings, *, keep: Path | None = None) -> list[Path]:
    """Delete the backups in ``folder`` that ``rotation`` lets go (never ``keep``); those deleted."""
    named = [(path, taken_at) for path, taken_at, _reason in _named_backups(folder)]
    deleted = []
    for path in obsolete(named, rotation):
        if path == keep:
            continue
        try:
            path.unlink()
            deleted.append(path)
        except OSError as error:  # a backup we cannot delete is one more kept, not a failure
            log.warning("could not delete the old backup %s: %s", path, error)
    return deleted


def _named_backups(folder: Path) -> list[tuple[Path, datetime, Reason]]:
    """The backups in ``folder``, newest first (two of the same second in the order they were made)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is not None and path.is_file():
            taken_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
            found.append((taken_at, path.stat().st_ctime_ns, path, Reason(match["reason"])))
    found.sort(key=lambda entry: entry[:2], reverse=True)
    return [(path, taken_at, reason) for taken_at, _made, path, reason in found]


# --- listing and checking ----------------------------------------------------------------------
def list_backups(database: Database) -> list[BackupInfo]:
    """The automatic and manual backups of ``database``, newest first, each with what it holds."""
    found = _named_backups(backups_folder(database))
    return [_info(path, taken_at, reason) for path, taken_at, reason in found]


def describe_file(path: Path) -> BackupInfo:
    """A backup, or any SQLite file, as ``list_backups`` shows one (what it holds read read-only)."""
    match = _NAME.match(path.name)
    if match is not None:
        return _info(path, datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC), Reason(match["reason"]))
    return _info(path, datetime.fromtimestamp(path.stat().st_mtime, UTC), None)


def _info(path: Path, taken_at: datetime, reason: Reason | None) -> BackupInfo:
    size = path.stat().st_size
    try:
        revision, contents = _read_contents(path)
    except sqlite3.Error:
        revision, contents = None, None
    return BackupInfo(path=path, taken_at=taken_at, reason=reason, size=size, revision=revision, contents=contents)


def _read_contents(path: Path) -> tuple[str | None, Contents]:
    with closing(_read_only(path)) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        counts = {
            field: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] if table in tables else 0
            for field, table in _CONTENT_TABLES.items()
        }
    return revision, Contents(**counts)


def check_backup_file(path: Path) -> BackupInfo:
    """``path`` if it can be restored: a sound SQLite file with a Steward schema this app knows.

    Anything else is refused with one sentence that names the file and the problem.
    """
    if not path.exists():
        raise UserError(f"There is no file {path} to restore.")
    if path.is_dir():
        raise UserError(f"{path} is a folder; choose a Steward database or one of its backups.")
    if not _has_sqlite_header(path):
        raise UserError(f"{path} is not a SQLite database; choose a Steward database or one of its backups.")
    try:
        with closing(_read_only(path)) as connection:
            findings = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
        if findings != ["ok"]:
            raise UserError(f"{path} is damaged ({_first_finding(findings)}); choose another backup.")
        info = describe_file(path)
    except sqlite3.Error as error:
        raise UserError(f"{path} is damaged ({error}); choose another backup.") from error
    if info.contents is None or info.revision is None:
        raise UserError(f"{path} is a SQLite database but not a Steward one; choose another file.")
    if info.revision not in REVISIONS:
        raise UserError(
            f"{path} was written by a newer version of Steward (schema {info.revision}); "
            "install that version to restore it."
        )
    return info


def _has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


# --- damaged files -----------------------------------------------------------------------------
def database_problem(path: Path) -> str | None:
    """What ``PRAGMA quick_check`` finds wrong with the SQLite file at ``path``; None when it is sound.

    A missing or empty file, or one that is not SQLite at all, is no damaged database: None (opening it
    says what it is).
    """
    if not path.is_file() or path.stat().st_size == 0 or not _has_sqlite_header(path):
        return None
    try:
        with closing(_read_only(path)) as connection:
            findings = [row[0] for row in connection.execute("PRAGMA quick_check(1)")]
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            return None  # busy, not broken: the writer that holds it decides
        return str(error)
    return None if findings == ["ok"] else _first_finding(findings)


def _first_finding(findings: list[str]) -> str:
    """The first problem an integrity or quick check reports, as one line (it may come as several)."""
    lines = [line.strip() for finding in findings for line in finding.splitlines()]
    return next((line for line in lines if line and not line.startswith("***")), "it fails its integrity check")


def check_not_damaged(database: Database) -> None:
    """Raise ``DamagedDatabase`` when the SQLite file of ``database`` fails ``PRAGMA quick_check``."""
    if database.sqlite_path is None:
        return
    problem = database_problem(database.sqlite_path)
    if problem is not None:
        raise DamagedDatabase(database.sqlite_path, problem)


def move_aside(path: Path, *, now: datetime | None = None) -> Path:
    """Rename a damaged database to ``<name>.damaged-<UTC time>.db``, with its -wal and -shm; the new path."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(_STAMP)
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix or '.db'}")
    try:
        for suffix in _COMPANIONS:  # the log first: never leave a -wal beside a file it does not belong to
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, aside.with_name(aside.name + suffix))
        os.replace(path, aside)
    except OSError as error:
        raise UserError(f"{path} is damaged and cannot be moved aside: {error.strerror or error}.") from error
    sync_folder(path.parent)
    log.info("moved the damaged database %s to %s", path, aside)
    return aside


def newest_good_backup(database: Database) -> BackupInfo | None:
    """The newest backup of ``database`` that passes ``quick_check`` and that this app can open."""
    for info in list_backups(database):
        if info.revision in REVISIONS and info.contents is not None and database_problem(info.path) is None:
            return info
    return None


# --- restoring ---------------------------------------------------------------------------------
def restore_backup(database: Database, source: Path, *, now: datetime | None = None) -> Restored:
    """Put the backup ``source`` in place of ``database``, all or nothing, keeping what it replaces.

    The database replaced is backed up first (reason ``before-restore``); a damaged one is moved aside
    instead. A restored file at an older schema is upgraded. Every connection of ``database`` is closed.
    """
    target = _sqlite_file(database)
    source = source.expanduser().resolve()
    if source == target:
        raise UserError(f"{source} is the database itself; choose one of its backups.")
    info = check_backup_file(source)
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist, so {target.name} cannot be restored there.")
    temporary = _copy_to_temporary(source, target)
    try:
        kept = _keep_replaced(database, now=now)
        _release(database)
        os.replace(temporary, target)
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError):
            raise UserError(f"{target} cannot be replaced: {error.strerror or error}.") from error
        raise
    for suffix in ("-wal", "-shm"):  # the old file's log must never be replayed onto the restored one
        with suppress(FileNotFoundError):
            target.with_name(target.name + suffix).unlink()
    sync_folder(target.parent)
    log.info("restored %s from %s (the replaced file is kept as %s)", target, source, kept)
    upgraded_from = None
    if info.revision != HEAD:
        from app.db.schema import ensure_schema

        upgraded_from = ensure_schema(database).before
    return Restored(backup=info, database=target, kept=kept, upgraded_from=upgraded_from)


def _keep_replaced(database: Database, *, now: datetime | None) -> Path | None:
    """Keep the database a restore replaces: a backup of it, or the file itself set aside when damaged."""
    target = _sqlite_file(database)
    if not database.exists():
        return None
    if database_problem(target) is not None:
        database.dispose()
        return move_aside(target, now=now)
    return take_backup(database, Reason.BEFORE_RESTORE, now=now)


def _release(database: Database) -> None:
    """Close every connection of ``database`` and fold its write-ahead log into the file.

    Refused while another program holds the file, whose log would otherwise be lost or replayed.
    """
    database.dispose()
    target = _sqlite_file(database)
    if not target.exists():
        return
    try:
        with closing(sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)) as connection:
            busy, _frames, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as error:
        raise UserError(f"{target} cannot be replaced: {error}.") from error
    if busy:
        raise UserError(f"Another program is using {target}; close it, then restore again.")
