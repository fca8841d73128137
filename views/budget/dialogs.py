"""The budget page's dialogs: a new plan (a scenario of one fiscal year, in one currency), and who approved a
submitted plan and when.

They change nothing themselves: the page reads ``values()`` when one is accepted
and makes the edit (asking first, for an approval, which cannot be undone).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from views.dialogs import ready_dialog
from views.form_layout import form_rows, ok_button, ok_cancel, problem_label, show_problem, text_field
from views.labels import tr
from views.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from app.analysis.budget import Approver


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
        self.name = text_field(self, tr("e.g. Baseline, With digital twin"), name="planName", max_length=100)
        self.fiscal_year = QSpinBox(self)
        self.fiscal_year.setRange(2000, 2200)
        self.fiscal_year.setValue(fiscal_year)
        self.currency = QLineEdit(currency, self)
        self.currency.setMaxLength(3)
        self.currency.setValidator(QRegularExpressionValidator(r"[A-Za-z]{0,3}", self.currency))
        self.currency.setFixedWidth(60)
        self.warning = problem_label(self, lines=2)
        self.buttons = ok_cancel(self, tr("Create plan"))
        form_rows(
            (tr("Scenario name"), self.name),
            (tr("Fiscal year"), self.fiscal_year),
            (tr("Currency"), self.currency),
            self.warning,
            self.buttons,
            parent=self,
        )
        for signal in (self.name.textChanged, self.currency.textChanged, self.fiscal_year.valueChanged):
            signal.connect(self._check)
        self._check()
        fit_to_screen(self, 420, self.sizeHint().height())
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
        show_problem(self.warning, ok_button(self.buttons), problem, complete=bool(name))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "fiscal_year": self.fiscal_year.value(),
            "currency": self.currency.text().upper(),
        }


def approver_label(person: Approver) -> str:
    """ "Daniel Cohen (Finance Director, Finance)": enough to tell two people of the same name apart."""
    details = ", ".join(part for part in (person.title, person.department) if part)
    return f"{person.name} ({details})" if details else person.name


class ApprovalDialog(QDialog):
    """Who approved a submitted plan (a person of the organisation, finance first) and on which day (today unless
    changed, never later)."""

    def __init__(
        self, parent: QWidget | None, *, plan: str, approvers: Sequence[Approver], today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.setWindowTitle(tr("Approve budget plan"))
        today = today or date.today()
        self.intro = QLabel(
            tr(
                "Record who approved {plan}, and when. Once approved the plan is read-only apart from its "
                "actuals, and the approval cannot be undone: a change to the plan is a revision."
            ).format(plan=plan),
            self,
        )
        self.intro.setWordWrap(True)
        self.approver = QComboBox(self)
        self.approver.setObjectName("approvedBy")
        self._names = {person.person_id: person.name for person in approvers}
        finance = [person for person in approvers if person.finance]
        others = [person for person in approvers if not person.finance]
        for person in finance:
            self.approver.addItem(approver_label(person), person.person_id)
        if finance and others:
            self.approver.insertSeparator(self.approver.count())
        for person in others:
            self.approver.addItem(approver_label(person), person.person_id)
        self.approver.setCurrentIndex(0 if approvers else -1)
        self.approver.setToolTip(tr("The finance department's people come first."))
        self.approved_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.approved_on.setObjectName("approvedOn")
        self.approved_on.setDisplayFormat("yyyy-MM-dd")
        self.approved_on.setCalendarPopup(True)
        self.approved_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.approved_on.setToolTip(tr("The day the plan was approved: today, or earlier if it is recorded late."))
        self.warning = problem_label(self)
        self.buttons = ok_cancel(self, tr("Approve…"))
        self.approve_button = ok_button(self.buttons)
        form_rows(
            self.intro,
            (tr("Approved by"), self.approver),
            (tr("Approved on"), self.approved_on),
            self.warning,
            self.buttons,
            parent=self,
        )
        if not approvers:
            self.warning.setText(tr("Nobody active in the organisation can approve the plan: add the approver first."))
        self.approve_button.setEnabled(bool(approvers))
        fit_to_screen(self, 460, self.sizeHint().height())
        ready_dialog(self, first=self.approver)

    def values(self) -> dict[str, Any]:
        """``approved_by_id`` and ``approved_on``, as ``app.services.budget.approve_plan`` takes them."""
        day = self.approved_on.date()
        return {
            "approved_by_id": int(self.approver.currentData()),
            "approved_on": date(day.year(), day.month(), day.day()),
        }

    def approver_name(self) -> str:
        """The chosen person's name, as the confirmation names them."""
        return self._names.get(self.approver.currentData(), "")
