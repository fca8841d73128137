"""Importing a skills matrix: choose a file, see exactly what would change, then import.

Nothing is written until the user presses Import, and a file with any problem
cannot be imported: its problems are listed with their row and column instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from views.context import AppContext
from views.labels import tr
from views.tables import COMPACT_ROW_HEIGHT, read_only_table
from views.tuple_model import TupleTableModel
from views.undo import run_edit
from views.worker import Operation

if TYPE_CHECKING:
    from app.io.matrix_file import ImportPlan

FILE_FILTER = "Skills matrix (*.csv *.xlsx);;All files (*)"


def _level(value: int | None) -> str:
    return "—" if value is None or value < 0 else str(value)


class ImportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import a skills matrix"))
        self.context = context
        self.plan: ImportPlan | None = None
        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(tr("A .csv or .xlsx file: one row per person, or one row per assessment"))
        choose = QPushButton(tr("Choose…"), self)
        choose.clicked.connect(self.choose_file)
        self.source = QComboBox(self)
        for value, text in (("manager", "Manager"), ("self", "Self-assessment"), ("certified", "Certified")):
            self.source.addItem(tr(text), value)
        self.summary = QLabel(tr("Choose a file to see what it would change."), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)

        self.changes_model = TupleTableModel([
            (tr("Row"), lambda item: item.row),
            (tr("Person"), lambda item: item.person or item.email),
            (tr("Skill"), lambda item: item.skill),
            (tr("From"), lambda item: _level(item.old_level)),
            (tr("To"), lambda item: item.level),
        ], self)
        self.people_model = TupleTableModel([
            (tr("Row"), lambda item: item.row),
            (tr("Name"), lambda item: item.name),
            (tr("E-mail"), lambda item: item.email),
            (tr("Department"), lambda item: item.department),
        ], self)
        self.problems_model = TupleTableModel([
            (tr("Row"), lambda item: item.row),
            (tr("Column"), lambda item: item.column),
            (tr("Problem"), lambda item: item.message),
        ], self)
        self.tabs = QTabWidget(self)
        for model, title in ((self.changes_model, tr("Changes")), (self.people_model, tr("New people")),
                             (self.problems_model, tr("Problems"))):
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
        form.addRow(tr("Assessed by"), self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 520)
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import a skills matrix"), "", tr(FILE_FILTER))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Plan the import of ``path`` on the worker; nothing is written."""
        self.path.setText(str(path))
        self.summary.setText(tr("Reading {name}…").format(name=path.name))
        self.import_button.setEnabled(False)
        database = self.context.database

        def plan() -> ImportPlan:
            from app.io.matrix_file import plan_import

            return plan_import(database, path)

        Operation(self, plan).success(self.show_plan).run()

    def show_plan(self, plan: ImportPlan) -> None:
        from app.io.matrix_file import describe_plan

        self.plan = plan
        self.changes_model.set_rows(plan.new_assessments)
        self.people_model.set_rows(plan.new_people)
        self.problems_model.set_rows(plan.errors)
        self.tabs.setTabText(0, tr("Changes ({count:,})").format(count=len(plan.new_assessments)))
        self.tabs.setTabText(1, tr("New people ({count:,})").format(count=len(plan.new_people)))
        self.tabs.setTabText(2, tr("Problems ({count:,})").format(count=len(plan.errors)))
        self.source.setEnabled(plan.layout == "wide")
        if plan.errors:
            self.summary.setText(tr("{count:,} problems must be fixed in the file before it can be imported; "
                                    "nothing has been written.").format(count=len(plan.errors)))
            self.summary.setStyleSheet("color: #b3261e;")
            self.tabs.setCurrentIndex(2)
        else:
            self.summary.setStyleSheet("")
            self.summary.setText(describe_plan(plan) + (tr(". Nothing to import.") if not plan.changes else "."))
            self.tabs.setCurrentIndex(0 if plan.new_assessments or not plan.new_people else 1)
        self.import_button.setEnabled(plan.ok and plan.changes > 0)

    def apply(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return
        from app.io.matrix_file import apply_import

        database = self.context.database
        source = self.source.currentData()
        self.import_button.setEnabled(False)

        def refused(message: str) -> None:
            self.summary.setText(message)
            self.summary.setStyleSheet("color: #b3261e;")

        run_edit(self.context.undo_stack, tr("Import {name}").format(name=plan.path.name),
                 do=lambda: apply_import(database, plan, source=source), undo=None, hub=self.context.hub,
                 parent=self, on_success=lambda _change: self.accept(), on_refused=refused)


def export_matrix_interactively(context: AppContext, parent: QWidget, *, on_done: Any = None) -> None:
    """Ask where, then write the matrix in the wide layout (on the worker)."""
    path, _ = QFileDialog.getSaveFileName(parent, tr("Export the skills matrix"), "skills-matrix.xlsx",
                                          tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
    if not path:
        return
    from app.io.matrix_file import export_matrix

    database = context.database
    Operation(parent, lambda: export_matrix(database, path)).success(on_done or (lambda _result: None)).run()
