"""The budget page's lines: the selected plan's lines (labour aside) in a spreadsheet-like grid, edited
in place on a draft, with its clipboard (copy the selected cells, paste a spreadsheet's rows over lines
or as new ones), Delete lines, and the plan's totals under the amounts.

The grid only gathers: a typed cell, a paste or a delete reaches the page
(``BudgetPage``), which makes the edit (one service call, undoable) as its initiator.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from views.budget.cells import (
    ACTUAL,
    CATEGORY,
    DESCRIPTION,
    DIFFERENCE,
    NOTE,
    PERIOD,
    PLANNED,
    STAGE,
    cell_problem,
    column_title,
)
from views.budget.editors import LineDelegate
from views.budget.paste import Paste, paste_targets, read_paste
from views.budget.plan_model import LinesModel, LinesProxy, NewLineRole
from views.budget.tab_layout import caption, tab_column
from views.budget.wording import money
from views.labels import tr
from views.roles import RecordRole
from views.selection import SelectionFollower
from views.tables import edited_in_place

if TYPE_CHECKING:
    from app.analysis.budget import LineRow, PlanData, Totals

# Every column in view in a 1280-px window beside the sidebar: the description takes what is left.
COLUMN_WIDTHS = (
    (CATEGORY, 140),
    (PERIOD, 126),
    (STAGE, 106),
    (PLANNED, 98),
    (ACTUAL, 98),
    (DIFFERENCE, 98),
    (NOTE, 130),
)


class LinesTab(QWidget):
    """The lines grid with its actions (Copy, Paste rows, Delete lines), the totals and a hint under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines_model = LinesModel(self)
        self.lines_proxy = LinesProxy(self)
        self.lines_proxy.setSourceModel(self.lines_model)
        self.grid = self._build_grid()
        self._build_actions()
        # Delete lines acts on the lines with a selected cell, never on the cell the current index is merely on.
        self.line_selection: SelectionFollower[LineRow] = SelectionFollower(self.grid)
        self.hint_for_draft = tr(
            "Type to edit · Tab moves · Delete removes lines · Ctrl+V pastes spreadsheet rows "
            "(on the last row: as new lines)"
        )
        # Both wrap: a label that does not asks for its whole text's width, and the long hint beside the totals
        # widened the 1280-px window to 1457 px whenever a draft was shown.
        self.grid_hint = caption(self.hint_for_draft, self)
        self.grid_totals = QLabel("", self)
        self.grid_totals.setObjectName("budgetGridTotals")
        self.grid_totals.setWordWrap(True)
        self.grid_totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = tab_column(self)
        layout.addWidget(self.grid, 1)
        # The totals under the grid's amounts, the hint on a line of its own: side by side, one of them was cut.
        layout.addWidget(self.grid_totals)
        layout.addWidget(self.grid_hint)

    def _build_grid(self) -> QTableView:
        grid = QTableView(self)
        grid.setObjectName("budgetGrid")
        grid.setModel(self.lines_proxy)
        grid.setItemDelegate(LineDelegate(self.lines_model, grid))
        edited_in_place(grid, selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        grid.setTabKeyNavigation(True)
        grid.setAlternatingRowColors(True)
        grid.setWordWrap(False)
        grid.setSortingEnabled(True)
        grid.sortByColumn(PERIOD, Qt.SortOrder.AscendingOrder)
        grid.verticalHeader().setDefaultSectionSize(26)
        grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = grid.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS:
            header.resizeSection(column, width)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        return grid

    def _build_actions(self) -> None:
        self.delete_action = QAction(tr("Delete lines"), self.grid)
        self.delete_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.paste_action = QAction(tr("Paste rows"), self.grid)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action = QAction(tr("Copy"), self.grid)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for action in (self.copy_action, self.paste_action, self.delete_action):
            self.grid.addAction(action)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action.triggered.connect(self.copy_selection)

    # --- showing -------------------------------------------------------------------
    def clear(self) -> None:
        self.lines_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
        self.grid_totals.setText("")

    def show_lines(self, lines: Sequence[LineRow], plan: PlanData | None) -> None:
        """``plan``'s ``lines``, editable when it is a draft; the current cell stays on its line."""
        if plan is None:
            self.lines_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
            return
        editable = plan.state == "draft"
        current = self.grid.currentIndex()
        keep = (current.data(RecordRole), current.column()) if current.isValid() else None
        self.lines_model.set_lines(lines, fiscal_year=plan.fiscal_year, start_month=plan.start_month, editable=editable)
        if keep is not None and not self.grid.currentIndex().isValid():
            self._restore_current(*keep)
        self.grid_hint.setText(self.hint_for_draft if editable else tr("Read-only: the banner above says why."))

    def _restore_current(self, line: LineRow | None, column: int) -> None:
        """After the lines were replaced: the same line's cell again, else the "new line" row (just added to)."""
        row = self.lines_model.row_of(line.id) if line is not None else -1
        if row < 0:
            row = self.lines_model.rowCount() - 1
        if row < 0:
            return
        index = self.lines_proxy.mapFromSource(self.lines_model.index(row, column))
        self.grid.setCurrentIndex(index)
        self.grid.scrollTo(index)

    def show_totals(self, totals: Totals, currency: str) -> None:
        self.grid_totals.setText(
            tr("Totals: planned <b>{planned}</b> · actual <b>{actual}</b> · difference <b>{difference}</b>").format(
                planned=money(totals.planned, currency),
                actual=money(totals.actual, currency),
                difference=money(totals.variance, currency),
            )
        )

    def update_actions(self, *, draft: bool) -> None:
        """Paste while the grid shows a draft; Delete lines only with lines selected in it."""
        self.paste_action.setEnabled(draft)
        self.delete_action.setEnabled(draft and bool(self.selected_lines()))

    def cell_refusal(self, row: int, column: int, reason: str) -> str:
        """Why a typed cell its column cannot take was refused, named by its row as shown (the grid's numbers)."""
        if self.lines_model.is_new_row(row):
            return tr("New line, {column}: {reason}.").format(column=column_title(column), reason=reason)
        shown = self.lines_proxy.mapFromSource(self.lines_model.index(row, column)).row()
        return cell_problem(shown + 1, column, reason)

    # --- reading -------------------------------------------------------------------
    def selected_lines(self) -> list[LineRow]:
        """The lines with a selected cell, top to bottom as shown (the "new line" row is no line)."""
        return self.line_selection.selected_records()

    def new_line_values(self, *, stage: str) -> dict[str, Any]:
        """What a new line starts with (``LineInput`` fields): the category, period and stage of the current
        cell's line, else of the last line, else contingency in the first month at ``stage``."""
        from app.analysis.budget import Period

        values: dict[str, Any] = {
            "category": "contingency",
            "description": "",
            "period": Period("month", 1),
            "stage": stage,
            "planned": Decimal("0.00"),
            "actual": None,
            "note": "",
        }
        current = self.grid.currentIndex()
        record = current.data(RecordRole) if current.isValid() else None
        lines = self.lines_model.lines()
        model_line = record if record is not None else (lines[-1] if lines else None)
        if model_line is not None:
            values.update(category=model_line.category, period=model_line.period, stage=model_line.stage)
        return values

    # --- clipboard ---------------------------------------------------------------------
    def copy_selection(self) -> None:
        """The selected cells as tab-separated rows, as a spreadsheet would copy them."""
        indexes = self.grid.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({index.row() for index in indexes})
        columns = sorted({index.column() for index in indexes})
        chosen = {(index.row(), index.column()) for index in indexes}
        text = "\n".join(
            "\t".join(
                str(self.lines_proxy.index(row, column).data() or "") if (row, column) in chosen else ""
                for column in columns
            )
            for row in rows
            if not self.lines_proxy.index(row, 0).data(NewLineRole)
        )
        QGuiApplication.clipboard().setText(text + "\n")

    def read_paste(self, block: Sequence[Sequence[str]], *, plan: PlanData, defaults: dict[str, Any]) -> Paste:
        """What ``block`` pasted at the selection makes (``PasteRefused`` when a cell cannot be taken)."""
        selected = [(index.row(), index.column()) for index in self.grid.selectionModel().selectedIndexes()]
        current = self.grid.currentIndex()
        new_row = self.lines_proxy.rowCount() - 1  # the "new line" row of a draft
        origin, targets = paste_targets(
            block,
            selected=selected,
            current=(current.row(), current.column()) if current.isValid() else None,
            new_row=new_row,
        )
        return read_paste(
            targets,
            origin=origin,
            new_row=new_row,
            line_at=lambda row: self.lines_proxy.index(row, 0).data(RecordRole),
            defaults=defaults,
            fiscal_year=plan.fiscal_year,
            start_month=plan.start_month,
        )
