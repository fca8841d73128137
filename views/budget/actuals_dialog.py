"""Importing actuals: choose a CSV or XLSX file, see exactly which actuals it would set, then import.

Nothing is written until the user presses Import, and a file with any problem
cannot be imported: its problems are listed with their row and column instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from views.budget.wording import category_label, money
from views.context import AppContext
from views.labels import tr
from views.tables import COMPACT_ROW_HEIGHT, read_only_table
from views.tuple_model import TupleTableModel
from views.undo import run_edit
from views.worker import Operation

if TYPE_CHECKING:
    from app.io.actuals_file import ActualsPlan, PlannedActual

FILE_FILTER = "Actuals (*.csv *.xlsx);;All files (*)"


def _rows(item: PlannedActual) -> str:
    return ", ".join(str(row) for row in item.rows)


def _change(item: PlannedActual) -> str:
    if item.line_id is None:
        return tr("New unplanned line")
    if item.unchanged:
        return tr("Unchanged")
    before = tr("none") if item.old_actual is None else money(item.old_actual)
    return tr("Actual from {before} to {after}").format(before=before, after=money(item.amount))


class ActualsImportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import actuals"))
        self.context = context
        self.plan: ActualsPlan | None = None
        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(
            tr("A .csv or .xlsx file with the columns Project, Plan, Period, Category, Amount and Description"))
        choose = QPushButton(tr("Choose…"), self)
        choose.clicked.connect(self.choose_file)
        self.summary = QLabel(tr("Choose a file to see what it would change."), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)

        self.changes_model = TupleTableModel([
            (tr("Row"), _rows),
            (tr("Project"), lambda item: item.project),
            (tr("Plan"), lambda item: item.plan),
            (tr("Period"), lambda item: item.period_label),
            (tr("Category"), lambda item: category_label(item.category)),
            (tr("Description"), lambda item: item.description),
            (tr("Amount"), lambda item: money(item.amount, item.currency)),
            (tr("Change"), _change),
        ], self)
        self.problems_model = TupleTableModel([
            (tr("Row"), lambda item: item.row),
            (tr("Column"), lambda item: item.column),
            (tr("Problem"), lambda item: item.message),
        ], self)
        self.tabs = QTabWidget(self)
        for model, title in ((self.changes_model, tr("Changes")), (self.problems_model, tr("Problems"))):
            self.tabs.addTab(read_only_table(self, model, row_height=COMPACT_ROW_HEIGHT, single_selection=False,
                                             word_wrap=True, highlight_header=True, stretch_last=True), title)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(tr("Import"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(tr("File"), file_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 520)
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import actuals"), "", tr(FILE_FILTER))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Plan the import of ``path`` on the worker; nothing is written."""
        self.path.setText(str(path))
        self.summary.setText(tr("Reading {name}…").format(name=path.name))
        self.summary.setStyleSheet("")
        self.import_button.setEnabled(False)
        database = self.context.database

        def plan() -> ActualsPlan:
            from app.io.actuals_file import plan_actuals_import

            return plan_actuals_import(database, path)

        Operation(self, plan).success(self.show_plan).run()

    def show_plan(self, plan: ActualsPlan) -> None:
        from app.io.actuals_file import describe_actuals_plan

        self.plan = plan
        self.changes_model.set_rows(plan.actuals)
        self.problems_model.set_rows(plan.errors)
        self.tabs.setTabText(0, tr("Changes ({count:,})").format(count=plan.changes))
        self.tabs.setTabText(1, tr("Problems ({count:,})").format(count=len(plan.errors)))
        if plan.errors:
            self.summary.setText(tr("{count:,} problems must be fixed in the file before it can be imported; "
                                    "nothing has been written.").format(count=len(plan.errors)))
            self.summary.setStyleSheet("color: #b3261e;")
            self.tabs.setCurrentIndex(1)
        else:
            self.summary.setStyleSheet("")
            self.summary.setText(describe_actuals_plan(plan) + (tr(". Nothing to import.") if not plan.changes else "."))
            self.tabs.setCurrentIndex(0)
        self.import_button.setEnabled(plan.ok and plan.changes > 0)

    def apply(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return
        from app.io.actuals_file import apply_actuals_import

        database = self.context.database
        self.import_button.setEnabled(False)

        def refused(message: str) -> None:
            self.summary.setText(message)
            self.summary.setStyleSheet("color: #b3261e;")

        run_edit(self.context.undo_stack, tr("Import {name}").format(name=plan.path.name),
                 do=lambda: apply_actuals_import(database, plan), undo=None, hub=self.context.hub,
                 parent=self, on_success=lambda _change: self.accept(), on_refused=refused)
