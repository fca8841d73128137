"""The budget page's headline totals: planned, actual, difference, expected to date, and whether the
spending to date is over, under or on track (by the budget analysis' own rule and tolerance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.analysis.budget import spending_flag
from views.budget.wording import money
from views.labels import tr

if TYPE_CHECKING:
    from views.budget.loading import BudgetData


class TotalCard(QFrame):
    """One headline total: a caption and the amount."""

    def __init__(self, caption: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("budgetCard")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("budgetCardCaption")
        # A long caption ("Spending to date (2 categories over, 6 under)") wraps rather than widen the row.
        self.caption.setWordWrap(True)
        self.value = QLabel("–", self)
        self.value.setObjectName("budgetCardValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip(tooltip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)

    def show_value(self, text: str, *, warn: bool = False) -> None:
        self.value.setText(text)
        self.setProperty("warn", warn)
        self.style().unpolish(self)
        self.style().polish(self)


class TotalsRow(QWidget):
    """The five cards side by side, over the shown plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planned_card = TotalCard(tr("Planned"), tr("Everything the plan sets aside, labour included."), self)
        self.actual_card = TotalCard(
            tr("Actual"), tr("Spending recorded so far (lines without an actual count as 0)."), self
        )
        self.difference_card = TotalCard(
            tr("Difference"), tr("Planned minus actual: positive is still available."), self
        )
        self.expected_card = TotalCard(
            tr("Expected to date"), tr("Planned amounts prorated over the part of each period that has passed."), self
        )
        self.spend_card = TotalCard(
            tr("Spending to date"),
            tr("Actual against expected to date, with the tolerance set in the finance settings."),
            self,
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for card in self.cards():
            layout.addWidget(card, 1)

    def cards(self) -> tuple[TotalCard, ...]:
        return (self.planned_card, self.actual_card, self.difference_card, self.expected_card, self.spend_card)

    def clear(self) -> None:
        for card in self.cards():
            card.show_value("–")

    def show_totals(self, data: BudgetData) -> None:
        assert data.plan is not None and data.rollup is not None
        totals = data.rollup.totals
        currency = data.plan.currency
        self.planned_card.show_value(money(totals.planned, currency))
        self.actual_card.show_value(money(totals.actual, currency))
        self.difference_card.show_value(money(totals.variance, currency), warn=totals.variance < 0)
        self.expected_card.show_value(money(totals.expected_to_date, currency))
        # The plan's own flag by the rule that flags its categories and stages, with the same tolerance.
        flag = spending_flag(totals.actual, totals.expected_to_date, data.settings.overspend_tolerance_percent)
        recorded = any(line.actual is not None for line in data.plan.lines)
        flags = [row.flag for row in data.rollup.by_category if row.flag]
        if not recorded:
            words = tr("No actuals yet")
        elif flag == "over":
            words = tr("⚠ Over budget")
        elif flag == "under":
            words = tr("Under spent")
        else:
            words = tr("✓ On track")
        caption = tr("Spending to date")
        if recorded and flags:
            caption = tr("Spending to date ({over} categories over, {under} under)").format(
                over=flags.count("over"), under=flags.count("under")
            )
        self.spend_card.caption.setText(caption)
        self.spend_card.show_value(words, warn=flag == "over")
