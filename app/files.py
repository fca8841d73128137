"""Writing files safely: all or nothing, and no spreadsheet formulas smuggled in.

Every file Steward writes (reports, exports) goes through :func:`atomic_writer`:
the bytes land in a temporary file beside the target, which replaces the target
only once it is complete. A failure half-way (full disk, a bug in a report)
leaves the old file exactly as it was and no temporary file behind. A process
killed outright cannot clean up after itself, so a temporary file carries its
writer's process id, and the next write beside the same target removes those
whose writer is gone (:func:`remove_stale_temporaries`).

Every cell written to a spreadsheet goes through one helper: a spreadsheet
runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (and some with a leading
tab or line break) as a formula, so a person called ``=HYPERLINK(...)`` would
become a live link. In a CSV (:func:`safe_cell`) such text gets the OWASP
leading apostrophe, which makes it literal; :func:`unescape_cell` undoes that on
import, so exported files (and XLSX files of older versions, which had the
apostrophe too) round-trip. In an XLSX (:func:`xlsx_cell`) every text is a
string cell, which no spreadsheet evaluates, shown as written; formula-like text
also carries the quote-prefix style, so that editing the cell in Excel or
LibreOffice keeps it text instead of running it.

A disk or folder that refuses a file (full, read-only, gone, failing) is one
sentence naming the file (:func:`write_refused`).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, overload

from app.errors import UserError

# What a spreadsheet may read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
LITERAL_PREFIX = "'"

CellT = TypeVar("CellT")


@overload
def safe_cell(value: str) -> str: ...
@overload
def safe_cell(value: CellT) -> CellT: ...
def safe_cell(value: Any) -> Any:
    """``value`` as it may go into a CSV cell: text that could run as a formula made literal (OWASP's apostrophe).

    Only text is changed; numbers (negative ones too), dates, booleans and ``None``
    are returned as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return LITERAL_PREFIX + value
    return value


def unescape_cell(value: Any) -> Any:
    """The inverse of :func:`safe_cell` for a cell read back from a file Steward (or anyone) made safe."""
    if isinstance(value, str) and value.startswith(LITERAL_PREFIX) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def xlsx_cell(sheet: Any, value: Any, *, font: Any = None) -> Any:
    """``value`` as it goes into a row appended to the openpyxl ``sheet`` (normal or write-only).

    Text becomes a string cell whatever it looks like (``=SUM(...)``, ``#N/A``), less the
    control characters XML cannot hold, with the quote-prefix style when it could read as a
    formula; numbers, dates, booleans and ``None`` stay as they are, so they stay numbers.
    ``font`` (a header's bold) makes a styled cell of any value.
    """
    if not isinstance(value, str) and font is None:
        return value
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error value
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


# A temporary file left by a writer that cannot be asked whether it still runs (no process ids to
# check, as on Windows) is removed once it is this old.
STALE_AFTER_SECONDS = 24 * 60 * 60


def temporary_name(target: Path) -> Path:
    """A fresh name beside ``target`` for its next content: hidden, carrying this process's id."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _writer_is_gone(pid: int) -> bool:
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, but another user's
        return False
    return False


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files beside ``target`` that a killed writer left; returns what was removed.

    Only files named as :func:`temporary_name` names them, whose process is gone (or, where that
    cannot be asked, that are older than a day); best effort, a file that will not go stays.
    """
    removed: list[Path] = []
    prefix = f".{target.name}."
    with suppress(OSError):
        for entry in os.scandir(target.parent):
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid_text = name[len(prefix) : -len(".tmp")].split("-", 1)[0]
            if not pid_text.isdigit() or int(pid_text) == os.getpid():
                continue
            try:
                stale = _writer_is_gone(int(pid_text)) or time.time() - entry.stat().st_mtime > STALE_AFTER_SECONDS
                if stale:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue
    return removed


def _create_temporary(target: Path) -> tuple[int, Path]:
    """A new file beside ``target``, opened for writing, with the permissions a new file would get."""
    remove_stale_temporaries(target)
    while True:
        candidate = temporary_name(target)
        try:
            # 0o666 minus the umask, as for any new file (mkstemp would make it private).
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(candidate, flags, 0o666), candidate
        except FileExistsError:
            continue


# The errors that say the disk or the folder refused the write, not that the data is wrong.
_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EFBIG})


def write_refused(target: Path, error: OSError) -> UserError:
    """The one sentence for ``target`` not written because of ``error``: what went wrong and what to do."""
    folder, name = target.parent, target.name
    code = error.errno
    if code == errno.ENOSPC:
        return UserError(f"The disk is full: {target} was not saved; free some space and try again.")
    if code == errno.EDQUOT:
        return UserError(f"Your disk quota is used up: {target} was not saved; free some space and try again.")
    if code == errno.EROFS:
        return UserError(f"The folder {folder} is on a read-only disk, so {name} was not saved; choose another folder.")
    if code in (errno.EACCES, errno.EPERM):
        return UserError(
            f"Writing to the folder {folder} is not allowed, so {name} was not saved; choose another folder."
        )
    if code == errno.ENOENT:
        return UserError(f"The folder {folder} no longer exists, so {name} was not saved; choose another folder.")
    if code == errno.EIO:
        return UserError(
            f"The disk holding {folder} reported an input/output error, so {name} was not saved;"
            " check the disk (or the network share) and try again."
        )
    if code == errno.EFBIG:
        return UserError(f"{target} is larger than the disk allows for one file, so it was not saved.")
    return UserError(f"{target} was not saved: {error.strerror or error}.")


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content into; ``path`` changes only if the block succeeds.

    On any exception inside the block (or while replacing) the temporary file is
    removed, ``path`` keeps its old content (or stays absent) and the exception
    propagates; a disk or folder that refuses (full, read-only, gone, failing)
    comes out as a ``UserError`` sentence naming the file (:func:`write_refused`).
    A file that already exists keeps its permissions.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist, so {target.name} cannot be written there.")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name to write.")
    try:
        descriptor, temporary = _create_temporary(target)
    except OSError as error:
        raise write_refused(target, error) from error
    try:
        try:
            with os.fdopen(descriptor, "wb") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            # Only the disk's refusals: an OSError of the block's own (a missing input file) is not about ``path``.
            if error.errno not in _DISK_ERRORS:
                raise
            raise write_refused(target, error) from error
        with suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise write_refused(target, error) from error
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename into ``folder`` durable (POSIX); best effort, since not every file system allows it.

    The backups (``app.db.backups``) rename their copies into place through it too.
    """
    if os.name != "posix":
        return
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` all at once (see :func:`atomic_writer`)."""
    with atomic_writer(path) as handle:
        handle.write(data)
