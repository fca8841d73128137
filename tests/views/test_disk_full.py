"""A full disk in the window: the edit that did not fit is said in one sentence, kept, and not made a step.

The disk fills as SQLite sees it (``tests/app/full_disk.py``: ``PRAGMA max_page_count`` at the
file's size on every connection of the engine), so the save fails inside
SQLite exactly where a disk with no room left would fail it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app.db.database import Database
from app.demo.generator import fill_demo
from tests.app.full_disk import Disk
from tests.views.budget.test_budget_page import focus_cell, grid_index, line_count, new_row, open_plan
from tests.views.project_list import open_project
from views.budget.budget_page import BudgetPage
from views.budget.plan_model import CATEGORY
from views.changes import ChangeHub
from views.context import AppContext
from views.main_window import MainWindow
from views.projects.overview_page import OverviewPage
from views.worker import wait_for_operations

# A model card pasted into the description: text that needs pages the disk does not have.
PASTED = "The model scores card payments for fraud; thresholds are reviewed monthly. " * 400


def paste_description(qtbot, overview: OverviewPage, text: str) -> None:
    """Select the description and paste ``text`` over it with the keyboard, as a user does."""
    QApplication.clipboard().setText(text)
    qtbot.mouseClick(overview.description.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(overview.description, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(overview.description, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def description(database: Database) -> str:
    return database.reader().scalar("SELECT description FROM project WHERE name = 'Fraud scoring'")


def test_a_save_the_disk_has_no_room_for_says_so_keeps_the_edit_and_the_next_save_works(
    qtbot, window: MainWindow, organisation: Database
) -> None:
    overview = open_project(qtbot, window, "Fraud scoring")
    history = window.undo_stack
    steps = history.count()
    disk = Disk(organisation)
    disk.full = True

    paste_description(qtbot, overview, PASTED)
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "userErrorBox") is not None)
    box = window.findChild(QMessageBox, "userErrorBox")
    assert box.text() == (
        f"The disk is full: the change was not saved to {organisation.describe()}; free some space and try again."
    )
    box.close()
    qtbot.waitUntil(lambda: not history.is_busy())
    wait_for_operations()
    QApplication.processEvents()

    assert description(organisation) == "Blocks risky card payments."  # nothing of the edit was written
    assert overview.description.toPlainText() == PASTED  # what the user pasted is still there to save
    assert overview.is_dirty() and overview.save_button.isEnabled()
    assert history.count() == steps and history.undoText() == ""  # no step for an edit that did not happen

    disk.full = False  # space freed: Save again, and it goes through
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: description(organisation) == PASTED.strip())
    qtbot.waitUntil(lambda: history.count() == steps + 1)
    qtbot.waitUntil(lambda: not overview.is_dirty())


# Two hundred lines copied from a spreadsheet: category, description, period.
BLOCK = "".join(f"Hardware\tGPU node {number}\tM{1 + number % 12}\n" for number in range(200))


def test_a_pasted_block_the_disk_has_no_room_for_adds_no_line_and_no_step_and_pasting_again_works(
    qtbot, database: Database
) -> None:
    fill_demo(database)
    context = AppContext(database, hub=ChangeHub())
    page = BudgetPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    plan = open_plan(qtbot, page, database, "With digital twin")
    lines = line_count(database, plan)
    rows = page.lines_proxy.rowCount()
    history = context.undo_stack
    disk = Disk(database)
    disk.full = True

    focus_cell(page, new_row(page), CATEGORY)
    QGuiApplication.clipboard().setText(BLOCK)
    qtbot.keyClick(page.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "userErrorBox") is not None)
    box = page.findChild(QMessageBox, "userErrorBox")
    assert box.text() == (
        f"The disk is full: the change was not saved to {database.describe()}; free some space and try again."
    )
    box.close()
    qtbot.waitUntil(lambda: not history.is_busy() and not page.is_loading())
    assert line_count(database, plan) == lines  # all or nothing: not one of the 200 lines
    assert page.lines_proxy.rowCount() == rows  # the grid shows what the plan holds
    assert history.count() == 0

    disk.full = False  # space freed: the same paste goes through, as one step
    page.activateWindow()  # back to the page once the message is closed
    page.grid.setFocus()
    qtbot.waitUntil(page.grid.hasFocus)
    page.grid.setCurrentIndex(grid_index(page, new_row(page), CATEGORY))
    qtbot.keyClick(page.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: history.count() == 1, timeout=30_000)
    assert line_count(database, plan) == lines + 200
    for _ in range(3):
        wait_for_operations()
        QApplication.processEvents()


def test_a_database_gone_from_under_a_page_is_one_sentence_not_the_crash_dialog(
    qtbot, database: Database, tmp_path
) -> None:
    """The file moved away (a network share dropped, a folder renamed) while the app had it open."""
    from app.services import projects

    project_id = projects.create_project(database, name="Fraud scoring").ids[0]
    context = AppContext(database, hub=ChangeHub())
    page = BudgetPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    path = database.sqlite_path
    assert path is not None
    database.dispose()  # every connection closed, as after the share dropped
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            Path(f"{path}{suffix}").rename(tmp_path / f"away{suffix}")

    page.show_project(project_id)
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "userErrorBox") is not None)
    assert page.findChild(QMessageBox, "userErrorBox").text() == (
        f"{path} cannot be opened any more (it or its folder may have been moved or deleted), so nothing could be"
        " read from it and nothing was changed; open the database again from where it is now."
    )
    page.findChild(QMessageBox, "userErrorBox").close()
    qtbot.waitUntil(lambda: not page.is_loading())

    for suffix in ("", "-wal", "-shm"):  # the share is back: the page reads again
        if (tmp_path / f"away{suffix}").exists():
            (tmp_path / f"away{suffix}").rename(f"{path}{suffix}")
    page.show_project(project_id)
    qtbot.waitUntil(lambda: page.data() is not None and not page.is_loading())


def test_a_disk_failing_under_a_read_is_one_sentence_naming_the_database(qtbot, window: MainWindow) -> None:
    """SQLite's own input/output error (code SQLITE_IOERR_READ), as a failing disk or share makes it."""
    import sqlite3

    from views.errors import report_error

    failure = sqlite3.OperationalError("disk I/O error")
    failure.sqlite_errorcode = sqlite3.SQLITE_IOERR_READ  # type: ignore[attr-defined]  # set by the driver
    report_error(window.overview, failure)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "userErrorBox") is not None)
    assert window.findChild(QMessageBox, "userErrorBox").text() == (
        f"The disk holding {window.database.describe()} reported an input/output error, so nothing could be read"
        " from it and nothing was changed; check the disk (or the network share) and try again."
    )
