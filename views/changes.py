"""The one "something changed" signal (after Anki): services report a ``Change``,
every page listens and decides for itself whether to refresh.

A page declares the entities it shows (``relevant_entities``, members of
``app.services.change.Entity``) and matches them exactly. The page that made
an edit and queued its own reload behind it is the edit's *initiator*: while
the hub delivers that change, ``initiator()`` names it, so that page can skip
a second load (an undo or redo from the Edit menu has no initiator).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.services.change import Change


class ChangeHub(QObject):
    changed = Signal(object)  # app.services.change.Change

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._initiator: QObject | None = None

    def publish(self, change: Change, *, initiator: QObject | None = None) -> None:
        """Tell every page about ``change``; ``initiator`` is the widget whose edit it was, if any."""
        outer, self._initiator = self._initiator, initiator
        try:
            self.changed.emit(change)
        finally:
            self._initiator = outer

    def initiator(self) -> QObject | None:
        """While a change is being delivered: the widget whose edit it is (None for an undo, a redo, a menu)."""
        return self._initiator

    def initiated_by(self, widget: QObject) -> bool:
        """Whether the change being delivered is an edit made in ``widget`` or in a widget inside it."""
        initiator = self._initiator
        while initiator is not None:
            if initiator is widget:
                return True
            initiator = initiator.parent()
        return False
