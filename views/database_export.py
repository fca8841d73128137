"""File → Export everything… and Import everything…: the whole database out to one file, and into an empty one.

The window's File menu calls the two functions here::

    export_everything(window, context)            # asks where (.json or .xlsx), writes, says where
    import_everything(window, context, done=...)  # an empty database only: asks which file, asks first, loads

Both run on the worker (``views.worker``), so the window keeps painting, with a
progress dialog that appears when the work takes more than a moment; its Cancel
stops the export (no file is left) or the import (nothing is written).
``can_import_everything(context)`` says whether the open database is empty, for a
menu that offers the import only then. A refusal (a file that is not a Steward
export, a database that is not empty) is one sentence over the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import UserError
from views.confirm import confirm
from views.context import AppContext
from views.labels import tr
from views.work_progress import WorkProgress
from views.worker import Operation

log = logging.getLogger("steward.export")

# Dialog filter (translated when shown) -> the extension it writes.
EXPORT_FILTERS = {"JSON document (*.json)": ".json", "Excel workbook (*.xlsx)": ".xlsx"}
IMPORT_FILTER = "Steward exports (*.json *.xlsx);;All files (*)"


class _Cancelled(Exception):
    """Raised on the worker from the progress callback once Cancel was pressed."""


class _Progress(WorkProgress):
    """Rows written or read so far, in a progress dialog whose Cancel stops the work."""

    def __init__(self, parent: QWidget, *, title: str, label: str) -> None:
        super().__init__(parent, title=title, text=tr("Starting…"), name="everythingProgress")
        self._label = label

    def __call__(self, done: int, total: int) -> None:
        """On the worker, after each chunk of rows."""
        if self.cancelled:
            raise _Cancelled
        self.advanced.emit(done, total)

    def _advanced(self, done: int, total: int) -> None:
        if self._finished:
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        self.dialog.setLabelText(self._label.format(done=done, total=total))


def ask_export_path(parent: QWidget | None) -> Path | None:
    """Where to write everything; the chosen format's extension added when the name has neither. None: cancelled."""
    filters = ";;".join(tr(text) for text in EXPORT_FILTERS)
    path, chosen = QFileDialog.getSaveFileName(parent, tr("Export everything"), "steward-export.json", filters)
    if not path:
        return None
    if Path(path).suffix.lower() in EXPORT_FILTERS.values():
        return Path(path)
    suffix = next((suffix for text, suffix in EXPORT_FILTERS.items() if tr(text) == chosen), ".json")
    return Path(path + suffix)


def _run(
    parent: QWidget,
    progress: _Progress,
    work: Callable[[], Any],
    succeeded: Callable[[Any], None],
) -> Operation:
    def done(result: Any) -> None:
        progress.finish()
        succeeded(result)

    def failed(error: BaseException) -> None:
        progress.finish()
        if isinstance(error, _Cancelled):
            return
        from views.errors import report_error

        report_error(parent, error)

    operation = Operation(parent, work).success(done).failure(failed)
    operation.run()
    return operation


def _tell(parent: QWidget, title: str, sentence: str) -> None:
    """Say ``sentence`` in a box over ``parent`` that does not block (the work that led here is over)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, sentence, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("everythingDoneBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def export_everything(
    parent: QWidget, context: AppContext, *, path: Path | None = None, said: Callable[[str], None] | None = None
) -> Operation | None:
    """Ask where (unless ``path`` is given), write the whole database there on the worker, then say where.

    ``said`` takes the closing sentence (for the status bar); without it a box over ``parent`` says it.
    """
    from app.io.database_file import export_database

    target = path or ask_export_path(parent)
    if target is None:
        return None
    database = context.database
    progress = _Progress(parent, title=tr("Export everything"), label=tr("Written {done:,} of {total:,} rows…"))

    def written(summary: Any) -> None:
        log.info("exported %s rows of %s to %s", summary.total_rows, database.describe(), target)
        sentence = tr("Wrote {rows:,} rows of {tables} tables to {path}.").format(
            rows=summary.total_rows, tables=len(summary.counts), path=target
        )
        (said or (lambda text: _tell(parent, tr("Export everything"), text)))(sentence)

    return _run(parent, progress, lambda: export_database(database, target, progress=progress), written)


def can_import_everything(context: AppContext) -> bool:
    """Whether the open database is empty, so that a whole-database file may be imported into it."""
    from app.io.database_file import database_is_empty

    try:
        return database_is_empty(context.database)
    except UserError:
        return False


def import_everything(
    parent: QWidget,
    context: AppContext,
    *,
    path: Path | None = None,
    done: Callable[[str], None] | None = None,
) -> Operation | None:
    """Into an empty database only: ask which file (unless ``path``), ask first, load it on the worker.

    ``done`` takes the closing sentence once the database holds the file's rows (the window reloads
    every page then, and shows the sentence); without it a box over ``parent`` says it. The undo
    history is cleared, since its steps were taken on the database as it was.
    """
    from app.io.database_file import import_database

    database = context.database
    if not can_import_everything(context):
        QMessageBox.information(
            parent,
            tr("Import everything"),
            tr("{database} already holds data. Create a new database first, then import everything into it.").format(
                database=database.describe()
            ),
        )
        return None
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(parent, tr("Import everything"), "", tr(IMPORT_FILTER))
        if not chosen:
            return None
        path = Path(chosen)
    source = path
    if not confirm(
        parent,
        title=tr("Import everything"),
        text=tr("Fill {database} with everything in {file}?").format(database=database.describe(), file=source.name),
        detail=tr(
            "The file's people, projects, policies, budgets, settings and audit trail replace "
            "this empty database's default skills."
        ),
        action=tr("Import"),
    ):
        return None
    progress = _Progress(parent, title=tr("Import everything"), label=tr("Imported {done:,} of {total:,} rows…"))

    def imported(summary: Any) -> None:
        log.info("imported %s rows from %s into %s", summary.total_rows, source, database.describe())
        context.undo_stack.clear()
        sentence = tr("Imported {rows:,} rows of {tables} tables from {file}.").format(
            rows=summary.total_rows, tables=len(summary.counts), file=source
        )
        (done or (lambda text: _tell(parent, tr("Import everything"), text)))(sentence)

    return _run(parent, progress, lambda: import_database(database, source, progress=progress), imported)
