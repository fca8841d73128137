"""A page built the first time it is shown.

Pages of later features (the skill matrix pulls in numpy, reports pull in
reportlab) must cost nothing at start-up: the main window holds a ``LazyPage``
with a factory, and the real page is made on first show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    def __init__(
        self,
        factory: Callable[[QWidget], QWidget],
        parent: QWidget | None = None,
        *,
        on_created: Callable[[QWidget], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = factory
        self._on_created = on_created
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_page(self) -> QWidget:
        if self.page is None:
            self.page = self._factory(self)
            self._layout.addWidget(self.page)
            if self._on_created is not None:
                self._on_created(self.page)
        return self.page

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_page()
        super().showEvent(event)
