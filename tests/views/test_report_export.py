"""The exporter every page's "Export…" uses: it writes a report where the user says, on the worker, says
so in one sentence, is busy meanwhile, and shows a ``UserError`` as one sentence with nothing written;
the save dialog's suggestion and a dated file name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.db.database import Database
from app.errors import UserError
from views.changes import ChangeHub
from views.context import AppContext
from views.report_export import ReportExporter, ReportJob, dated_report_name


@pytest.fixture
def parent(show_page: Callable[[QWidget], QWidget]) -> QWidget:
    return show_page(QWidget())  # shown, so a message box opens over it rather than blocking the test


@pytest.fixture
def exporter(qapp, database: Database, parent: QWidget) -> ReportExporter:
    return ReportExporter(AppContext(database, hub=ChangeHub()), parent)


def notes(write: Callable[[Path], object]) -> ReportJob:
    return ReportJob(
        title="Export notes",
        suggested_name="notes.txt",
        write=write,
        written=lambda path: f"Notes written to {path}.",
        what="notes",
    )


def test_a_report_is_written_on_the_worker_and_said(qtbot, exporter: ReportExporter, tmp_path: Path) -> None:
    busy: list[bool] = []
    exporter.busy.connect(busy.append)
    target = tmp_path / "notes.txt"
    with qtbot.waitSignal(exporter.finished, timeout=20_000) as finished:
        exporter.write(notes(lambda path: path.write_text("written")), target)
        assert exporter.is_busy()
    assert finished.args == [f"Notes written to {target}."]
    assert busy == [True, False] and not exporter.is_busy()
    assert target.read_text() == "written"


def test_a_user_error_is_one_sentence_and_nothing_is_said(
    qtbot, exporter: ReportExporter, parent: QWidget, tmp_path: Path
) -> None:
    def refuse(_path: Path) -> None:
        raise UserError("The folder is gone; choose another.")

    busy: list[bool] = []
    exporter.busy.connect(busy.append)
    finished: list[str] = []
    exporter.finished.connect(finished.append)
    exporter.write(notes(refuse), tmp_path / "notes.txt")
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "userErrorBox") is not None, timeout=20_000)
    box = parent.findChild(QMessageBox, "userErrorBox")
    assert box.text() == "The folder is gone; choose another."
    box.close()
    assert busy == [True, False] and finished == []
    assert list(tmp_path.glob("notes*")) == []


def test_the_dialog_asks_with_the_jobs_title_and_name(
    qtbot, monkeypatch: pytest.MonkeyPatch, exporter: ReportExporter, tmp_path: Path
) -> None:
    asked: dict[str, str] = {}

    def save_as(_parent: QWidget, title: str, suggestion: str, _filters: str) -> tuple[str, str]:
        asked.update(title=title, suggestion=suggestion)
        return str(tmp_path / "for-the-board"), "CSV table (*.csv)"  # typed without an extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    with qtbot.waitSignal(exporter.finished, timeout=20_000):
        exporter.ask_and_write(notes(lambda path: path.write_text("csv")))
    assert asked == {"title": "Export notes", "suggestion": "notes.txt"}
    assert (tmp_path / "for-the-board.csv").read_text() == "csv"


def test_a_cancelled_dialog_writes_nothing(monkeypatch: pytest.MonkeyPatch, exporter: ReportExporter) -> None:
    busy: list[bool] = []
    exporter.busy.connect(busy.append)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    exporter.ask_and_write(notes(lambda path: pytest.fail("nothing is written")))
    assert busy == [] and not exporter.is_busy()


def test_dated_report_names() -> None:
    day = date(2026, 11, 25)
    assert dated_report_name("Fraud scoring", "staffing-gaps", fallback="project", today=day) == (
        "Fraud-scoring-staffing-gaps-2026-11-25.pdf"
    )
    assert (
        dated_report_name("?!", "budget", fallback="budget", today=day, suffix=".csv") == "budget-budget-2026-11-25.csv"
    )
