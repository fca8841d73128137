"""The budget page's scenario comparison: the shown plan beside another of the project's plans,
category by category, with the difference."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from views.budget.rollup_tabs import rollup_table
from views.budget.tab_layout import caption, tab_column
from views.budget.tables import MONEY, AmountTableModel, Column
from views.budget.wording import category_label, state_label
from views.labels import tr

if TYPE_CHECKING:
    from views.budget.loading import BudgetData


class CompareTab(QWidget):
    """Which plan to compare with, and the two side by side. ``chosen(plan_id)`` when the user picks one."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compare_choice = QComboBox(self)
        self.compare_choice.setObjectName("compareChoice")
        self.compare_choice.setMinimumContentsLength(28)
        self.compare_choice.currentIndexChanged.connect(self._chosen)
        self.compare_model = AmountTableModel([], self)
        self.compare_table = rollup_table(self, "compareTable", self.compare_model)
        self.compare_empty = caption(tr("The project has only one plan: create another scenario to compare."), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Compare with"), self))
        top.addWidget(self.compare_choice)
        top.addStretch(1)
        layout = tab_column(self)
        layout.addLayout(top)
        layout.addWidget(self.compare_empty)
        layout.addWidget(self.compare_table, 1)

    def _chosen(self, _position: int) -> None:
        plan_id = self.compare_choice.currentData()
        if plan_id is not None:
            self.chosen.emit(int(plan_id))

    def clear(self) -> None:
        self.compare_model.set_rows(())
        self.compare_choice.clear()

    def show_comparison(self, data: BudgetData) -> int | None:
        """The other plans to choose from and the comparison loaded; returns the plan compared with."""
        assert data.plan is not None
        others = [summary for summary in data.plans if summary.plan_id != data.plan.plan_id]
        self.compare_choice.blockSignals(True)
        self.compare_choice.clear()
        for summary in others:
            self.compare_choice.addItem(
                tr("{name} · {year} · rev. {revision} · {state}").format(
                    name=summary.name,
                    year=summary.fiscal_year,
                    revision=summary.revision,
                    state=state_label(summary.state),
                ),
                summary.plan_id,
            )
        wanted = data.compare_plan.plan_id if data.compare_plan is not None else None
        self.compare_choice.setCurrentIndex(self.compare_choice.findData(wanted) if wanted is not None else -1)
        self.compare_choice.blockSignals(False)
        self.compare_empty.setVisible(not others)
        self.compare_choice.setEnabled(bool(others))
        self._show_table(data)
        return wanted

    def _show_table(self, data: BudgetData) -> None:
        comparison = data.comparison
        if comparison is None or data.compare_plan is None or data.plan is None:
            self.compare_model.set_rows(())
            return
        first = f"{data.plan.name} (rev. {data.plan.revision})"
        second = f"{data.compare_plan.name} (rev. {data.compare_plan.revision})"
        self.compare_model.set_table(
            [
                Column(tr("Category"), lambda row: category_label(row.category) if row.category else tr("Total")),
                Column(first, lambda row: row.planned[0], MONEY),
                Column(second, lambda row: row.planned[1], MONEY),
                Column(tr("Difference"), lambda row: row.difference[1], MONEY, tr("The second plan minus the first.")),
            ],
            comparison.rows,
            total=comparison.totals,
        )
        self.compare_table.resizeColumnsToContents()
