"""Exporting a project's policy-iteration report from the GUI: one sprint's review, or every sprint.

``PolicyReportExporter`` is the ``views.report_export.ReportExporter`` a page with an
"Export…" button holds: ``ask_and_export`` asks where (PDF, XLSX, CSV or JSON, by
extension) and ``export`` writes there on the worker with
``app.reports.policy.write_policy_report``, which writes all or nothing. Its
``busy`` and ``finished`` signals, and how errors show, are the ``ReportExporter``'s.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from views.labels import tr
from views.report_export import ReportExporter, ReportJob, dated_report_name, file_stem

if TYPE_CHECKING:
    from app.db.database import Database


def suggested_report_name(
    project_name: str, sprint_name: str | None, *, today: date | None = None, suffix: str = ".pdf"
) -> str:
    """``<project>-sprint-review-<sprint>-<date>.pdf`` for one sprint, ``<project>-policy-iterations-<date>.pdf``
    for all."""
    kind = "policy-iterations" if sprint_name is None else f"sprint-review-{file_stem(sprint_name, fallback='sprint')}"
    return dated_report_name(project_name, kind, fallback="project", today=today, suffix=suffix)


def written_sentence(project_name: str, sprint_name: str | None, path: Path) -> str:
    """What the status bar says once the report is written."""
    if sprint_name is None:
        return tr("Policy-iteration report for {project} written to {path}.").format(project=project_name, path=path)
    return tr("Sprint review of {sprint} for {project} written to {path}.").format(
        sprint=sprint_name, project=project_name, path=path
    )


def policy_report(database: Database, project_name: str, sprint_name: str | None) -> ReportJob:
    """The report of ``sprint_name`` (None: every started sprint) of ``project_name``, as the exporter writes it."""
    from app.reports.policy import write_policy_report

    def write(path: Path) -> Path:
        return write_policy_report(database, project_name, path, sprint_name=sprint_name)

    return ReportJob(
        title=tr("Export sprint review") if sprint_name is not None else tr("Export policy-iteration report"),
        suggested_name=suggested_report_name(project_name, sprint_name),
        write=write,
        written=lambda path: written_sentence(project_name, sprint_name, path),
        what=f"policy report of {project_name} ({sprint_name or 'all sprints'})",
    )


class PolicyReportExporter(ReportExporter):
    """Writes a project's policy-iteration report where the user says; errors show over the parent."""

    def ask_and_export(self, project_name: str, sprint_name: str | None) -> None:
        """Ask where to write the report (its format follows the extension), then write it."""
        self.ask_and_write(policy_report(self.context.database, project_name, sprint_name))

    def export(self, project_name: str, sprint_name: str | None, path: Path) -> None:
        """Write the report of ``sprint_name`` (None: every started sprint) to ``path``, on the worker."""
        self.write(policy_report(self.context.database, project_name, sprint_name), path)
