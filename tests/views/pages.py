"""Waiting on a page the way its tests do: for the worker's operations to finish and their callbacks to
run, for the loads behind them to show (after a button that asks first, too); and the project a page is
asked to show, found by its name."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton

from app.db.database import Database
from tests.views.modal import ModalAnswer, answer_modal
from views.worker import wait_for_operations


class LoadingPage(Protocol):
    def is_loading(self) -> bool: ...


def settle() -> None:
    """Let the last operations finish and their callbacks run, so that none arrives after the page is gone."""
    for _ in range(3):
        wait_for_operations()
        QCoreApplication.processEvents()


def wait_for_reload(qtbot, page: LoadingPage) -> None:
    """Let the edits queued on the worker finish, their changes be published and the loads behind them show."""
    settle()
    qtbot.waitUntil(lambda: not page.is_loading())


def press_answering(qtbot, page: LoadingPage, button: QAbstractButton, *, answer: str) -> ModalAnswer:
    """Click ``button``, answer the box it opens with its button ``answer``, and wait for the page's reload."""
    answered = answer_modal(qtbot, button=answer)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    return answered


def project_id(database: Database, name: str) -> int:
    found: int = database.reader().scalar("SELECT id FROM project WHERE name = :name", {"name": name})
    return found
