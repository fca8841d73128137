"""Starting the desktop app: check the platform, open the database, show the window.

Start-up is part of the product: on a database whose schema is current this path
imports neither SQLAlchemy nor Alembic (reads go through ``sqlite3``), and the
first paint shows real data.
"""

from __future__ import annotations

import logging
import sys
from importlib.resources import files

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.db.database import Database
from app.errors import UserError

log = logging.getLogger("steward.app")


class _QuitAfterFirstPaint(QObject):
    """``--exit-after-paint``: quit as soon as the window has painted once."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, QCoreApplication.quit)
        return False


def create_application(argv: list[str] | None = None, *, styled: bool = True) -> QApplication:
    """The application; ``styled=False`` leaves the style sheet to :func:`apply_style`, once the window is built."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setApplicationName("Steward")
    application.setOrganizationName("Steward")
    application.setApplicationDisplayName("Steward")
    if styled:
        apply_style(application)
    return application


def apply_style(application: QApplication) -> None:
    """Steward's style sheet, for every widget there is and will be."""
    application.setStyleSheet(files("resources").joinpath("style.qss").read_text(encoding="utf-8"))


def open_database(database: Database) -> None:
    """Make sure the schema is current; a database that is new or older is set up first."""
    from app.db.migrations import HEAD
    from app.db.schema import current_revision

    if database.exists() and current_revision(database) == HEAD:
        return
    from app.services.setup import initialise

    initialise(database)


def run_desktop(*, db_target: str | None, exit_after_paint: bool = False) -> int:
    from views import qt_platform

    problem = qt_platform.problem()
    if problem:
        print(f"steward: {problem}", file=sys.stderr)
        return 1
    # The style sheet comes once the window is built: set before, every widget added to the tree is
    # styled on its own as it comes (~20 ms of the start-up); set after, the tree is styled in one pass.
    application = create_application(styled=False)
    from views.errors import install_excepthook, show_user_error

    install_excepthook()
    database = Database(db_target)
    try:
        open_database(database)
    except UserError as error:
        apply_style(application)
        show_user_error(None, error, title="Steward cannot open the database")
        return 1

    from views.main_window import MainWindow

    window = MainWindow(database)
    apply_style(application)
    window.show()
    if exit_after_paint:
        _QuitAfterFirstPaint(window)
    code = application.exec()
    from views.worker import wait_for_operations

    wait_for_operations()
    database.dispose()
    return code
