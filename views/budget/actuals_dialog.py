"""Importing actuals: choose a CSV or XLSX file, see exactly which actuals it would set (and on which plan
revision), then import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from views.budget.wording import category_label, money, state_label
from views.context import AppContext
from views.import_preview import ImportPreviewDialog
from views.labels import tr
from views.screen_fit import fit_to_screen
from views.tuple_model import TupleTableModel

if TYPE_CHECKING:
    from app.io.actuals_file import ActualsPlan, PlannedActual

FILE_FILTER = "Actuals (*.csv *.xlsx);;All files (*)"


def _rows(item: PlannedActual) -> str:
    return ", ".join(str(row) for row in item.rows)


def _plan(item: PlannedActual) -> str:
    """The plan and the revision the actual goes to, and why that one: "Baseline rev. 1 (approved)"."""
    return tr("{plan} rev. {revision} ({state})").format(
        plan=item.plan, revision=item.revision, state=state_label(item.plan_state).lower()
    )


def _change(item: PlannedActual) -> str:
    if item.line_id is None:
        return tr("New unplanned line")
    if item.unchanged:
        return tr("Unchanged")
    before = tr("none") if item.old_actual is None else money(item.old_actual)
    return tr("Actual from {before} to {after}").format(before=before, after=money(item.amount))


class ActualsImportDialog(ImportPreviewDialog):
    title = "Import actuals"
    file_filter = FILE_FILTER
    placeholder = "A .csv or .xlsx file with the columns Project, Plan, Period, Category, Amount and Description"

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, path: Path | None = None) -> None:
        self.changes_model = TupleTableModel(
            [
                (tr("Row"), _rows),
                (tr("Project"), lambda item: item.project),
                # Actuals go to the revision approved for spending, not a newer draft: the preview says which.
                (tr("Plan"), _plan),
                (tr("Period"), lambda item: item.period_label),
                (tr("Category"), lambda item: category_label(item.category)),
                (tr("Description"), lambda item: item.description),
                (tr("Amount"), lambda item: money(item.amount, item.currency)),
                (tr("Change"), _change),
            ]
        )
        super().__init__(
            context, parent, tabs=[(tr("Changes"), self.changes_model, lambda plan: plan.actuals)], path=path
        )
        self.changes_model.setParent(self)
        fit_to_screen(self, 900, 520)

    def plan_file(self, path: Path) -> ActualsPlan:
        from app.io.actuals_file import plan_actuals_import

        return plan_actuals_import(self.context.database, path)

    def describe(self, plan: ActualsPlan) -> str:
        from app.io.actuals_file import describe_actuals_plan

        return describe_actuals_plan(plan)

    def apply_plan(self, plan: ActualsPlan) -> Any:
        from app.io.actuals_file import apply_actuals_import

        return apply_actuals_import(self.context.database, plan)
