"""Every dialog opens ready for the keyboard: focus in its first field, Enter on its default button.

A dialog whose buttons were made before its fields opens with focus on the
first button that takes it, often Cancel (Space then cancels, typing goes
nowhere). ``ready_dialog(dialog)`` is the one call each dialog makes at the end
of its constructor (sizing it too, with ``width=``): each time the dialog is shown, the focus goes to its first
field (the topmost, then leftmost input: a text field, spin box, pick list or
check box; a list or table only when there is none of those) and its default button, the one Enter presses, is the
accept button of its button box (OK, Add, Save, Import…). A dialog that knows
better says so: ``first=`` for the field to start in (when the first one is
already filled in for the user), ``default=`` for a destructive dialog, whose
Enter must press Cancel. It also gives the dialog's cut texts their tooltips
(``views.full_text``).

``run_modal(dialog)`` runs a dialog with ``exec()`` and lets Qt delete it once
answered: its parent would otherwise keep every one ever opened;
``open_deleted_on_close(dialog, closed=...)`` opens one window-modal, likewise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from views.full_text import show_full_text

_READY = "_steward_ready"  # the attribute holding a dialog's _Ready
DialogT = TypeVar("DialogT", bound=QDialog)


def is_input(widget: QWidget) -> bool:
    """Whether ``widget`` is a field the user types in or picks from (not a button, label or read-only text)."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractItemView):
        return not isinstance(widget, QHeaderView)
    return isinstance(widget, QComboBox | QCheckBox | QRadioButton)


def first_field(dialog: QDialog) -> QWidget | None:
    """The dialog's topmost, then leftmost, input that can take the focus (not one inside another input)."""
    candidates = [
        widget
        for widget in dialog.findChildren(QWidget)
        if is_input(widget)
        and widget.isEnabled()
        and widget.isVisibleTo(dialog)
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not _inside_an_input(widget, dialog)
    ]
    if not candidates:
        return None

    def place(widget: QWidget) -> tuple[bool, int, int]:
        # A list or table is where the focus starts only when the dialog has no field to fill in: one
        # above the fields usually shows what the dialog is about (the gaps a justification answers).
        corner = widget.mapTo(dialog, QPoint(0, 0))
        return isinstance(widget, QAbstractItemView), corner.y(), corner.x()

    return min(candidates, key=place)


def accept_button(dialog: QDialog) -> QPushButton | None:
    """The accept (OK, Yes, Apply) button of the dialog's first button box, if any."""
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if box.buttonRole(button) in (
                QDialogButtonBox.ButtonRole.AcceptRole,
                QDialogButtonBox.ButtonRole.YesRole,
            ) and isinstance(button, QPushButton):
                return button
    return None


# Every live _Ready by its dialog's address: the Python side of a dialog can be collected while Qt keeps the
# dialog (its parent owns it), and a _Ready held only through it would come back from Qt without its attributes.
_alive: dict[int, _Ready] = {}


class _Ready(QObject):
    """Puts the focus and the default button in place each time the dialog is shown."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self.first: QWidget | None = None
        self.default: QPushButton | None = None
        key = id(self)
        _alive[key] = self
        self.destroyed.connect(lambda *_args, key=key: _alive.pop(key, None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._dialog and event.type() == QEvent.Type.Show:
            self.apply()
        return False

    def apply(self) -> None:
        dialog = self._dialog
        show_full_text(dialog)
        default = self.default or accept_button(dialog)
        if default is not None:
            for button in dialog.findChildren(QPushButton):
                if button is not default:
                    button.setDefault(False)
            default.setDefault(True)
        first = self.first if self.first is not None and self.first.isEnabled() else first_field(dialog)
        if first is not None:
            # Before the dialog is active this only marks the field: the dialog gives it the focus as it opens.
            first.setFocus(Qt.FocusReason.TabFocusReason)
        elif default is not None:
            default.setFocus(Qt.FocusReason.TabFocusReason)


def ready_dialog(
    dialog: QDialog,
    *,
    first: QWidget | None = None,
    default: QPushButton | None = None,
    width: int = 0,
    height: int = 0,
) -> None:
    """Open ``dialog`` with the focus in ``first`` (else its first field) and Enter on ``default``
    (else its accept button); a later call (a subclass's) replaces what an earlier one said.

    With ``width``, the dialog is made that wide now, and ``height`` tall (as tall as its contents ask
    without one).
    """
    if width:
        dialog.resize(width, height or dialog.sizeHint().height())
    ready = getattr(dialog, _READY, None)
    if not isinstance(ready, _Ready):
        ready = _Ready(dialog)
        setattr(dialog, _READY, ready)
        dialog.installEventFilter(ready)
    if first is not None:
        ready.first = first
    if default is not None:
        ready.default = default


def _inside_an_input(widget: QWidget, dialog: QDialog) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if is_input(parent) or isinstance(parent, QAbstractButton):
            return True
        parent = parent.parentWidget()
    return False


def run_modal(dialog: QDialog) -> int:
    """``dialog.exec()``, then let Qt delete the dialog (its parent would keep every one ever opened).

    The deletion waits for the event loop, so what the caller reads of the dialog right after (its
    values, the button clicked) is still there.
    """
    result = dialog.exec()
    dialog.deleteLater()
    return result


def open_deleted_on_close(dialog: DialogT, *, closed: Callable[[], object] | None = None) -> DialogT:
    """Open ``dialog`` window-modal (``open()``); ``closed`` runs once it is answered, then Qt deletes it."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if closed is not None:
        dialog.finished.connect(lambda _result: closed())
    dialog.open()
    return dialog
