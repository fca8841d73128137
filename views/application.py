"""Starting the desktop app: check the platform, open the database, show the window.

Start-up is part of the product: on a database whose schema is current this path
imports neither SQLAlchemy nor Alembic (reads go through ``sqlite3``), and the
first paint shows real data. Before anything writes, the file gets a ``PRAGMA
quick_check``: a damaged one is moved aside and its newest good backup offered.
The day's backup runs on the worker once the window shows.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.db.database import Database
from app.errors import UserError
from views.labels import tr
from views.worker import Operation

if TYPE_CHECKING:
    from views.main_window import MainWindow

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


def open_database(database: Database) -> bool:
    """Make sure the schema is current; a database that is new or older is set up first.

    A damaged file is refused first (``DamagedDatabase``, after ``PRAGMA quick_check``), before
    anything writes to it. True when the database held data before (so it is worth a backup).
    """
    from app.db.backups import check_not_damaged
    from app.db.migrations import HEAD
    from app.db.schema import current_revision

    check_not_damaged(database)
    if database.exists() and current_revision(database) == HEAD:
        return True
    from app.services.setup import initialise

    return initialise(database).schema.before is not None


def open_and_back_up(database: Database) -> Path | None:
    """``open_database``, then the day's backup (for the worker, when the window switches database)."""
    from app.db.backups import daily_backup

    return daily_backup(database) if open_database(database) else None


def back_up_today(window: MainWindow, database: Database) -> None:
    """The day's backup on the worker, behind the window's first loads and before any edit can follow."""
    from app.db.backups import daily_backup

    Operation(window, lambda: daily_backup(database)).success(lambda path: _backed_up(window, path)).failure(
        lambda error: _not_backed_up(window, error)
    ).run()


def _backed_up(window: MainWindow, path: Path | None) -> None:
    if path is not None:
        window.statusBar().showMessage(tr("Today's backup: {path}.").format(path=path), 8000)


def _not_backed_up(window: MainWindow, error: BaseException) -> None:
    """A backup that failed is said, not a reason to stop working; anything but a ``UserError`` is a bug."""
    if not isinstance(error, UserError):
        from views.errors import report_error

        report_error(window, error)
        return
    log.warning("today's backup was not taken: %s", error)
    window.statusBar().showMessage(tr("Today's backup was not taken: {error}").format(error=error))


def switch_database(window: MainWindow, database: Database, *, then: Callable[[Database], object]) -> None:
    """Open ``database`` for ``window`` on the worker (checked, set up, backed up), then ``then(database)``.

    A damaged one is set aside and its newest good backup offered; the window keeps its database otherwise.
    """

    def opened(path: Path | None) -> None:
        then(database)
        _backed_up(window, path)

    def failed(error: BaseException) -> None:
        from app.db.backups import DamagedDatabase

        if isinstance(error, DamagedDatabase):
            from views.backups_dialog import offer_restore

            if offer_restore(window, database, error, leave=tr("Cancel")):
                switch_database(window, database, then=then)
            return
        from views.errors import report_error

        report_error(window, error)

    Operation(window, lambda: open_and_back_up(database)).success(opened).failure(failed).run()


def open_at_start(application: QApplication, database: Database) -> bool | None:
    """``open_database`` for ``run_desktop``: None when it cannot be opened (the user was told)."""
    from app.db.backups import DamagedDatabase
    from views.errors import show_user_error

    try:
        return open_database(database)
    except DamagedDatabase as damaged:
        apply_style(application)
        from views.backups_dialog import offer_restore

        if not offer_restore(None, database, damaged, leave=tr("Quit")):
            return None
        return open_at_start(application, database)
    except UserError as error:
        apply_style(application)
        show_user_error(None, error, title=tr("Steward cannot open the database"))
        return None


def run_desktop(*, db_target: str | None, exit_after_paint: bool = False) -> int:
    from views import qt_platform

    problem = qt_platform.problem()
    if problem:
        print(f"steward: {problem}", file=sys.stderr)
        return 1
    # The style sheet comes once the window is built: set before, every widget added to the tree is
    # styled on its own as it comes (~20 ms of the start-up); set after, the tree is styled in one pass.
    application = create_application(styled=False)
    from views.errors import install_excepthook

    install_excepthook()
    database = Database(db_target)
    had_data = open_at_start(application, database)
    if had_data is None:
        return 1

    from views.main_window import MainWindow

    window = MainWindow(database)
    apply_style(application)
    window.show()
    if had_data:
        back_up_today(window, window.database)
    if exit_after_paint:
        _QuitAfterFirstPaint(window)
    code = application.exec()
    from views.worker import wait_for_operations

    wait_for_operations()
    window.database.dispose()
    return code
