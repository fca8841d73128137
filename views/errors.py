"""Showing errors: a ``UserError`` as a plain message box, anything else as a crash dialog.

A database its disk refused while reading (the file or its folder gone, an input/output
error of the disk or the network share) is the environment's fault, not a bug: it is
said in one sentence naming the database (``app.services.unit.storage_problem``), as a
``UserError`` would be.

The crash dialog says that this is a bug, where the log with the traceback is,
and that the database was not left half-written (every service call is one
transaction).
"""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import UserError
from views.dialogs import run_modal
from views.labels import tr

log = logging.getLogger("steward.errors")


def show_user_error(parent: QWidget | None, error: UserError | str, *, title: str | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title or tr("Steward"), str(error), QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("userErrorBox")
    if parent is not None and parent.isVisible():
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # else its parent keeps every one
        box.open()
    else:
        run_modal(box)


def _write_crash_log(text: str) -> Path:
    from platformdirs import user_log_path

    folder = user_log_path("Steward", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
    path.write_text(text, encoding="utf-8")
    return path


def _database_shown_by(widget: QWidget | None) -> str:
    """The database the widget's page or window shows, for a sentence about it."""
    while widget is not None:
        database = getattr(getattr(widget, "context", None), "database", None)
        if database is not None:
            return str(database.describe())
        widget = widget.parentWidget()
    return tr("The database")


def _storage_sentence(parent: QWidget | None, error: BaseException) -> str | None:
    """One sentence for a database its disk refused (gone, failing, damaged), or ``None`` for a bug."""
    from app.services.unit import READ_FAILED, storage_problem

    if storage_problem(error, "") is None:
        return None
    log.warning("the database could not be read: %s", error)
    return storage_problem(error, _database_shown_by(parent), outcome=READ_FAILED)


def report_error(parent: QWidget | None, error: BaseException) -> None:
    """A ``UserError`` (or a database its disk refused) as a message; anything else logged and shown as a bug."""
    if isinstance(error, UserError):
        show_user_error(parent, error)
        return
    sentence = _storage_sentence(parent, error)
    if sentence is not None:
        show_user_error(parent, sentence)
        return
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    show_crash(parent, text)


def show_crash(parent: QWidget | None, text: str) -> None:
    log.error("unexpected error:\n%s", text)
    path = _write_crash_log(text)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        tr("Steward hit a bug"),
        tr(
            "Something unexpected went wrong. The change in progress was not saved; your data is as it was "
            "before it.\n\nThe details are in {path}; please send that file to the Steward team."
        ).format(path=path),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("crashBox")
    box.setDetailedText(text)
    run_modal(box)


def install_excepthook() -> None:
    """Uncaught exceptions in slots go to the crash dialog instead of killing the app silently."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, UserError):
            show_user_error(QApplication.activeWindow(), error)
            return
        sentence = _storage_sentence(QApplication.activeWindow(), error)
        if sentence is not None:
            show_user_error(QApplication.activeWindow(), sentence)
            return
        show_crash(QApplication.activeWindow(), "".join(traceback.format_exception(kind, error, tb)))

    sys.excepthook = hook
