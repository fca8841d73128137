"""An organisation-wide page: analysed on the worker while shown, afresh after every relevant change.

The org-wide staffing gaps and the governance heat map load the same way, so
``OrgPage`` holds it once: ``refresh`` asks the ``ReloadGate`` for a load (only
while the page is shown, one at a time), the newest result is shown, an error
goes to ``report_error``, and a change whose entity is one of
``relevant_entities`` (members of ``Entity``, matched exactly) asks for a refresh. A page supplies how to load
(``_loader``, made on the GUI thread, run on the worker) and how to show the
result (``_show``); it builds its parts, ``summary`` (a headline that wraps) among
them, and ends its ``__init__`` with ``_place(*parts)``: its title and loading label
above them, full-text tooltips, and a first load when first shown. A page whose rows are
projects mixes in ``OpensProjects``: it asks for the one activated to be opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.layouts import Part, named_label, top_to_bottom
from views.reload_gate import ReloadGate
from views.roles import IdRole
from views.worker import Operation

if TYPE_CHECKING:
    from app.services.change import Change, Entity


class OrgPage(QWidget):
    # The entities whose changes can alter what the page shows.
    relevant_entities: frozenset[Entity] = frozenset()

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, title: str) -> None:
        super().__init__(parent)
        self.context = context
        self._reload = ReloadGate(self, self._load)
        self.title = QLabel(title, self)
        self.title.setObjectName("gapsPageTitle")
        self.summary = named_label(self, "staffingSummary", rich=True)
        self.loading_label = QLabel(tr("Analysing…"), self)
        self.loading_label.setObjectName("staffingMessage")
        self.loading_label.hide()
        self.context.hub.changed.connect(self._on_changed)

    def heading(self) -> QHBoxLayout:
        """The page's top row: its title, and at the right the loading label."""
        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addStretch(1)
        row.addWidget(self.loading_label)
        return row

    def _place(self, *parts: Part) -> None:
        """Finish building the page: ``heading()`` above ``parts``, every cut text (cells, titles, pick
        lists) readable whole in its tooltip, and a load asked for (not shown yet, the page is only marked
        stale, so its first show loads)."""
        top_to_bottom(self, self.heading(), *parts, margin=8)
        show_full_text(self)
        self.refresh()

    # --- what a page supplies --------------------------------------------------------
    def _loader(self) -> Callable[[], Any]:
        raise TypeError(f"{type(self).__name__} must override _loader to say how its data is loaded.")

    def _show(self, data: Any) -> None:
        raise TypeError(f"{type(self).__name__} must override _show to show what it loaded.")

    # --- loading -------------------------------------------------------------------
    def refresh(self) -> None:
        """Analyse afresh on the worker (deferred while the page is hidden)."""
        self._reload.request()

    def is_loading(self) -> bool:
        """Whether an analysis is on its way (tests wait for it to end)."""
        return self._reload.loading

    def _load(self) -> None:
        self.loading_label.show()
        Operation(self, self._loader()).success(self._loaded).failure(self._load_failed).run()

    def _finished(self) -> bool:
        """Bookkeeping after a load; False when a newer load was asked for (its result wins)."""
        if not self._reload.finished():
            return False
        self.loading_label.hide()
        return True

    def _loaded(self, data: Any) -> None:
        if self._finished():
            self._show(data)

    def _load_failed(self, error: BaseException) -> None:
        if not self._finished():
            return
        from views.errors import report_error

        report_error(self, error)

    def _on_changed(self, change: Change) -> None:
        if change.entity in self.relevant_entities:
            self.refresh()


if TYPE_CHECKING:
    _Mixed = QWidget  # what the mixin is mixed into, for the type checker (its signal is a page's)
else:
    _Mixed = object


class OpensProjects(_Mixed):
    """Mixed into an organisation-wide page of projects' rows: ``project_activated(project_id)`` when one
    is activated (``class OrgGapsPage(OpensProjects, OrgPage)``); it is no page of its own."""

    project_activated = Signal(int)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        project_id = index.data(IdRole)
        if project_id is not None:
            self.project_activated.emit(int(project_id))
