"""The File menu's actions on the whole database: check it, export everything, import everything.

Each takes the main window it acts for; the work itself is in the dialogs and
functions they call (``views.check_dialog``, ``views.database_export``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from views.main_window import MainWindow


def check_database(window: MainWindow) -> None:
    """File → Check database…: what ``steward check`` finds, in a dialog."""
    from views.check_dialog import show_check

    show_check(window, window.context)


def export_everything(window: MainWindow) -> None:
    """File → Export everything…: the whole database to one JSON or XLSX file; the status bar says where."""
    from views.database_export import export_everything as export

    export(window, window.context, said=lambda sentence: window.statusBar().showMessage(sentence, 15000))


def import_everything(window: MainWindow) -> None:
    """File → Import everything…: a whole-database file into this empty database; every page then shows it."""
    from views.database_export import import_everything as load

    def loaded(sentence: str) -> None:
        window.use_database(window.database)
        window.statusBar().showMessage(sentence, 15000)

    load(window, window.context, done=loaded)
