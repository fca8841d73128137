"""Writing files safely: all or nothing, and no spreadsheet formulas smuggled in.

Every file Steward writes (reports, exports) goes through :func:`atomic_writer`:
the bytes land in a temporary file beside the target, which replaces the target
only once it is complete. A failure half-way (full disk, a bug in a report)
leaves the old file exactly as it was and no temporary file behind.

Every text cell written to a CSV or XLSX file goes through :func:`safe_cell`:
a spreadsheet runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (and some
with a leading tab or line break) as a formula, so a person called
``=HYPERLINK(...)`` would become a live link. Such text gets a leading
apostrophe, which makes it literal; :func:`unescape_cell` undoes that on import
so that exported files round-trip.
"""

from __future__ import annotations

import os
import secrets
import stat
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
    """``value`` as it may go into a CSV or XLSX cell: text that could run as a formula made literal.

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


def _create_temporary(target: Path) -> tuple[int, Path]:
    """A new file beside ``target``, opened for writing, with the permissions a new file would get."""
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 minus the umask, as for any new file (mkstemp would make it private).
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(candidate, flags, 0o666), candidate
        except FileExistsError:
            continue


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content into; ``path`` changes only if the block succeeds.

    On any exception inside the block (or while replacing) the temporary file is
    removed, ``path`` keeps its old content (or stays absent) and the exception
    propagates. A file that already exists keeps its permissions.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise UserError(f"The folder {target.parent} does not exist, so {target.name} cannot be written there.")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name to write.")
    try:
        descriptor, temporary = _create_temporary(target)
    except OSError as error:
        raise UserError(f"{target} cannot be written: {error.strerror or error}.") from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        with suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise UserError(f"{target} cannot be replaced: {error.strerror or error}.") from error
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort, since not every file system allows it."""
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
