"""Importing a skills matrix (see ``views.import_preview`` for the shared flow), and exporting one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget

from views.context import AppContext
from views.import_preview import ImportPreviewDialog
from views.labels import tr
from views.tuple_model import TupleTableModel
from views.worker import Operation

if TYPE_CHECKING:
    from app.io.matrix_file import ImportPlan

FILE_FILTER = "Skills matrix (*.csv *.xlsx);;All files (*)"


def _level(value: int | None) -> str:
    return "—" if value is None or value < 0 else str(value)


class ImportDialog(ImportPreviewDialog):
    title = "Import a skills matrix"
    file_filter = FILE_FILTER
    placeholder = "A .csv or .xlsx file: one row per person, or one row per assessment"
    shows_progress = True  # a long file can hold a million levels

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        self.changes_model = TupleTableModel(
            [
                (tr("Row"), lambda item: item.row),
                (tr("Person"), lambda item: item.person or item.email),
                (tr("Skill"), lambda item: item.skill),
                (tr("From"), lambda item: _level(item.old_level)),
                (tr("To"), lambda item: item.level),
            ]
        )
        self.people_model = TupleTableModel(
            [
                (tr("Row"), lambda item: item.row),
                (tr("Name"), lambda item: item.name),
                (tr("E-mail"), lambda item: item.email),
                (tr("Department"), lambda item: item.department),
            ]
        )
        self.source = QComboBox()
        for value, text in (("manager", "Manager"), ("self", "Self-assessment"), ("certified", "Certified")):
            self.source.addItem(tr(text), value)
        super().__init__(
            context,
            parent,
            path=path,
            tabs=[
                (tr("Changes"), self.changes_model, lambda plan: plan.new_assessments),
                (tr("New people"), self.people_model, lambda plan: plan.new_people),
            ],
        )
        for owned in (self.changes_model, self.people_model, self.source):
            owned.setParent(self)
        self.form.addRow(tr("Assessed by"), self.source)
        self.resize(760, 520)

    def plan_file(self, path: Path) -> ImportPlan:
        from app.io.matrix_file import plan_import

        return plan_import(self.context.database, path, progress=self.rows_checked)

    def describe(self, plan: ImportPlan) -> str:
        from app.io.matrix_file import describe_plan

        return describe_plan(plan)

    def shown(self, plan: ImportPlan) -> None:
        # Only a wide file leaves the source open; a long file names it per row.
        self.source.setEnabled(plan.layout == "wide")

    def apply_plan(self, plan: ImportPlan) -> Any:
        from app.io.matrix_file import apply_import

        return apply_import(
            self.context.database, plan, source=self.source.currentData(), progress=self.import_progress
        )


def export_matrix_interactively(context: AppContext, parent: QWidget, *, on_done: Any = None) -> None:
    """Ask where, then write the matrix in the wide layout (on the worker)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, tr("Export the skills matrix"), "skills-matrix.xlsx", tr("Excel workbook (*.xlsx);;CSV (*.csv)")
    )
    if not path:
        return
    from app.io.matrix_file import export_matrix

    database = context.database
    Operation(parent, lambda: export_matrix(database, path)).success(on_done or (lambda _result: None)).run()
