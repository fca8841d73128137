"""Exporting a report from the GUI: the formats offered, a file name safe to suggest, the save dialog,
and the ``ReportExporter`` that writes a report on the worker.

Every report Steward writes (gaps, budget, policy iterations) is one document
rendered in the format its file's extension names. ``ask_report_path`` offers
those formats in the save dialog and, when the user typed a name without one
of their extensions, adds the extension of the format chosen in the dialog.

A page with an "Export…" button holds a ``ReportExporter`` and describes each
report it writes as a ``ReportJob`` (the dialog's title, the name to suggest,
the writer, the sentence once written)::

    self.exporter = ReportExporter(context, self)
    self.exporter.finished.connect(self._say)
    self.exporter.busy.connect(lambda busy: self.export_button.setEnabled(not busy))
    ...
    self.exporter.ask_and_write(ReportJob(title=..., suggested_name=..., write=..., written=..., what=...))

``busy(True)`` goes out when a report starts and ``busy(False)`` when it ended
either way; ``finished(sentence)`` carries what to say in the status bar. A
``UserError`` (a folder that is gone, an unknown sprint) shows as one sentence
over the parent; anything else goes to the crash dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from views.context import AppContext
from views.labels import tr
from views.worker import Operation

log = logging.getLogger("steward.reports")

ResultT = TypeVar("ResultT")

# Dialog filter (translated when shown) -> the extension it writes.
EXPORT_FILTERS: dict[str, str] = {
    "PDF document (*.pdf)": ".pdf",
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV table (*.csv)": ".csv",
    "JSON data (*.json)": ".json",
}
DEFAULT_SUFFIX = ".pdf"


def file_stem(text: str, *, fallback: str = "report") -> str:
    """``text`` as part of a file name: letters, digits, '-' and '_' kept, anything else a '-'."""
    stem = "".join(character if character.isalnum() or character in "-_" else "-" for character in text)
    while "--" in stem:
        stem = stem.replace("--", "-")
    return stem.strip("-") or fallback


def dated_report_name(
    subject: str, kind: str, *, fallback: str, today: date | None = None, suffix: str = DEFAULT_SUFFIX
) -> str:
    """``<subject>-<kind>-<date><suffix>``, the subject made safe for a file name (``fallback`` if nothing is left)."""
    day = (today or date.today()).isoformat()
    return f"{file_stem(subject, fallback=fallback)}-{kind}-{day}{suffix}"


def with_report_suffix(path: str, chosen_filter: str) -> Path:
    """``path`` as typed, with the chosen filter's extension added when it has none of the report formats'."""
    if Path(path).suffix.lower() in EXPORT_FILTERS.values():
        return Path(path)
    suffix = next((suffix for text, suffix in EXPORT_FILTERS.items() if tr(text) == chosen_filter), DEFAULT_SUFFIX)
    return Path(path + suffix)


def ask_report_path(parent: QWidget | None, *, title: str, suggested_name: str) -> Path | None:
    """Ask where to write a report; None when the user cancels."""
    filters = ";;".join(tr(text) for text in EXPORT_FILTERS)
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested_name, filters)
    if not path:
        return None
    return with_report_suffix(path, chosen)


@dataclass(frozen=True)
class ReportJob:
    """One report to write: what the save dialog says and suggests, how to write it, and what to say after."""

    title: str  # the save dialog's title
    suggested_name: str  # the file name the dialog offers
    write: Callable[[Path], object]  # runs on the worker: writes the report to the path, all or nothing
    written: Callable[[Path], str]  # the status bar's sentence once the report is at the path
    what: str  # the report in the log: "budget report of Card fraud screening"


class ReportExporter(QObject):
    """Writes reports where the user says, on the worker; errors show over ``parent``."""

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

    def ask_and_write(self, job: ReportJob) -> None:
        """Ask where to write the report (its format follows the extension), then write it."""
        path = ask_report_path(self._parent, title=job.title, suggested_name=job.suggested_name)
        if path is not None:
            self.write(job, path)

    def write(self, job: ReportJob, path: Path) -> None:
        """Write the report of ``job`` to ``path``, on the worker; ``finished`` says so once it is there."""
        path = Path(path)

        def written(_result: object) -> None:
            log.info("%s written to %s", job.what, path)
            self.finished.emit(job.written(path))

        self.run(lambda: job.write(path), written)

    def run(self, work: Callable[[], ResultT], then: Callable[[ResultT], Any]) -> None:
        """Run ``work`` (a report's rendering) on the worker and hand its result to ``then``, busy meanwhile."""
        self._started()

        def succeeded(result: ResultT) -> None:
            self._ended()
            then(result)

        def failed(error: BaseException) -> None:
            self._ended()
            from views.errors import report_error

            report_error(self._parent, error)

        Operation(self._parent, work).success(succeeded).failure(failed).run()

    def _started(self) -> None:
        self._running += 1
        if self._running == 1:
            self.busy.emit(True)

    def _ended(self) -> None:
        self._running -= 1
        if self._running == 0:
            self.busy.emit(False)
