"""The budget page's roll-ups, one tab each: the plan by category and by life-cycle stage (planned,
actual, difference, expected to date and the over/under flag), and category × period."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from views.budget.tab_layout import caption, tab_column
from views.budget.tables import FLAG, MONEY, AmountTableModel, Column, TotalsProxy
from views.budget.wording import category_label, stage_label
from views.labels import tr
from views.tables import read_only_table

if TYPE_CHECKING:
    from app.analysis.budget import PlanRollup
    from views.budget.loading import BudgetData


def rollup_table(parent: QWidget, name: str, model: AmountTableModel) -> QTableView:
    """A sortable read-only table of ``model``, its total row kept last, first in the order given."""
    proxy = TotalsProxy(parent)
    proxy.setSourceModel(model)
    table = read_only_table(
        parent, proxy, name=name, sortable=True, resize_mode=QHeaderView.ResizeMode.ResizeToContents
    )
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    return table


class RollupTab(QWidget):
    """One roll-up: what it shows in a sentence, and its table."""

    def __init__(self, parent: QWidget, *, name: str, model: AmountTableModel, text: str) -> None:
        super().__init__(parent)
        self.model = model
        self.table = rollup_table(self, name, model)
        layout = tab_column(self)
        layout.addWidget(caption(text, self))
        layout.addWidget(self.table, 1)


def _flagged_columns(first: Column, *, difference_tip: str = "") -> list[Column]:
    tolerance = tr("Over: actual above expected to date by more than the tolerance; under: below it by more.")
    return [
        first,
        Column(tr("Planned"), lambda row: row.planned, MONEY),
        Column(tr("Actual"), lambda row: row.actual, MONEY),
        Column(tr("Difference"), lambda row: row.variance, MONEY, difference_tip),
        Column(tr("Expected to date"), lambda row: row.expected_to_date, MONEY),
        Column(tr("Spending to date"), lambda row: row.flag, FLAG, tolerance),
    ]


class Rollups:
    """The three roll-up tabs, filled together from one plan's roll-up."""

    def __init__(self, parent: QWidget) -> None:
        category = Column(tr("Category"), lambda row: category_label(row.category) if row.category else tr("Total"))
        self.category = RollupTab(
            parent,
            name="categoryTable",
            model=AmountTableModel(_flagged_columns(category, difference_tip=tr("Planned minus actual.")), parent),
            text=tr(
                "Planned against actual per category; the flag compares "
                "actual spending with what was expected by today."
            ),
        )
        self.period = RollupTab(
            parent,
            name="categoryPeriodTable",
            model=AmountTableModel([], parent),
            text=tr("Planned amounts per category and period; quarter lines show in their quarter."),
        )
        self.period.table.setSortingEnabled(False)
        stage_columns = _flagged_columns(
            Column(tr("Life-cycle stage"), lambda row: stage_label(row.stage) if row.stage else tr("Total"))
        )
        self.stage = RollupTab(
            parent,
            name="stageTable",
            model=AmountTableModel(stage_columns, parent),
            text=tr("What each stage of the life cycle costs, to judge return on investment stage by stage."),
        )

    def tabs(self) -> list[tuple[QWidget, str]]:
        """The tabs in the page's order, with their titles."""
        return [
            (self.category, tr("By category")),
            (self.period, tr("Category × period")),
            (self.stage, tr("By stage")),
        ]

    def clear(self) -> None:
        for tab in (self.category, self.period, self.stage):
            tab.model.set_rows(())

    def show_rollup(self, data: BudgetData) -> None:
        assert data.plan is not None and data.rollup is not None
        rollup = data.rollup
        totals = rollup.totals
        total_row = SimpleNamespace(
            category="",
            stage="",
            planned=totals.planned,
            actual=totals.actual,
            variance=totals.variance,
            expected_to_date=totals.expected_to_date,
            flag="",
        )
        self.category.model.set_rows(rollup.by_category, total=total_row)
        self.stage.model.set_rows(rollup.by_stage, total=total_row)
        self._show_periods(rollup)
        for tab in (self.category, self.stage, self.period):
            tab.table.resizeColumnsToContents()

    def _show_periods(self, rollup: PlanRollup) -> None:
        periods = list(rollup.by_period)

        def period_cell(position: int) -> Callable[[Any], Any]:
            return lambda row: row[1][position]

        columns = [Column(tr("Category"), lambda row: row[0])]
        for position, period_row in enumerate(periods):
            columns.append(Column(period_row.label, period_cell(position), MONEY))
        columns.append(Column(tr("Total"), lambda row: row[2], MONEY))
        rows = []
        for category_row in rollup.by_category:
            cells = [rollup.grid.get((category_row.category, period_row.period)) for period_row in periods]
            rows.append((category_label(category_row.category), cells, category_row.planned))
        total = (tr("Total"), [period_row.planned for period_row in periods], rollup.totals.planned)
        self.period.model.set_table(columns, rows, total=total)
