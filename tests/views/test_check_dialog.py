"""File → Check database…: the check runs on the worker and the dialog lists what it found, or says healthy."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from app.db.database import Database
from app.db.migrations import HEAD
from tests.views.modal import answer_modal
from views.changes import ChangeHub
from views.check_dialog import CheckDialog, show_check
from views.context import AppContext
from views.roles import RecordRole
from views.worker import wait_for_operations


def opened(qtbot, database: Database) -> CheckDialog:
    dialog = CheckDialog(AppContext(database, hub=ChangeHub()))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_checking())
    return dialog


def test_a_healthy_database_says_so_with_nothing_listed(qtbot, database: Database) -> None:
    dialog = opened(qtbot, database)
    assert dialog.status.text() == f"{database.describe()} is healthy (schema {HEAD}): nothing wrong was found."
    assert dialog.model.rowCount() == 0
    assert dialog.check_again_button.isEnabled()


def test_each_finding_shows_what_where_and_what_to_do_and_check_again_sees_a_repair(qtbot, database: Database) -> None:
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as connection:
        connection.execute("INSERT INTO setting (key, value) VALUES ('colour', '\"blue\"')")
        connection.execute("INSERT INTO setting (key, value) VALUES ('finance', 'not json')")
    connection.close()
    dialog = opened(qtbot, database)
    assert dialog.status.text() == "2 problems found: each says where it is and what to do."
    headers = [dialog.model.headerData(column, Qt.Orientation.Horizontal) for column in range(3)]
    assert headers == ["What is wrong", "Where", "What to do"]
    first = dialog.model.index(0, 0)
    assert dialog.model.data(first) == "The setting 'colour' is not one this Steward reads, so it has no effect."
    assert dialog.model.data(dialog.model.index(1, 1)) == "table setting, key 'finance'"
    assert "Edit → Finance settings…" in dialog.model.data(dialog.model.index(1, 2))
    # The first is chosen and shown in full below; choosing another shows that one.
    assert dialog.details.toPlainText().startswith("The setting 'colour'")
    assert "Where: table setting, key 'colour'" in dialog.details.toPlainText()
    dialog.view.selectRow(1)
    assert dialog.details.toPlainText().startswith("The finance setting is not JSON")
    assert dialog.model.data(dialog.model.index(1, 0), RecordRole).check == "orphans.setting"
    with sqlite3.connect(database.sqlite_path) as connection:
        connection.execute("DELETE FROM setting")
    connection.close()
    qtbot.mouseClick(dialog.check_again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_checking())
    assert dialog.model.rowCount() == 0 and "is healthy" in dialog.status.text()
    assert dialog.details.toPlainText() == ""


def test_a_file_that_has_gone_is_one_sentence_in_the_dialog(qtbot, tmp_path) -> None:
    dialog = opened(qtbot, Database(tmp_path / "gone.db"))
    assert dialog.status.text() == f"There is no database at {tmp_path / 'gone.db'}."
    assert dialog.model.rowCount() == 0


def test_the_menu_function_opens_the_dialog_modally_and_close_closes_it(qtbot, database: Database) -> None:
    answer = answer_modal(qtbot, button="Close")
    show_check(None, AppContext(database, hub=ChangeHub()))
    assert answer.answered and answer.widget_name == "checkDialog"
    wait_for_operations()
