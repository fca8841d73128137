"""Undo: each edit is a ``QUndoCommand`` that calls services (after Orange's canvas).

Edits run as operations on the worker; a command is pushed only once its first
``do`` has succeeded there, so the stack never holds an edit that did not
happen. Undo and redo then run ``undo``/``do`` as operations of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from views.changes import ChangeHub
from views.labels import tr
from views.worker import Operation

if TYPE_CHECKING:
    from app.services.unit import Change

ServiceCall = Callable[[], "Change"]


class ServiceCommand(QUndoCommand):
    """An edit as a pair of service calls: ``do`` and the ``undo`` that reverses it."""

    def __init__(
        self, text: str, *, do: ServiceCall, undo: ServiceCall, hub: ChangeHub, parent_widget: QWidget | None
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._hub = hub
        self._parent_widget = parent_widget
        self._applied = True  # pushed after ``do`` already ran once

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        Operation(self._parent_widget, self._do).success(self._hub.publish).run()

    def undo(self) -> None:
        Operation(self._parent_widget, self._undo).success(self._hub.publish).run()


def run_edit(
    stack: QUndoStack,
    text: str,
    *,
    do: ServiceCall,
    undo: ServiceCall | None,
    hub: ChangeHub,
    parent: QWidget | None,
    on_success: Callable[[Change], None] | None = None,
    on_refused: Callable[[str], None] | None = None,
) -> None:
    """Run ``do`` on the worker; when it succeeds, publish the change and make it undoable.

    ``undo=None`` is for edits with no reverse (a merge, an erasure): they are
    published but not put on the stack. With ``on_refused``, a ``UserError`` goes
    back to the caller (a dialog that stays open to be corrected) instead of a
    message box; any other error is a bug and still reaches the crash dialog.
    """

    def done(change: Change) -> None:
        if undo is not None and change.action != "unchanged":
            stack.push(ServiceCommand(text, do=do, undo=undo, hub=hub, parent_widget=parent))
        hub.publish(change)
        if on_success is not None:
            on_success(change)

    operation = Operation(parent, do).success(done)
    if on_refused is not None:

        def failed(error: BaseException) -> None:
            from app.errors import UserError
            from views.errors import report_error

            if isinstance(error, UserError):
                on_refused(str(error))
                return
            on_refused(tr("The change was not saved."))
            report_error(parent, error)

        operation.failure(failed)
    operation.run()
