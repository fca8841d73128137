"""File → Export everything… and Import everything…: the dialogs a user answers, and the database they leave."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from app.db.database import Database
from app.io.database_file import database_is_empty, export_database
from app.services.setup import initialise
from tests.views.conftest import settle
from tests.views.modal import answer_modal
from views.changes import ChangeHub
from views.context import AppContext
from views.database_export import can_import_everything, export_everything, import_everything


def stored_rows(database: Database) -> dict[str, list[tuple[object, ...]]]:
    assert database.sqlite_path is not None
    connection = sqlite3.connect(database.sqlite_path)
    try:
        names = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] != "alembic_version"
        ]
        return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in names}
    finally:
        connection.close()


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def empty_context(qapp, tmp_path: Path) -> AppContext:
    database = Database(tmp_path / "new.db")
    initialise(database)
    return AppContext(database, hub=ChangeHub())


def test_export_everything_asks_where_writes_on_the_worker_and_says_where(
    qtbot, monkeypatch: pytest.MonkeyPatch, parent: QWidget, demo_context: AppContext, tmp_path: Path
) -> None:
    typed = tmp_path / "everything"  # no extension typed: the chosen format's is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(typed), "Excel workbook (*.xlsx)"))
    said: list[str] = []
    assert export_everything(parent, demo_context, said=said.append) is not None
    qtbot.waitUntil(lambda: bool(said), timeout=60_000)
    settle()
    written = tmp_path / "everything.xlsx"
    assert said[0].endswith(f"rows of 21 tables to {written}.")
    target = Database(tmp_path / "copy.db")
    initialise(target)
    from app.io.database_file import import_database

    import_database(target, written)
    assert stored_rows(target) == stored_rows(demo_context.database)


def test_a_cancelled_save_dialog_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, parent: QWidget, demo_context: AppContext, tmp_path: Path
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    assert export_everything(parent, demo_context) is None
    assert list(tmp_path.glob("*.json")) == [] and list(tmp_path.glob("*.xlsx")) == []


def test_import_everything_fills_an_empty_database_after_asking(
    qtbot, parent: QWidget, demo_context: AppContext, empty_context: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "everything.json"
    export_database(demo_context.database, path)
    assert can_import_everything(empty_context)
    said: list[str] = []
    asked = answer_modal(qtbot, button="Import")
    assert import_everything(parent, empty_context, path=path, done=said.append) is not None
    assert asked.answered and "everything.json" in asked.text
    qtbot.waitUntil(lambda: bool(said), timeout=60_000)
    settle()
    assert said[0].startswith("Imported ") and said[0].endswith(f"from {path}.")
    assert stored_rows(empty_context.database) == stored_rows(demo_context.database)
    assert not can_import_everything(empty_context)


def test_import_everything_is_not_offered_on_a_database_with_data(
    qtbot, parent: QWidget, demo_context: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "everything.json"
    export_database(demo_context.database, path)
    before = stored_rows(demo_context.database)
    assert not can_import_everything(demo_context)
    said = answer_modal(qtbot, button="OK")
    assert import_everything(parent, demo_context, path=path) is None
    assert said.answered and "already holds data" in said.text
    assert stored_rows(demo_context.database) == before


def test_cancelling_the_question_imports_nothing(
    qtbot, parent: QWidget, demo_context: AppContext, empty_context: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "everything.json"
    export_database(demo_context.database, path)
    asked = answer_modal(qtbot, button="Cancel")
    assert import_everything(parent, empty_context, path=path) is None
    assert asked.answered and database_is_empty(empty_context.database)


def test_without_a_callback_a_box_says_where_the_file_went(
    qtbot, parent: QWidget, demo_context: AppContext, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "everything.json"
    export_everything(parent, demo_context, path=path)

    def box_shown() -> QMessageBox | None:
        return parent.findChild(QMessageBox, "everythingDoneBox")

    qtbot.waitUntil(lambda: box_shown() is not None and box_shown().isVisible(), timeout=60_000)
    settle()
    box = box_shown()
    assert box is not None and box.text().endswith(f"to {path}.")
    box.accept()
    assert path.exists()


def test_a_file_that_is_not_an_export_is_one_sentence_and_nothing_is_written(
    qtbot, parent: QWidget, empty_context: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "report.json"
    path.write_text('{"project": "Fraud scoring"}', encoding="utf-8")
    answer_modal(qtbot, button="Import")
    assert import_everything(parent, empty_context, path=path) is not None
    refused = answer_modal(qtbot, button="OK")
    qtbot.waitUntil(lambda: refused.answered, timeout=30_000)
    settle()
    assert refused.text.startswith(f"{path} cannot be imported: it is not a whole-database file of Steward")
    assert database_is_empty(empty_context.database)


def test_cancel_during_an_export_leaves_no_file(
    qtbot, parent: QWidget, demo_context: AppContext, tmp_path: Path
) -> None:
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from views.worker import Operation

    busy = threading.Event()
    Operation(parent, busy.wait).run()  # the worker is busy, so the export waits behind it
    said: list[str] = []
    path = tmp_path / "everything.json"
    assert export_everything(parent, demo_context, path=path, said=said.append) is not None
    progress = parent.findChild(QProgressDialog, "everythingProgress")
    assert progress is not None
    progress.canceled.emit()  # what its Cancel button sends
    busy.set()
    settle()
    assert said == [] and list(tmp_path.glob("*everything*")) == []
