"""The project overview's profile form: a date typed that is not a date blocks Save and says why."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.db.database import Database
from app.services import projects
from tests.views.project_list import open_project
from views.main_window import MainWindow
from views.projects.overview_page import OptionalDate


def type_over(qtbot, field: OptionalDate, text: str) -> None:
    """Click into the date, select what it shows and type ``text``, as a user does."""
    line = field.editor.line_edit
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)


def start_on(database: Database, name: str) -> str | None:
    return database.reader().scalar("SELECT start_on FROM project WHERE name = :name", {"name": name})


def test_save_is_blocked_while_a_date_is_not_a_date_and_the_line_says_why(
    qtbot, window: MainWindow, organisation: Database
) -> None:
    overview = open_project(qtbot, window, "Fraud scoring")
    qtbot.mouseClick(overview.start_on.enabled, Qt.MouseButton.LeftButton)
    type_over(qtbot, overview.start_on, "2026-02-3")  # on its way to the 30th, 3 February so far
    assert overview.save_button.isEnabled()
    qtbot.keyClicks(overview.start_on.editor.line_edit, "0")  # 2026-02-30: no such day
    assert not overview.save_button.isEnabled()
    assert overview.validation.text().startswith("“2026-02-30” is not a date for the start date; type it as")
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    assert start_on(organisation, "Fraud scoring") is None  # not the 3 February the field fell back on

    type_over(qtbot, overview.start_on, "2026-02-28")
    assert overview.validation.text() == "" and overview.save_button.isEnabled()
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: start_on(organisation, "Fraud scoring") == "2026-02-28")


def test_text_that_is_not_a_date_over_the_saved_one_is_an_edit_that_cannot_be_saved(
    qtbot, window: MainWindow, organisation: Database
) -> None:
    """The field's last date is still the saved one, but what it shows is not: the form says so."""
    fraud = organisation.reader().scalar("SELECT id FROM project WHERE name = 'Fraud scoring'")
    projects.update_project(organisation, fraud, {"end_on": date(2026, 12, 31)})
    overview = open_project(qtbot, window, "Demand forecast")
    overview = open_project(qtbot, window, "Fraud scoring")
    assert overview.end_on.value() == date(2026, 12, 31) and not overview.is_dirty()
    type_over(qtbot, overview.end_on, "31/31/2026")
    assert overview.is_dirty() and not overview.save_button.isEnabled()
    assert overview.validation.text().startswith("“31/31/2026” is not a date for the end date")
    qtbot.mouseClick(overview.revert_button, Qt.MouseButton.LeftButton)
    assert overview.end_on.editor.line_edit.text() == "2026-12-31" and overview.validation.text() == ""
    assert not overview.is_dirty() and not overview.save_button.isEnabled()
