"""Organisation settings: the rules that turn area scores into T-shapes, and finance's numbers.

They are organisation-wide (stored in the database, audited), not per-user, so
every page and report of everyone using the database classifies people alike.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.settings import FinanceSettings, ShapeThresholds, StaffingSettings
from views.context import AppContext
from views.dialogs import ready_dialog
from views.labels import tr
from views.undo import run_edit

if TYPE_CHECKING:
    from app.services.change import Change


class ShapeRulesDialog(QDialog):
    def __init__(self, context: AppContext, current: StaffingSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Skill shape rules"))
        self.context = context
        self._current = current
        shapes = current.shapes
        self.deep_level = self._spin(1, 4, shapes.deep_level)
        self.broad_level = self._spin(1, 4, shapes.broad_level)
        self.min_broad = self._spin(1, 7, shapes.min_broad)
        self.pi_min_deep = self._spin(2, 7, shapes.pi_min_deep)
        self.problem = QLabel("", self)
        self.problem.setObjectName("validationMessage")
        self.problem.setWordWrap(True)
        explanation = QLabel(
            tr(
                "An area's score is a person's best level in it. Deep areas score at least the deep level; broad "
                "areas at least the broad level without being deep. T-shaped: one deep area and enough broad ones; "
                "Π-shaped: two or more deep areas as well; I-shaped: deep but not broad enough; generalist: broad "
                "with no deep area."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        form = QFormLayout(self)
        form.addRow(explanation)
        form.addRow(tr("Deep from level"), self.deep_level)
        form.addRow(tr("Broad from level"), self.broad_level)
        form.addRow(tr("Broad areas needed (T, Π, generalist)"), self.min_broad)
        form.addRow(tr("Deep areas needed for Π-shaped"), self.pi_min_deep)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        for spin in (self.deep_level, self.broad_level, self.min_broad, self.pi_min_deep):
            spin.valueChanged.connect(self._validate)
        self.resize(480, self.sizeHint().height())
        self._validate()
        ready_dialog(self)

    def _spin(self, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    def thresholds(self) -> ShapeThresholds:
        return ShapeThresholds(
            deep_level=self.deep_level.value(),
            broad_level=self.broad_level.value(),
            min_broad=self.min_broad.value(),
            pi_min_deep=self.pi_min_deep.value(),
        )

    def _validate(self) -> None:
        problem = (
            ""
            if self.broad_level.value() < self.deep_level.value()
            else tr("The broad level must be below the deep level.")
        )
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)

    def restore_defaults(self) -> None:
        defaults = ShapeThresholds()
        self.deep_level.setValue(defaults.deep_level)
        self.broad_level.setValue(defaults.broad_level)
        self.min_broad.setValue(defaults.min_broad)
        self.pi_min_deep.setValue(defaults.pi_min_deep)

    def save(self) -> None:
        from app.services.settings import restore_setting, save_staffing_settings
        from app.settings import STAFFING_KEY

        database = self.context.database
        before, after = self._current, StaffingSettings(shapes=self.thresholds())
        if before == after:
            self.accept()
            return
        found: dict[str, str | None] = {}

        def save() -> Change:
            change = save_staffing_settings(database, after)
            found["stored"] = change.details["stored_before"]
            return change

        def refused(message: str) -> None:
            self.problem.setText(message)

        run_edit(
            self.context.undo_stack,
            tr("Change the skill shape rules"),
            do=save,
            # What was stored goes back as it was: nothing at all when the defaults applied.
            undo=lambda: restore_setting(database, STAFFING_KEY, found["stored"]),
            hub=self.context.hub,
            parent=self,
            on_success=lambda _change: self.accept(),
            on_refused=refused,
        )


class FinanceSettingsDialog(QDialog):
    """The fiscal calendar and the costs behind gap-closing proposals, for the whole organisation."""

    MONTHS = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )

    def __init__(self, context: AppContext, current: FinanceSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Finance settings"))
        self.context = context
        self._current = current
        self.start_month = QComboBox(self)
        for number, month in enumerate(self.MONTHS, start=1):
            self.start_month.addItem(tr(month), number)
        self.start_month.setCurrentIndex(current.fiscal_year_start_month - 1)
        self.training = self._amount(current.training_cost_per_level)
        self.tolerance = QDoubleSpinBox(self)
        self.tolerance.setRange(0, 100)
        self.tolerance.setDecimals(1)
        self.tolerance.setSuffix(" %")
        self.tolerance.setValue(float(current.overspend_tolerance_percent))
        self.hire: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout(self)
        note = QLabel(
            tr(
                "Fiscal year N runs from the first day of the start month in year N. Hiring costs are per "
                "full-time person and year; they price the proposals on a project's Budget tab."
            ),
            self,
        )
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(tr("Fiscal year starts in"), self.start_month)
        form.addRow(tr("Training, per person and level"), self.training)
        form.addRow(tr("Over/under tolerance"), self.tolerance)
        for area, cost in current.hire_cost_per_fte.items():
            spin = self._amount(cost)
            self.hire[area] = spin
            form.addRow(tr("Hiring: {area}").format(area=tr("other areas") if area == "other" else area), spin)
        self.problem = QLabel("", self)
        self.problem.setObjectName("validationMessage")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(460, self.sizeHint().height())
        ready_dialog(self)

    def _amount(self, value: Decimal) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(0, 10_000_000)
        spin.setDecimals(2)
        spin.setGroupSeparatorShown(True)
        spin.setValue(float(value))
        return spin

    def settings(self) -> FinanceSettings:
        def money(spin: QDoubleSpinBox) -> Decimal:
            # The spin box shows two decimals; read back exactly what it shows.
            return Decimal(f"{spin.value():.2f}")

        return FinanceSettings(
            fiscal_year_start_month=int(self.start_month.currentData()),
            hire_cost_per_fte=MappingProxyType({area: money(spin) for area, spin in self.hire.items()}),
            training_cost_per_level=money(self.training),
            overspend_tolerance_percent=Decimal(f"{self.tolerance.value():.1f}"),
        )

    def save(self) -> None:
        from app.services.settings import restore_setting, save_finance_settings
        from app.settings import FINANCE_KEY

        database = self.context.database
        after = self.settings()
        found: dict[str, str | None] = {}

        def save() -> Change:
            change = save_finance_settings(database, after)
            found["stored"] = change.details["stored_before"]
            return change

        run_edit(
            self.context.undo_stack,
            tr("Change the finance settings"),
            do=save,
            undo=lambda: restore_setting(database, FINANCE_KEY, found["stored"]),
            hub=self.context.hub,
            parent=self,
            on_success=lambda _change: self.accept(),
            on_refused=self.problem.setText,
        )
