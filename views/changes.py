"""The one "something changed" signal (after Anki): services report a ``Change``,
every page listens and decides for itself whether to refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.services.unit import Change


class ChangeHub(QObject):
    changed = Signal(object)  # app.services.unit.Change

    def publish(self, change: Change) -> None:
        self.changed.emit(change)
