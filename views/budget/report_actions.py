"""The budget page's files in and out: importing actuals, the PDF preview, and the budget report's
export (any format, by extension) through the ``views.report_export.ReportExporter``.

Each acts on the plan selected on the page (``BudgetPage.selected_plan``); a
rendering runs on the worker, its button disabled meanwhile (one exporter per
button, so each stays as it was while the other runs).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from views.labels import tr
from views.report_export import ReportExporter, ReportJob, dated_report_name

if TYPE_CHECKING:
    from views.budget.budget_page import BudgetPage


class BudgetReports:
    """Import actuals, "Preview PDF…" and "Export…" of ``page``."""

    def __init__(self, page: BudgetPage) -> None:
        self._page = page
        self.previewer = ReportExporter(page.context, page)
        self.exporter = ReportExporter(page.context, page)
        self.previewer.busy.connect(
            lambda busy: page.preview_button.setEnabled(not busy and page.selected_plan() is not None)
        )
        self.exporter.busy.connect(
            lambda busy: page.export_button.setEnabled(not busy and page.selected_plan() is not None)
        )
        self.exporter.finished.connect(page._say)

    def import_actuals(self) -> None:
        from views.budget.actuals_dialog import ActualsImportDialog

        self._page._open(ActualsImportDialog(self._page.context, self._page))

    def _report_name(self) -> tuple[str, str] | None:
        data, plan = self._page.data(), self._page.selected_plan()
        if data is None or plan is None:
            return None
        return data.project, plan.name

    def suggested_name(self, extension: str) -> str:
        names = self._report_name()
        project, plan = names if names is not None else ("project", "plan")
        return dated_report_name(
            f"{project}-{plan}", "budget", fallback="budget", today=self._page.today, suffix=extension
        )

    def budget_report(self) -> ReportJob | None:
        """The selected plan's report as the exporter writes it; None when no plan is selected."""
        names = self._report_name()
        plan = self._page.selected_plan()
        if names is None or plan is None:
            return None
        from app.reports.budget import write_budget_report

        database = self._page.context.database
        project = names[0]
        plan_id = plan.plan_id
        today = self._page.today
        return ReportJob(
            title=tr("Export budget report"),
            suggested_name=self.suggested_name(".pdf"),
            write=lambda path: write_budget_report(database, project, path, plan_id=plan_id, today=today),
            written=lambda path: tr("Budget report for {project} written to {path}.").format(
                project=project, path=path
            ),
            what=f"budget report of {project}",
        )

    def preview(self) -> None:
        """Render the plan's PDF on the worker, then show it in a preview with "Save…"."""
        names = self._report_name()
        plan = self._page.selected_plan()
        if names is None or plan is None:
            return
        from app.reports.budget import build_budget_report, render_pdf

        database = self._page.context.database
        project = names[0]
        plan_id = plan.plan_id
        today = self._page.today
        self._page._say(tr("Rendering the budget report…"))

        def render() -> bytes:
            return render_pdf(build_budget_report(database, project, plan_id=plan_id, today=today))

        def rendered(pdf: bytes) -> None:
            self._page._say("")
            self.show_preview(pdf)

        self.previewer.run(render, rendered)

    def show_preview(self, pdf: bytes) -> QDialog:
        from views.budget.preview import PdfPreviewDialog

        page = self._page
        dialog = PdfPreviewDialog(pdf, suggested_name=self.suggested_name(".pdf"), parent=page)
        dialog.saved.connect(lambda path: page._say(tr("Budget report written to {path}.").format(path=path)))
        page._open(dialog)
        return dialog

    def export(self) -> None:
        """Ask where to write the budget report (its format follows the extension)."""
        job = self.budget_report()
        if job is not None:
            self.exporter.ask_and_write(job)

    def export_report(self, path: Path) -> None:
        """Write the report to ``path`` on the worker; a ``UserError`` shows as a message."""
        job = self.budget_report()
        if job is not None:
            self.exporter.write(job, path)
