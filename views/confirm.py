"""Asking before an action that cannot be taken back, and before unsaved edits would be lost.

One look and one behaviour for every such question: the button says what it
does ("Approve", "Erase"), Escape and Cancel always cancel, and for a
destructive action the default button is Cancel, so a stray Enter loses nothing.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from views.labels import tr


def confirm(
    parent: QWidget | None,
    *,
    title: str,
    text: str,
    action: str,
    detail: str = "",
    destructive: bool = False,
) -> bool:
    """Ask ``text``; True when the user pressed the ``action`` button."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question, title, text, parent=parent
    )
    box.setObjectName("confirmBox")
    if detail:
        box.setInformativeText(detail)
    accept = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    accept.setObjectName("confirmAccept")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else accept)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, *, what: str) -> Unsaved:
    """``what`` has unsaved edits: save them, discard them, or stay (cancel)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Unsaved changes"),
        tr("{what} has unsaved changes.").format(what=what),
        parent=parent,
    )
    box.setObjectName("unsavedBox")
    box.setInformativeText(tr("Save them before you go on?"))
    save = box.addButton(QMessageBox.StandardButton.Save)
    discard = box.addButton(QMessageBox.StandardButton.Discard)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Unsaved.SAVE
    if clicked is discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL
