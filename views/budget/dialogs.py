"""The budget page's dialog: a new plan (a scenario of one fiscal year, in one currency).

It changes nothing itself: the page reads ``values()`` when it is accepted and
makes the undoable edit.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from views.dialogs import ready_dialog
from views.labels import tr

OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


class NewPlanDialog(QDialog):
    """A plan's name (its scenario), fiscal year and currency; a name already used that year is refused here."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        fiscal_year: int,
        taken: Collection[tuple[str, int]] = (),
        currency: str = "EUR",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newPlanDialog")
        self.setWindowTitle(tr("New budget plan"))
        self._taken = {(name.casefold(), year) for name, year in taken}
        self.name = QLineEdit(self)
        self.name.setObjectName("planName")
        self.name.setPlaceholderText(tr("e.g. Baseline, With digital twin"))
        self.name.setMaxLength(100)
        self.fiscal_year = QSpinBox(self)
        self.fiscal_year.setRange(2000, 2200)
        self.fiscal_year.setValue(fiscal_year)
        self.currency = QLineEdit(currency, self)
        self.currency.setMaxLength(3)
        self.currency.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,3}", self.currency))
        self.currency.setFixedWidth(60)
        self.warning = QLabel("", self)
        self.warning.setObjectName("validationMessage")
        self.warning.setWordWrap(True)
        self.warning.setMinimumHeight(self.warning.fontMetrics().lineSpacing() * 2 + 2)
        self.buttons = QDialogButtonBox(OK_CANCEL, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Create plan"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Scenario name"), self.name)
        form.addRow(tr("Fiscal year"), self.fiscal_year)
        form.addRow(tr("Currency"), self.currency)
        form.addRow(self.warning)
        form.addRow(self.buttons)
        for signal in (self.name.textChanged, self.currency.textChanged, self.fiscal_year.valueChanged):
            signal.connect(self._check)
        self._check()
        self.resize(420, self.sizeHint().height())
        ready_dialog(self)

    def _check(self) -> None:
        name = self.name.text().strip()
        problem = ""
        if (name.casefold(), self.fiscal_year.value()) in self._taken:
            problem = tr("This project already has a plan called {name} for {year}.").format(
                name=name, year=self.fiscal_year.value()
            )
        elif len(self.currency.text()) != 3:
            problem = tr("The currency is a three-letter code such as EUR.")
        self.warning.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name) and not problem)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "fiscal_year": self.fiscal_year.value(),
            "currency": self.currency.text().upper(),
        }
