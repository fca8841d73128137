"""File → Backups… (views/backups_dialog.py) on a real window and database: the list, Back up now, Restore…
after asking, the rotation counts; and a damaged database met on open, set aside and restored from its backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app.db.backups import DamagedDatabase, Reason, database_problem, list_backups, take_backup
from app.db.database import Database
from app.services.projects import create_project
from app.settings import BackupSettings, load_backup_settings
from tests.app.corrupt import corrupt
from tests.views.modal import answer_modal
from views.application import switch_database
from views.backups_dialog import BackupsDialog, offer_restore
from views.main_window import MainWindow
from views.worker import wait_for_operations

YESTERDAY = datetime.now(UTC) - timedelta(days=1)


def projects(window: MainWindow) -> list[str]:
    model = window.projects_model
    return sorted(model.index(row, 0).data() for row in range(model.rowCount()))


@pytest.fixture
def dialog(qtbot, window: MainWindow):
    take_backup(window.database, Reason.DAILY, now=YESTERDAY)
    made = BackupsDialog(window.context, window, on_restored=lambda: window.use_database(window.database))
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: not made.is_loading())
    yield made
    wait_for_operations()


def cells(dialog: BackupsDialog, row: int) -> list[str]:
    return [dialog.model.index(row, column).data() for column in range(dialog.model.columnCount())]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_dialog_lists_each_backup_with_its_date_size_reason_and_contents(dialog: BackupsDialog) -> None:
    assert dialog.model.rowCount() == 1
    date, size, reason, holds = cells(dialog, 0)
    assert date == f"{YESTERDAY.astimezone():%Y-%m-%d %H:%M}"
    assert size.endswith("KB") and reason == "daily"
    assert holds == "2 people, 3 projects, 0 policies, 0 budget plans"
    assert "steward.db" in dialog.explanation.text() and "backups" in dialog.explanation.text()


def test_back_up_now_adds_a_backup_taken_by_hand(qtbot, dialog: BackupsDialog) -> None:
    click(qtbot, dialog.back_up_button)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2 and not dialog.is_loading())
    assert cells(dialog, 0)[2] == "taken by hand"
    assert dialog.status.text().startswith("Backed up to ") and dialog.status.text().endswith("-manual.db.")
    assert [backup.reason for backup in list_backups(dialog.context.database)] == [Reason.MANUAL, Reason.DAILY]


def test_restore_asks_first_naming_the_date_and_what_it_replaces(qtbot, window: MainWindow, dialog) -> None:
    create_project(window.database, name="Made after the backup", stage="proof_of_concept")
    window.refresh()
    assert "Made after the backup" in projects(window)
    dialog.reload()
    qtbot.waitUntil(lambda: not dialog.is_loading())
    dialog.view.selectRow(0)

    asked = answer_modal(qtbot, button="Restore")
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Restored"))

    assert asked.text == f"Restore the backup of {YESTERDAY.astimezone():%Y-%m-%d %H:%M}?"
    assert "It holds 2 people, 3 projects" in asked.informative
    assert f"replaces {window.database.sqlite_path}, which holds 2 people, 4 projects" in asked.informative
    qtbot.waitUntil(lambda: "Made after the backup" not in projects(window))  # the window shows the restored file
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2 and not dialog.is_loading())
    assert cells(dialog, 0)[2] == "before a restore" and ", 4 projects," in cells(dialog, 0)[3]
    assert window.undo_stack.count() == 0


def test_a_restore_cancelled_changes_nothing(qtbot, window: MainWindow, dialog: BackupsDialog) -> None:
    create_project(window.database, name="Made after the backup", stage="proof_of_concept")
    dialog.view.selectRow(0)
    answer_modal(qtbot, button="Cancel")
    click(qtbot, dialog.restore_button)
    wait_for_operations()
    assert len(list_backups(window.database)) == 1
    with sqlite3.connect(window.database.sqlite_path) as connection:  # type: ignore[arg-type]
        assert connection.execute("SELECT count(*) FROM project").fetchone() == (4,)


def test_the_rotation_counts_are_saved_for_the_organisation(qtbot, dialog: BackupsDialog) -> None:
    assert dialog.rotation.settings() == BackupSettings()
    dialog.rotation.keep_last.setValue(3)
    dialog.rotation.monthly.setValue(24)
    click(qtbot, dialog.rotation.save_button)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved"))
    saved = load_backup_settings(dialog.context.database.reader())
    assert saved == BackupSettings(keep_last=3, monthly=24)


def test_file_backups_opens_the_dialog(qtbot, window: MainWindow) -> None:
    seen: dict[str, int] = {}

    def look(shown) -> None:
        assert isinstance(shown, BackupsDialog)
        qtbot.waitUntil(lambda: not shown.is_loading())
        seen["rows"] = shown.model.rowCount()
        shown.reject()

    answer_modal(qtbot, then=look)
    window.backups_action.trigger()
    assert seen == {"rows": 0}


def damage(database: Database) -> DamagedDatabase:
    database.dispose()
    assert database.sqlite_path is not None
    corrupt(database.sqlite_path)
    problem = database_problem(database.sqlite_path)
    assert problem is not None
    return DamagedDatabase(database.sqlite_path, problem)


def test_a_damaged_database_is_set_aside_and_its_newest_good_backup_restored(qtbot, organisation: Database) -> None:
    take_backup(organisation, Reason.DAILY, now=YESTERDAY)
    damaged = damage(organisation)
    assert organisation.sqlite_path is not None
    folder = organisation.sqlite_path.parent

    asked = answer_modal(qtbot, button="Restore it")
    assert offer_restore(None, organisation, damaged, leave="Quit")

    assert asked.text.startswith("steward.db is damaged (") and "moved it to" in asked.text
    assert "holds 2 people, 3 projects" in asked.informative
    assert database_problem(organisation.sqlite_path) is None
    assert len(list(folder.glob("steward.damaged-*.db"))) == 1
    with sqlite3.connect(organisation.sqlite_path) as connection:
        assert connection.execute("SELECT count(*) FROM project").fetchone() == (3,)


def test_quit_leaves_the_damaged_file_aside_and_restores_nothing(qtbot, organisation: Database) -> None:
    take_backup(organisation, Reason.DAILY, now=YESTERDAY)
    damaged = damage(organisation)
    assert organisation.sqlite_path is not None

    answer_modal(qtbot, button="Quit")
    assert not offer_restore(None, organisation, damaged, leave="Quit")
    assert not organisation.sqlite_path.exists()
    assert [path.name for path in organisation.sqlite_path.parent.glob("steward.damaged-*.db")] != []


def test_opening_a_damaged_database_from_the_window_offers_its_backup(qtbot, window: MainWindow, tmp_path) -> None:
    other = Database(tmp_path / "other" / "team.db")
    other.sqlite_path.parent.mkdir()  # type: ignore[union-attr]
    from app.services.setup import initialise

    initialise(other)
    create_project(other, name="Team project", stage="production")
    take_backup(other, Reason.DAILY, now=YESTERDAY)
    damage(other)

    answer_modal(qtbot, button="Restore it")
    window.open_database(str(other.sqlite_path))
    qtbot.waitUntil(lambda: window.database.describe() == other.describe())
    qtbot.waitUntil(lambda: projects(window) == ["Team project"])
    assert "team.db" in window.windowTitle()


def test_switching_to_a_sound_database_backs_it_up_for_the_day(qtbot, window: MainWindow, tmp_path) -> None:
    other = Database(tmp_path / "team.db")
    from app.services.setup import initialise

    initialise(other)
    create_project(other, name="Team project", stage="production")
    other.dispose()
    switched: list[Database] = []
    switch_database(window, Database(other.target), then=switched.append)
    qtbot.waitUntil(lambda: switched != [])
    assert [backup.reason for backup in list_backups(switched[0])] == [Reason.DAILY]
    assert window.statusBar().currentMessage().startswith("Today's backup: ")
    switched[0].dispose()


def test_at_start_up_a_damaged_database_is_restored_before_the_window_opens(qtbot, qapp, organisation) -> None:
    from views.application import open_at_start

    take_backup(organisation, Reason.DAILY, now=YESTERDAY)
    damage(organisation)

    answer_modal(qtbot, button="Restore it")
    assert open_at_start(qapp, organisation) is True  # opened, and worth its daily backup
    assert organisation.sqlite_path is not None and database_problem(organisation.sqlite_path) is None


def test_the_days_backup_at_start_up_runs_on_the_worker(qtbot, window: MainWindow) -> None:
    from views.application import back_up_today

    back_up_today(window, window.database)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Today's backup: "))
    assert [backup.reason for backup in list_backups(window.database)] == [Reason.DAILY]


def test_the_dialog_opens_on_its_list_and_enter_after_a_count_keeps_it(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    from views.dialogs import accept_button, is_input

    opened = BackupsDialog(window.context, window)
    qtbot.addWidget(opened)
    opened.open()
    qtbot.waitUntil(lambda: opened.isActiveWindow() and not opened.is_loading())
    assert QApplication.focusWidget() is opened.view and is_input(opened.view)
    defaults = [button for button in opened.findChildren(type(opened.close_button)) if button.isDefault()]
    assert defaults == [opened.close_button] == [accept_button(opened)]

    opened.rotation.daily.setFocus()
    opened.rotation.daily.selectAll()
    qtbot.keyClicks(opened.rotation.daily, "14")
    qtbot.keyClick(opened.rotation.daily, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not opened.isVisible())
    assert load_backup_settings(window.database.reader()).daily == 14
