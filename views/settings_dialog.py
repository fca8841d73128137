"""Organisation settings: the rules that turn area scores into T-shapes, and finance's numbers.

They are organisation-wide (stored in the database, audited), not per-user, so
every page and report of everyone using the database classifies people alike.
"""

from __future__ import annotations

from collections.abc import Callable
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
from views.form_layout import form_rows, problem_label, show_problem
from views.labels import tr

if TYPE_CHECKING:
    from app.db.database import Database
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
        self.problem = problem_label(self)
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
        form_rows(
            explanation,
            (tr("Deep from level"), self.deep_level),
            (tr("Broad from level"), self.broad_level),
            (tr("Broad areas needed (T, Π, generalist)"), self.min_broad),
            (tr("Deep areas needed for Π-shaped"), self.pi_min_deep),
            self.problem,
            self.buttons,
            parent=self,
        )
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
        show_problem(self.problem, self.buttons.button(QDialogButtonBox.StandardButton.Save), problem)

    def restore_defaults(self) -> None:
        defaults = ShapeThresholds()
        self.deep_level.setValue(defaults.deep_level)
        self.broad_level.setValue(defaults.broad_level)
        self.min_broad.setValue(defaults.min_broad)
        self.pi_min_deep.setValue(defaults.pi_min_deep)

    def save(self) -> None:
        from app.services.settings import save_staffing_settings
        from app.settings import STAFFING_KEY

        after = StaffingSettings(shapes=self.thresholds())
        if self._current == after:
            self.accept()
            return
        database = self.context.database
        save, restore = _setting_steps(database, STAFFING_KEY, lambda: save_staffing_settings(database, after))
        _run_setting_edit(self, tr("Change the skill shape rules"), do=save, undo=restore)


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
        self.problem = problem_label(self)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        ready_dialog(self, width=460)

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
        from app.services.settings import save_finance_settings
        from app.settings import FINANCE_KEY

        database = self.context.database
        after = self.settings()
        save, restore = _setting_steps(database, FINANCE_KEY, lambda: save_finance_settings(database, after))
        _run_setting_edit(self, tr("Change the finance settings"), do=save, undo=restore)


def _setting_steps(
    database: Database, key: str, write: Callable[[], Change]
) -> tuple[Callable[[], Change], Callable[[], Change]]:
    """The save ``write`` makes, and its undo: what was stored under ``key`` goes back as it was (nothing at
    all when the defaults applied)."""
    from app.services.settings import restore_setting

    found: dict[str, str | None] = {}

    def save() -> Change:
        change = write()
        found["stored"] = change.details["stored_before"]
        return change

    return save, lambda: restore_setting(database, key, found["stored"])


def _run_setting_edit(
    dialog: ShapeRulesDialog | FinanceSettingsDialog,
    text: str,
    *,
    do: Callable[[], Change],
    undo: Callable[[], Change],
) -> None:
    """Run a settings dialog's save as the undoable edit ``text``: the dialog closes once it is saved, and a
    refusal is said in its ``problem`` line, the dialog staying open."""
    dialog.context.undo_stack.run_edit(
        text,
        do=do,
        undo=undo,
        parent=dialog,
        on_success=lambda _change: dialog.accept(),
        on_refused=dialog.problem.setText,
    )
