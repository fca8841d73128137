"""The budget grid's model: a plan's lines, one row each, and a "new line" row under them.

``LinesModel`` holds ``LineRow`` records of ``app.analysis.budget`` (read on the
worker) and never writes. An edit of a cell is checked here (``views.budget.cells``)
and announced: ``edit_requested(line_id, field, before, after)`` for a line,
``add_requested(field, value)`` for the "new line" row, ``refused(row, column,
reason)`` for text its column cannot take. The edited value shows until the next load
replaces the rows, so a cell does not jump back while the service call runs.

``LinesProxy`` sorts by ``SortRole`` and keeps the "new line" row last.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from views.budget.cells import (
    ACTUAL,
    CATEGORY,
    DESCRIPTION,
    DIFFERENCE,
    FIELDS,
    HEADERS,
    MONEY_COLUMNS,
    NOTE,
    PERIOD,
    PLANNED,
    STAGE,
    CellError,
    read_cell,
)
from views.budget.tables import PinnedLastProxy
from views.budget.wording import MUTED_TEXT, OVER_TEXT, category_label, money, stage_label
from views.labels import tr
from views.roles import IdRole, RecordRole, SortRole

if TYPE_CHECKING:
    from app.analysis.budget import LineRow, Period

AnyIndex = QModelIndex | QPersistentModelIndex

__all__ = [
    "ACTUAL",
    "CATEGORY",
    "DESCRIPTION",
    "DIFFERENCE",
    "HEADERS",
    "NOTE",
    "PERIOD",
    "PLANNED",
    "STAGE",
    "LinesModel",
    "LinesProxy",
    "NewLineRole",
]

# True on the "new line" row (the proxy keeps it last; the page pastes new lines there).
NewLineRole = Qt.ItemDataRole.UserRole + 10


class LinesModel(QAbstractTableModel):
    """A plan's lines for the grid; editable only while the plan is a draft."""

    edit_requested = Signal(int, str, object, object)  # line id, field, before, after
    add_requested = Signal(str, object)  # field, value: a new line with this one cell filled
    refused = Signal(int, int, str)  # row, column, what is wrong (the page names the row as shown)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[LineRow, ...] = ()
        self._fiscal_year = 2000
        self._start_month = 1
        self._editable = False
        self._pending: dict[tuple[int, int], Any] = {}
        self._labels: dict[Period, str] = {}
        self._starts: dict[Period, Any] = {}
        self._muted = QBrush(MUTED_TEXT)
        self._over = QBrush(OVER_TEXT)
        self._italic = QFont()
        self._italic.setItalic(True)

    # --- content -------------------------------------------------------------------
    def set_lines(self, lines: Sequence[LineRow], *, fiscal_year: int, start_month: int, editable: bool) -> None:
        """Show ``lines``; the same lines again (after an edit of a cell) are updated in place.

        In place, an editor the user has opened on the next cell (Tab) stays open
        and the current cell stays where it is; a reset would close and lose both.
        """
        from app.analysis.budget import Period, period_dates, period_label

        lines = tuple(lines)
        same_shape = (fiscal_year, start_month, editable) == (self._fiscal_year, self._start_month, self._editable)
        if same_shape and self._rows and [line.id for line in lines] == [line.id for line in self._rows]:
            self._rows = lines
            self._pending.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = lines
        self._fiscal_year = fiscal_year
        self._start_month = start_month
        self._editable = editable
        self._pending.clear()
        self._labels.clear()
        self._starts.clear()
        for kind, count in (("month", 12), ("quarter", 4)):
            for number in range(1, count + 1):
                period = Period(kind, number)
                self._labels[period] = period_label(fiscal_year, start_month, period)
                # Quarters sort just before their first month.
                self._starts[period] = (period_dates(fiscal_year, start_month, period)[0], kind != "quarter")
        self.endResetModel()

    def lines(self) -> tuple[LineRow, ...]:
        return self._rows

    def is_editable(self) -> bool:
        return self._editable

    def fiscal_year(self) -> int:
        return self._fiscal_year

    def start_month(self) -> int:
        return self._start_month

    def period_choices(self) -> list[tuple[Period, str]]:
        """Every period of the fiscal year with its label: the months, then the quarters."""
        return list(self._labels.items())

    def period_text(self, period: Period) -> str:
        return self._labels.get(period, f"{period.kind} {period.number}")

    def row_of(self, line_id: int) -> int:
        return next((row for row, line in enumerate(self._rows) if line.id == line_id), -1)

    def is_new_row(self, row: int) -> bool:
        return self._editable and row == len(self._rows)

    # --- Qt's table interface ------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._editable else 0)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return "*" if section == len(self._rows) else str(section + 1)
            return None
        if not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                PERIOD: tr("A month or quarter of the fiscal year; type M3, Q2 or 2026-09."),
                DIFFERENCE: tr("Planned minus actual: positive is under budget, negative over."),
            }.get(section)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable and index.column() in FIELDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _value(self, line: LineRow, column: int) -> Any:
        key = (line.id, column)
        if key in self._pending:
            return self._pending[key]
        if column == DIFFERENCE:
            actual = self._value(line, ACTUAL)
            return None if actual is None else self._value(line, PLANNED) - actual
        return getattr(line, FIELDS[column])

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        column = index.column()
        if index.row() == len(self._rows):
            return self._new_row_data(column, role)
        line = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == Qt.ItemDataRole.EditRole:
            value = self._value(line, column)
            if column in (PLANNED, ACTUAL):
                return "" if value is None else str(value)
            return value if column in FIELDS else self._display(line, column)
        if role == SortRole:
            return self._sort_value(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == DIFFERENCE:
                difference = self._value(line, DIFFERENCE)
                return self._over if difference is not None and difference < 0 else None
            if column == NOTE:
                return self._muted
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DIFFERENCE:
                difference = self._value(line, DIFFERENCE)
                if difference is None:
                    return tr("No actual recorded yet.")
                return tr("Over budget by {amount}.").format(amount=money(-difference)) if difference < 0 else None
            if column in (DESCRIPTION, NOTE):
                return self._value(line, column) or None
            return None
        if role == RecordRole:
            return line
        if role == IdRole:
            return line.id
        if role == NewLineRole:
            return False
        return None

    def _new_row_data(self, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return tr("New line: type or paste here") if column == CATEGORY else ""
        if role == Qt.ItemDataRole.EditRole:
            return "" if column in (PLANNED, ACTUAL, DESCRIPTION, NOTE) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._muted
        if role == Qt.ItemDataRole.FontRole and column == CATEGORY:
            return self._italic
        if role == NewLineRole:
            return True
        return None

    def _display(self, line: LineRow, column: int) -> str:
        value = self._value(line, column)
        if column == CATEGORY:
            return category_label(value)
        if column == STAGE:
            return stage_label(value)
        if column == PERIOD:
            return self.period_text(value)
        if column in MONEY_COLUMNS:
            return money(value)
        return "" if value is None else str(value)

    def _sort_value(self, line: LineRow, column: int) -> Any:
        value = self._value(line, column)
        if column == CATEGORY:
            return category_label(value).casefold()
        if column == STAGE:
            return stage_label(value).casefold()
        if column == PERIOD:
            return self._starts.get(value, (value.kind, value.number))
        if column in MONEY_COLUMNS:
            return value if value is not None else Decimal("-1e18")
        return str(value).casefold()

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Check an edited cell and announce it; the page turns it into a service call."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable:
            return False
        column = index.column()
        if column not in FIELDS:
            return False
        try:
            after = self.read(column, value)
        except CellError as error:
            self.refused.emit(index.row(), column, str(error))
            return False
        if index.row() == len(self._rows):
            if after in (None, "") and column not in (CATEGORY, STAGE, PERIOD):
                return False
            self.add_requested.emit(FIELDS[column], after)
            return True
        line = self._rows[index.row()]
        # "Before" is what the cell shows: an earlier edit still on its way there is what the database
        # will hold when this one runs (the worker runs edits in order).
        before = self._value(line, column)
        if after == before:
            return False
        self._pending[(line.id, column)] = after
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        self.edit_requested.emit(line.id, FIELDS[column], before, after)
        return True

    def read(self, column: int, value: Any) -> Any:
        """The stored value of what an editor gave (already a value from a pick list, or text)."""
        from app.analysis.budget import Period

        if column == PERIOD and isinstance(value, Period):
            return value
        if column in (CATEGORY, STAGE) and value is None:
            raise CellError(tr("a choice is needed"))
        if isinstance(value, Decimal) and column in (PLANNED, ACTUAL):
            return read_cell(column, str(value), fiscal_year=self._fiscal_year, start_month=self._start_month)
        return read_cell(
            column, "" if value is None else str(value), fiscal_year=self._fiscal_year, start_month=self._start_month
        )


class LinesProxy(PinnedLastProxy):
    """Sorts the lines by ``SortRole``; the "new line" row stays last whichever way."""

    PIN_ROLE = NewLineRole

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Row numbers count rows as shown, as in a spreadsheet (a refused cell's sentence names its row so).
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            if not 0 <= section < self.rowCount():
                return None
            return "*" if self.index(section, 0).data(NewLineRole) else str(section + 1)
        return super().headerData(section, orientation, role)
