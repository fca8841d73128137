"""Read-only tables of the budget page: plans, roll-ups by category, period and stage, the scenario comparison.

``AmountTableModel`` shows rows of NamedTuples through column specs: text, an
amount (formatted, right-aligned, sorted by its exact ``Decimal``) or a flag
("over"/"under", said in words and coloured, so it never rests on colour
alone). A total row, when given, stays last under any sort (``TotalsProxy``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QFont

from views.budget.wording import OVER_FILL, OVER_TEXT, UNDER_FILL, UNDER_TEXT, flag_text, money
from views.roles import RecordRole, SortRole

AnyIndex = QModelIndex | QPersistentModelIndex
TEXT, MONEY, FLAG = "text", "money", "flag"
TotalRole = Qt.ItemDataRole.UserRole + 11


class Column(NamedTuple):
    header: str
    value: Callable[[Any], Any]
    kind: str = TEXT
    tooltip: str = ""


class AmountTableModel(QAbstractTableModel):
    """Rows of records with text, amount and flag columns; an optional total row after them."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: tuple[Any, ...] = ()
        self._total: Any = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {
            "over": (QBrush(OVER_TEXT), QBrush(OVER_FILL)),
            "under": (QBrush(UNDER_TEXT), QBrush(UNDER_FILL)),
        }

    def set_table(self, columns: Sequence[Column], rows: Sequence[Any], *, total: Any = None) -> None:
        """New columns and the rows they read, in one reset.

        Never one after the other: between two resets the views would read the
        old rows through the new columns (a period column the old rows lack),
        and an exception inside ``data()`` takes the whole process down with it.
        """
        self.beginResetModel()
        self._columns = list(columns)
        self._rows = tuple(rows)
        self._total = total
        self.endResetModel()

    def set_rows(self, rows: Sequence[Any], *, total: Any = None) -> None:
        """New rows for the same columns."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self._total = total
        self.endResetModel()

    def rows(self) -> tuple[Any, ...]:
        return self._rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._total is not None and self._rows else 0)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        is_total = index.row() == len(self._rows)
        record = self._total if is_total else self._rows[index.row()]
        column = self._columns[index.column()]
        value = column.value(record)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.kind == MONEY:
                return money(value) if isinstance(value, Decimal) else ("" if value is None else str(value))
            if column.kind == FLAG:
                return flag_text(str(value or ""))
            return "" if value is None else str(value)
        if role == SortRole:
            if column.kind == MONEY:
                return value if isinstance(value, Decimal) else Decimal("-1e18")
            return str(value or "").casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (is_total or (column.kind == FLAG and value)):
            return self._bold
        if column.kind == FLAG and value in self._brushes:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._brushes[value][0]
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._brushes[value][1]
        if role == RecordRole:
            return record
        if role == TotalRole:
            return is_total
        return None


class PinnedLastProxy(QSortFilterProxyModel):
    """Sorts by ``SortRole``; rows whose ``PIN_ROLE`` is true stay last, whichever way the column sorts."""

    PIN_ROLE: int = TotalRole

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        left_pinned = bool(left.data(self.PIN_ROLE))
        right_pinned = bool(right.data(self.PIN_ROLE))
        if left_pinned or right_pinned:
            # Last in ascending order, and (lessThan is read backwards then) last in descending order too.
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return right_pinned and not left_pinned if ascending else left_pinned and not right_pinned
        left_value = left.data(SortRole)
        right_value = right.data(SortRole)
        try:
            return bool(left_value < right_value)
        except TypeError:
            return str(left_value) < str(right_value)


class TotalsProxy(PinnedLastProxy):
    """Sorts by ``SortRole``; the total row stays last."""
