"""Actions that follow a view's selection exactly: what is selected, and a signal whenever that may change.

A button that acts on "the selected person" must act on the row the user
selected and on nothing else. A view's *current* index is not that row: when
the current row goes away (a deactivated person filtered out, a retired skill
hidden), Qt moves the current index to a neighbour without selecting it, and a
button that read ``currentIndex()`` would then act on someone the user never
chose. ``SelectionFollower`` reads the selection only, and says ``changed``
whenever it may have changed: the selection or the current index moved, or the
model's rows changed under it (reset, new layout, rows inserted or removed), so
a page re-evaluates its buttons and menu actions on every one of those.

A view that selects several rows (or cells, as the budget grid does) reads
them all with ``selected_records``; ``selected`` stays "the one row, or None".
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView

from views.roles import RecordRole

RecordT = TypeVar("RecordT")


class SelectionFollower(QObject, Generic[RecordT]):
    """The one selected row of ``view`` (``None`` unless exactly one row is selected), and ``changed``.

    ``RecordT`` is what the view's rows hold in ``role`` (a page says ``SelectionFollower[PersonRow]``).
    """

    changed = Signal()

    def __init__(self, view: QAbstractItemView, *, role: int = RecordRole) -> None:
        super().__init__(view)
        self._view = view
        self._role = role
        # The rows the latest selection change let go, until the event loop turns (see _rows_gone).
        self._let_go: list[QPersistentModelIndex] = []
        selection = view.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)
        selection.currentChanged.connect(self._emit)
        model = view.model()
        model.rowsRemoved.connect(self._rows_gone)
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self._emit)

    def _emit(self, *_arguments: Any) -> None:
        self.changed.emit()

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        # Only a swap (one row let go, another taken) can be the view's neighbour pick; a view that selects
        # several rows picks none, and keeps its other selected rows when one of them goes.
        self._let_go = (
            [QPersistentModelIndex(index) for index in deselected.indexes()] if not selected.isEmpty() else []
        )
        if self._let_go:
            QTimer.singleShot(0, self, self._let_go.clear)
        self.changed.emit()

    def _rows_gone(self, *_arguments: Any) -> None:
        # When the selected row is removed, a single-selection view selects a neighbour (before any slot
        # of ours hears of the removal). The user chose the row that went, not that neighbour: a selection
        # change that let go of a row which is gone now was the view's, and nothing stays selected.
        if self._let_go and any(not index.isValid() for index in self._let_go):
            self._let_go = []
            self._view.selectionModel().clearSelection()
        self.changed.emit()

    def selected_indexes(self) -> list[QModelIndex]:
        """The first column's index of every row with a selected cell, in row order (top to bottom in a table)."""
        # Keyed as Qt identifies an index within its model: a grid with every cell selected has thousands.
        rows: dict[tuple[int, int], QModelIndex] = {}
        for index in self._view.selectionModel().selectedIndexes():
            first = index.siblingAtColumn(0)
            if first.isValid():
                rows.setdefault((first.row(), first.internalId()), first)
        return sorted(rows.values(), key=lambda index: index.row())

    def selected_index(self) -> QModelIndex | None:
        """The first column's index of the selected row, or None unless exactly one row is selected."""
        rows = self.selected_indexes()
        return rows[0] if len(rows) == 1 else None

    def selected(self) -> RecordT | None:
        """The selected row's record (its ``role`` data), or None when no single row is selected."""
        index = self.selected_index()
        record: RecordT | None = index.data(self._role) if index is not None else None
        return record

    def selected_records(self) -> list[RecordT]:
        """The records (``role`` data) of every selected row, top to bottom; rows without one are left out."""
        records = (index.data(self._role) for index in self.selected_indexes())
        return [record for record in records if record is not None]


def select_row(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Select ``index``'s whole row, current and scrolled into sight; False when there is no such row to show."""
    if not index.isValid():
        return False
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.scrollTo(index)
    return True
