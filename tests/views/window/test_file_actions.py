"""File → Check database…, Export everything… and Import everything…, as a user reaches them from the menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.db.database import Database
from app.services.setup import initialise
from tests.views.modal import answer_modal
from views.main_window import MainWindow


def test_check_database_opens_the_check_and_says_the_database_is_healthy(qtbot, window: MainWindow) -> None:
    seen: list[str] = []

    def read(dialog) -> None:
        qtbot.waitUntil(lambda: "healthy" in dialog.status.text(), timeout=20_000)
        seen.append(dialog.status.text())
        dialog.reject()

    answer = answer_modal(qtbot, then=read)
    window.check_action.trigger()
    assert answer.answered and seen and "nothing wrong was found" in seen[0]


def test_everything_exported_from_one_window_fills_an_empty_database_in_another(
    qtbot, window: MainWindow, tmp_path: Path, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import views.database_export as database_export

    target = tmp_path / "everything.json"
    monkeypatch.setattr(database_export, "ask_export_path", lambda _parent: target)
    window.export_all_action.trigger()
    qtbot.waitUntil(lambda: "Wrote" in window.statusBar().currentMessage(), timeout=30_000)
    assert target.exists() and str(target) in window.statusBar().currentMessage()

    empty = Database(tmp_path / "new.db")
    initialise(empty)
    other = MainWindow(empty, settings=settings)
    qtbot.addWidget(other)
    other.show()
    monkeypatch.setattr(
        database_export.QFileDialog, "getOpenFileName", staticmethod(lambda *_args, **_kw: (str(target), ""))
    )
    answer_modal(qtbot, button="Import")
    other.import_all_action.trigger()
    qtbot.waitUntil(lambda: "Imported" in other.statusBar().currentMessage(), timeout=30_000)
    qtbot.waitUntil(lambda: other.project_list.model().rowCount() == 3, timeout=10_000)
    names = {other.project_list.model().index(row, 0).data() for row in range(3)}
    assert {"Fraud scoring", "Clinical triage", "Demand forecast"} <= names


def test_import_everything_into_a_database_that_holds_data_is_refused_with_a_sentence(
    qtbot, window: MainWindow
) -> None:
    answer = answer_modal(qtbot, button="OK")
    window.import_all_action.trigger()
    assert answer.answered and "already holds data" in answer.text
