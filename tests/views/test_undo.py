"""The undo history tells the truth: it moves only when the database did, and never offers a step it cannot take."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.services import people, projects
from views.context import AppContext
from views.undo import UndoHistory


def name_of(database: Database, project_id: int) -> str:
    return database.reader().scalar("SELECT name FROM project WHERE id = :id", {"id": project_id})


@pytest.fixture
def project(database: Database) -> int:
    return projects.create_project(database, name="Fraud scoring").ids[0]


def rename(history: UndoHistory, database: Database, project_id: int, before: str, after: str) -> None:
    history.run_edit(
        f"Rename {before} to {after}",
        do=lambda: projects.update_project(database, project_id, {"name": after}),
        undo=lambda: projects.update_project(database, project_id, {"name": before}),
        parent=None,
    )


def settled(qtbot, history: UndoHistory) -> None:
    qtbot.waitUntil(lambda: not history.is_busy())


def test_do_undo_redo_undo_follow_the_database(qtbot, context: AppContext, database: Database, project: int) -> None:
    history = context.undo_stack
    rename(history, database, project, "Fraud scoring", "Fraud detection")
    qtbot.waitUntil(lambda: history.canUndo())
    assert history.undoText() == "Rename Fraud scoring to Fraud detection"
    history.undo()
    qtbot.waitUntil(lambda: name_of(database, project) == "Fraud scoring")
    settled(qtbot, history)
    assert history.canRedo() and not history.canUndo()
    history.redo()
    qtbot.waitUntil(lambda: name_of(database, project) == "Fraud detection")
    settled(qtbot, history)
    history.undo()
    qtbot.waitUntil(lambda: name_of(database, project) == "Fraud scoring")


def test_an_undo_asked_for_while_the_edit_is_on_its_way_undoes_that_edit(
    qtbot, context: AppContext, database: Database, project: int
) -> None:
    history = context.undo_stack
    rename(history, database, project, "Fraud scoring", "Fraud detection")
    rename(history, database, project, "Fraud detection", "Fraud triage")
    history.undo()  # before either edit has come back
    settled(qtbot, history)
    assert name_of(database, project) == "Fraud detection"
    assert history.undoText() == "Rename Fraud scoring to Fraud detection"
    assert history.redoText() == "Rename Fraud detection to Fraud triage"


def test_a_step_whose_rows_changed_elsewhere_is_dropped_with_its_reason(
    qtbot, context: AppContext, database: Database, project: int
) -> None:
    history = context.undo_stack
    messages: list[str] = []
    history.message.connect(messages.append)
    rename(history, database, project, "Fraud scoring", "Fraud detection")
    settled(qtbot, history)
    # A colleague (another window, the CLI) renames it again; the history hears of it through the hub.
    context.hub.publish(projects.update_project(database, project, {"name": "Card fraud"}))
    qtbot.waitUntil(lambda: not history.canUndo())
    assert messages[-1] == "Cannot undo “Rename Fraud scoring to Fraud detection”: the project changed since."
    assert not history.canRedo()
    assert name_of(database, project) == "Card fraud"


def test_an_undo_taken_after_an_unheard_change_is_refused_and_changes_nothing(
    qtbot, context: AppContext, database: Database, project: int
) -> None:
    history = context.undo_stack
    rename(history, database, project, "Fraud scoring", "Fraud detection")
    settled(qtbot, history)
    projects.update_project(database, project, {"name": "Card fraud"})  # no change signal: another process
    history.undo()
    settled(qtbot, history)
    assert name_of(database, project) == "Card fraud"
    assert not history.canUndo() and not history.canRedo()


def test_a_refused_undo_is_not_offered_as_a_redo(qtbot, context: AppContext, database: Database) -> None:
    history = context.undo_stack
    created: dict[str, int] = {}

    def add() -> object:
        change = people.create_person(database, name="Finn Berg", email="finn@example.org", department="IT")
        created["id"] = change.ids[0]
        return change

    history.run_edit("Add Finn Berg", do=add, undo=lambda: people.delete_person(database, created["id"]), parent=None)
    settled(qtbot, history)
    # The person gains history the undo may not erase: deleting them is refused.
    project = projects.create_project(database, name="Fraud scoring").ids[0]
    projects.add_member(database, project, created["id"], role="Engineer", allocation=0.5)
    history.undo()
    settled(qtbot, history)
    assert database.reader().scalar("SELECT count(*) FROM person WHERE id = :id", {"id": created["id"]}) == 1
    assert not history.canUndo() and not history.canRedo()


def test_the_edit_menu_names_the_step_and_is_disabled_without_one(
    qtbot, context: AppContext, database: Database, project: int
) -> None:
    history = context.undo_stack
    owner = QWidget()
    qtbot.addWidget(owner)
    undo_action, redo_action = history.create_actions(owner)
    assert not undo_action.isEnabled() and not redo_action.isEnabled()
    rename(history, database, project, "Fraud scoring", "Fraud detection")
    qtbot.waitUntil(undo_action.isEnabled)
    assert undo_action.text() == "&Undo Rename Fraud scoring to Fraud detection"
    undo_action.trigger()
    qtbot.waitUntil(redo_action.isEnabled)
    assert not undo_action.isEnabled()
    assert redo_action.text() == "&Redo Rename Fraud scoring to Fraud detection"
    assert isinstance(history, QObject)
