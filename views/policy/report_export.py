"""Exporting a project's policy-iteration report from the GUI: one sprint's review, or every sprint.

``PolicyReportExporter`` is the piece a page with an "Export…" button holds:
``ask_and_export`` asks where (PDF, XLSX, CSV or JSON, by extension) and
``export`` writes there on the worker with ``app.reports.policy.write_policy_report``,
which writes all or nothing. ``busy(True)`` goes out when a report starts and
``busy(False)`` when it ended either way, so the page can disable its button;
``finished(sentence)`` carries what to say in the status bar. A ``UserError``
(an unknown sprint, a folder that is gone) shows as one sentence over the parent;
anything else goes to the crash dialog.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from views.context import AppContext
from views.labels import tr
from views.report_export import ask_report_path, file_stem
from views.worker import Operation

log = logging.getLogger("steward.reports")


def suggested_report_name(
    project_name: str, sprint_name: str | None, *, today: date | None = None, suffix: str = ".pdf"
) -> str:
    """``<project>-sprint-review-<sprint>-<date>.pdf`` for one sprint, ``<project>-policy-iterations-<date>.pdf``
    for all."""
    day = (today or date.today()).isoformat()
    project = file_stem(project_name, fallback="project")
    if sprint_name is None:
        return f"{project}-policy-iterations-{day}{suffix}"
    return f"{project}-sprint-review-{file_stem(sprint_name, fallback='sprint')}-{day}{suffix}"


def written_sentence(project_name: str, sprint_name: str | None, path: Path) -> str:
    """What the status bar says once the report is written."""
    if sprint_name is None:
        return tr("Policy-iteration report for {project} written to {path}.").format(project=project_name, path=path)
    return tr("Sprint review of {sprint} for {project} written to {path}.").format(
        sprint=sprint_name, project=project_name, path=path
    )


class PolicyReportExporter(QObject):
    """Writes a project's policy-iteration report where the user says; errors show over ``parent``."""

    finished = Signal(str)  # the sentence for the status bar
    busy = Signal(bool)  # True while a report is being written

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self._parent = parent
        self._running = 0

    def is_busy(self) -> bool:
        """Whether a report is being written."""
        return self._running > 0

    def ask_and_export(self, project_name: str, sprint_name: str | None) -> None:
        """Ask where to write the report (its format follows the extension), then write it."""
        title = tr("Export sprint review") if sprint_name is not None else tr("Export policy-iteration report")
        path = ask_report_path(
            self._parent, title=title, suggested_name=suggested_report_name(project_name, sprint_name)
        )
        if path is not None:
            self.export(project_name, sprint_name, path)

    def export(self, project_name: str, sprint_name: str | None, path: Path) -> None:
        """Write the report of ``sprint_name`` (None: every started sprint) to ``path``, on the worker."""
        from app.reports.policy import write_policy_report

        database = self.context.database
        path = Path(path)
        self._started()

        def write() -> Path:
            return write_policy_report(database, project_name, path, sprint_name=sprint_name)

        def written(_result: Any) -> None:
            self._ended()
            log.info("policy report of %s (%s) written to %s", project_name, sprint_name or "all sprints", path)
            self.finished.emit(written_sentence(project_name, sprint_name, path))

        def failed(error: BaseException) -> None:
            self._ended()
            from views.errors import report_error

            report_error(self._parent, error)

        Operation(self._parent, write).success(written).failure(failed).run()

    def _started(self) -> None:
        self._running += 1
        if self._running == 1:
            self.busy.emit(True)

    def _ended(self) -> None:
        self._running -= 1
        if self._running == 0:
            self.busy.emit(False)
