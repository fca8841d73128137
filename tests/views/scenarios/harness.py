"""What every scenario script needs: the main window over a database, shown at 1280×800, and a way to wait.

A scenario prints what it checks and exits 0 when it got to the end; a
segmentation fault, an uncaught exception, a Qt warning or a crash dialog
exits non-zero, which the test running it reports.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.db.database import Database
from app.services.setup import initialise
from views.main_window import MainWindow
from views.worker import wait_for_operations

# Qt messages that say nothing about Steward: what the offscreen platform cannot do (size a window frame,
# raise a window, grab the keyboard or mouse for a popup).
IGNORED_MESSAGES = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
    "This plugin does not support grabbing the mouse",
)
problems: list[str] = []


def _on_qt_message(kind: QtMsgType, _context: object, text: str) -> None:
    if kind != QtMsgType.QtDebugMsg and not any(ignored in text for ignored in IGNORED_MESSAGES):
        problems.append(f"Qt {kind.name}: {text}")
        print(f"Qt {kind.name}: {text}", file=sys.stderr, flush=True)


def _on_exception(kind: type[BaseException], error: BaseException, traceback: object) -> None:
    import traceback as tb

    text = "".join(tb.format_exception(kind, error, traceback))  # type: ignore[arg-type]  # a traceback object
    problems.append(text)
    print(text, file=sys.stderr, flush=True)


def open_window(database_path: Path, settings_path: Path) -> tuple[QApplication, MainWindow]:
    """The app's main window over ``database_path`` (upgraded first), shown and settled."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    qInstallMessageHandler(_on_qt_message)
    sys.excepthook = _on_exception
    import views.errors

    views.errors.show_crash = lambda _parent, text: _on_exception(RuntimeError, RuntimeError(text), None)
    database = Database(database_path)
    initialise(database)
    window = MainWindow(database, settings=QSettings(str(settings_path), QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    settle()
    return app, window  # type: ignore[return-value]  # QApplication.instance() is the QApplication made here


def settle(rounds: int = 4) -> None:
    """Let queued operations finish and their callbacks run."""
    for _ in range(rounds):
        wait_for_operations()
        QCoreApplication.processEvents()
        QTest.qWait(10)


def wait_until(condition: Callable[[], bool], *, what: str, timeout_ms: int = 10_000) -> None:
    waited = 0
    while not condition():
        settle(1)
        waited += 20
        if waited > timeout_ms:
            raise SystemExit(f"timed out waiting for {what}")


def finish() -> None:
    """Exit 0 if nothing went wrong on the way, else 3 with what did."""
    settle()
    if problems:
        print(f"{len(problems)} problem(s) during the scenario:", *problems, sep="\n", file=sys.stderr)
        raise SystemExit(3)
    print("scenario finished")
    raise SystemExit(0)
