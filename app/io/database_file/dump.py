"""Exporting the whole database to one file, .json or .xlsx, written atomically.

The file is written through ``app.files.atomic_writer``: a failed or interrupted
export leaves the previous file (or none), never half of one. The header says
what the file is (``format``, ``format_version``), which schema its tables have
(``schema_revision``, the database's Alembic revision), which Steward wrote it
and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.io.database_file.columns import FORMAT_NAME, FORMAT_VERSION

SUFFIXES = (".json", ".xlsx")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


def export_database(database: Database, path: str | Path, *, progress: Progress | None = None) -> ExportSummary:
    """Write every table of ``database`` to ``path`` (.json or .xlsx); ``progress(done, total)`` after each chunk."""
    from app import __version__
    from app.files import atomic_writer
    from app.io.database_file.json_file import write_json
    from app.io.database_file.snapshot import snapshot
    from app.io.database_file.workbook import WorkbookProblem, write_workbook

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"{target.name}: the whole database is exported as .json or .xlsx; use one of those extensions."
        )
    with snapshot(database) as source:
        header: dict[str, Any] = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "schema_revision": source.revision,
            "app_version": __version__,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        total = source.total_rows
        done = 0

        def advanced(rows: int) -> None:
            nonlocal done
            done += rows
            if progress is not None:
                progress(done, total)

        try:
            with atomic_writer(target) as handle:
                if suffix == ".json":
                    write_json(source, handle, header, progress=advanced)
                else:
                    write_workbook(source, handle, header, progress=advanced)
        except WorkbookProblem as problem:
            raise UserError(f"{target} was not written: {problem}.") from None
        except OSError as error:
            raise UserError(f"{target} could not be written: {error.strerror or error}.") from error
        return ExportSummary(path=target, counts=dict(source.counts))
