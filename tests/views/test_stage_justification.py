"""The overview's governance gaps, and the justification asked for before a project moves on past blocking ones.

Real widgets over a real temporary database. The justification dialog is either
built and accepted directly, or its ``exec`` is replaced so no modal is left open.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.analysis.governance import blocking_gaps_for_stage
from app.db.database import Database
from models.enums import Stage
from views.main_window import MainWindow
from views.projects.justification_dialog import JustificationDialog
from views.projects.overview_page import BLOCKING, CATEGORY, REASON, STATUS

WHY = "Pilot with ten analysts; the CISO agreed, policies due by March."


def stage_in_db(database: Database, name: str) -> str:
    return database.reader().scalar("SELECT stage FROM project WHERE name = :name", {"name": name})


def select(window: MainWindow, name: str) -> None:
    row = next(r for r in range(window.projects_proxy.rowCount()) if window.projects_proxy.index(r, 0).data() == name)
    window.project_list.setCurrentIndex(window.projects_proxy.index(row, 0))


def gap_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    model = window.overview.gaps_proxy
    return [
        (model.index(row, CATEGORY).data(), model.index(row, STATUS).data(), model.index(row, BLOCKING).data())
        for row in range(model.rowCount())
    ]


def test_the_overview_lists_open_gaps_with_status_in_words_and_colour(qtbot, window: MainWindow) -> None:
    select(window, "Fraud scoring")  # production, automated, personal data, no policy at all
    overview = window.overview
    # The rules are evaluated on the worker, after the page has painted.
    qtbot.waitUntil(lambda: ("Human oversight", "Missing", "Blocking") in gap_rows(window))
    rows = gap_rows(window)
    assert ("Human oversight", "Missing", "Blocking") in rows
    assert ("Incident response", "Missing", "Blocking") in rows
    assert ("Data privacy", "Missing", "Blocking") in rows
    assert all(status == "Missing" for _, status, _ in rows)
    status = overview.gaps_proxy.index(0, STATUS)
    assert status.data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#fde7e4")
    assert overview.gaps_proxy.index(0, REASON).data().endswith(".")
    assert f"{len(rows)} blocking" in overview.gaps_summary.text()
    assert overview.gaps.isVisibleTo(overview)

    select(window, "Demand forecast")  # a proof of concept without personal data: nothing asked yet
    qtbot.waitUntil(lambda: "No governance rule" in overview.gaps_summary.text())
    assert gap_rows(window) == []
    assert "No governance rule" in overview.gaps_summary.text()
    assert not overview.gaps.isVisibleTo(overview)


def test_the_dialog_lists_the_gaps_and_needs_a_justification(qtbot, organisation: Database) -> None:
    triage = organisation.reader().scalar("SELECT id FROM project WHERE name = 'Clinical triage'")
    gaps = blocking_gaps_for_stage(organisation.reader(), triage, Stage.PRODUCTION)
    dialog = JustificationDialog(gaps, project="Clinical triage", stage=Stage.PRODUCTION)
    qtbot.addWidget(dialog)
    assert dialog.gaps_model.rowCount() == len(gaps) > 0
    assert "Production" in dialog.windowTitle()
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # Enter with no text does not slip through
    assert dialog.result() != JustificationDialog.DialogCode.Accepted
    dialog.text.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.text.setPlainText(f"  {WHY}\n")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.result() == JustificationDialog.DialogCode.Accepted
    assert dialog.justification() == WHY


def move(qtbot, window: MainWindow, stage: Stage) -> None:
    overview = window.overview
    overview.stage.setCurrentIndex(overview.stage.findData(stage))
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)


def test_a_refused_move_asks_for_a_justification_and_saves_with_it_undoably(
    qtbot, window: MainWindow, organisation: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[set[str]] = []

    def answer(dialog: JustificationDialog) -> int:
        # What the dialog lists, read while it is open (it is deleted once answered).
        asked.append({dialog.gaps_model.index(row, CATEGORY).data() for row in range(dialog.gaps_model.rowCount())})
        dialog.text.setPlainText(WHY)
        return JustificationDialog.DialogCode.Accepted

    monkeypatch.setattr(JustificationDialog, "exec", answer)
    select(window, "Clinical triage")
    move(qtbot, window, Stage.PRODUCTION)
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Clinical triage") == "production")
    (listed,) = asked
    assert {"Incident response", "Exit strategy and data migration", "Audit and compliance"} <= listed
    reason = organisation.reader().scalar("SELECT reason FROM audit_event ORDER BY id DESC LIMIT 1")
    assert reason == WHY
    qtbot.waitUntil(lambda: window.header.stage.text() == "Production")

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Clinical triage") == "pre_production")
    # The undo is written on the worker and answered on the GUI thread: Redo is there to press once it is.
    qtbot.waitUntil(window.redo_action.isEnabled)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Clinical triage") == "production")
    assert len(asked) == 1  # redo saves with the justification given, without asking again


def test_a_cancelled_justification_saves_nothing(
    qtbot, window: MainWindow, organisation: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[JustificationDialog] = []

    def cancel(dialog: JustificationDialog) -> int:
        asked.append(dialog)
        return JustificationDialog.DialogCode.Rejected

    monkeypatch.setattr(JustificationDialog, "exec", cancel)
    select(window, "Clinical triage")
    audits = organisation.reader().scalar("SELECT count(*) FROM audit_event")
    move(qtbot, window, Stage.PRODUCTION)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert stage_in_db(organisation, "Clinical triage") == "pre_production"
    assert organisation.reader().scalar("SELECT count(*) FROM audit_event") == audits
    assert window.overview.is_dirty()  # the edit stays in the form, to justify or revert
    assert not window.undo_stack.canUndo()
    window.overview.revert()  # else closing the window at teardown asks whether to save


def test_moving_back_needs_no_justification(
    qtbot, window: MainWindow, organisation: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JustificationDialog, "exec", lambda dialog: pytest.fail("no justification is needed"))
    select(window, "Fraud scoring")
    move(qtbot, window, Stage.DEVELOPMENT)
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Fraud scoring") == "development")
    # The edit is on the undo stack once its success has come back from the worker, a moment after the write.
    qtbot.waitUntil(window.undo_stack.canUndo)
    # Undo returns it to production, where it was; the audit trail says why, and nobody is asked.
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Fraud scoring") == "production")
    reason = organisation.reader().scalar("SELECT reason FROM audit_event ORDER BY id DESC LIMIT 1")
    assert reason.startswith("Undo")
