"""Answering a modal box or dialog the way a user does: wait for it to appear, then press its button.

A modal ``exec()`` blocks the test's own code, so the answer is scheduled
first and given from the event loop the box runs::

    answer_modal(qtbot, button="Approve")
    page.approve_button.click()        # opens the box; the scheduled answer clicks "Approve"
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget

WAIT_MS = 5_000


class ModalAnswer:
    """What the scheduled answer met: the box's text, and whether it came at all."""

    def __init__(self) -> None:
        self.text = ""
        self.informative = ""
        self.answered = False
        self.widget_name = ""


def answer_modal(
    qtbot,
    *,
    button: str | None = None,
    then: Callable[[QDialog], None] | None = None,
    key: object | None = None,
) -> ModalAnswer:
    """When the next modal dialog opens, click its button labelled ``button`` (mnemonic ``&`` ignored),
    or press ``key`` on it, or hand it to ``then``."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    answer = ModalAnswer()
    waited = {"ms": 0}

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            waited["ms"] += 10
            if waited["ms"] < WAIT_MS:
                QTimer.singleShot(10, attempt)
            return
        answer.widget_name = dialog.objectName()
        if isinstance(dialog, QMessageBox):
            answer.text = dialog.text()
            answer.informative = dialog.informativeText()
        answer.answered = True
        if then is not None:
            then(dialog)
        elif key is not None:
            qtbot.keyClick(dialog.focusWidget() or dialog, key)
        elif button is not None:
            found = _button(dialog, button)
            assert found is not None, f"no button {button!r} in {dialog.objectName() or dialog}"
            qtbot.mouseClick(found, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, attempt)
    return answer


def _button(dialog: QWidget, text: str) -> QAbstractButton | None:
    for candidate in dialog.findChildren(QAbstractButton):
        if candidate.isVisible() and candidate.text().replace("&", "") == text:
            return candidate
    return None
