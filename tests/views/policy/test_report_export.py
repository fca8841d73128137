"""Exporting the policy-iteration report from the GUI over the demo: one sprint's review as PDF and JSON,
every sprint as XLSX, the save dialog's suggestion and extension, and an unknown sprint refused in one
sentence with no file written."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from views.context import AppContext
from views.policy.report_export import PolicyReportExporter, suggested_report_name
from views.report_export import EXPORT_FILTERS

CARD_FRAUD = "Card fraud screening"


@pytest.fixture
def parent(show_page: Callable[[QWidget], QWidget]) -> QWidget:
    return show_page(QWidget())  # shown, so a message box opens over it rather than blocking the test


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the reports go: a folder of their own (the test's database lives in ``tmp_path``)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    return reports


@pytest.fixture
def exporter(demo_context: AppContext, parent: QWidget) -> PolicyReportExporter:
    return PolicyReportExporter(demo_context, parent)


def export(qtbot, exporter: PolicyReportExporter, sprint: str | None, path: Path) -> str:
    """Export, and return the sentence for the status bar; the exporter says it is busy meanwhile."""
    busy: list[bool] = []
    exporter.busy.connect(busy.append)
    with qtbot.waitSignal(exporter.finished, timeout=20_000) as finished:
        exporter.export(CARD_FRAUD, sprint, path)
        assert exporter.is_busy()
    assert busy == [True, False] and not exporter.is_busy()
    return finished.args[0]


def test_one_sprints_review_is_written_as_pdf_and_json(qtbot, exporter: PolicyReportExporter, folder: Path) -> None:
    pdf = folder / "review.pdf"
    assert export(qtbot, exporter, "Sprint 3", pdf) == f"Sprint review of Sprint 3 for {CARD_FRAUD} written to {pdf}."
    assert pdf.read_bytes().startswith(b"%PDF")

    target = folder / "review.json"
    export(qtbot, exporter, "Sprint 3", target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["project"]["name"] == CARD_FRAUD
    assert document["scope"] == "sprint"
    assert [sprint["name"] for sprint in document["sprints"]] == ["Sprint 3"]
    assert document["sprints"][0]["state"] == "closed"


def test_every_sprint_is_written_as_a_workbook(qtbot, exporter: PolicyReportExporter, folder: Path) -> None:
    target = folder / "iterations.xlsx"
    sentence = export(qtbot, exporter, None, target)
    assert sentence == f"Policy-iteration report for {CARD_FRAUD} written to {target}."
    with zipfile.ZipFile(target) as workbook:  # a real XLSX is a zip with a workbook inside
        assert "xl/workbook.xml" in workbook.namelist()
    assert [path.name for path in folder.iterdir()] == ["iterations.xlsx"]  # no temporary file left


def test_an_unknown_sprint_is_one_sentence_and_no_file(
    qtbot, exporter: PolicyReportExporter, parent: QWidget, folder: Path
) -> None:
    busy: list[bool] = []
    exporter.busy.connect(busy.append)
    finished: list[str] = []
    exporter.finished.connect(finished.append)
    exporter.export(CARD_FRAUD, "Sprint 99", folder / "review.pdf")
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "userErrorBox") is not None, timeout=20_000)
    box = parent.findChild(QMessageBox, "userErrorBox")
    assert box.text() == (
        f"{CARD_FRAUD} has no sprint called 'Sprint 99'; its sprints are Sprint 1, Sprint 2, "
        "Sprint 3, Sprint 4, Sprint 5, Sprint 6."
    )
    box.close()
    qtbot.waitUntil(lambda: parent.findChildren(QMessageBox) == [])  # closed, it is deleted: none kept
    assert busy == [True, False] and finished == []
    assert list(folder.iterdir()) == []


def test_the_dialog_suggests_a_name_and_adds_the_chosen_formats_extension(
    qtbot, monkeypatch: pytest.MonkeyPatch, exporter: PolicyReportExporter, folder: Path
) -> None:
    asked: dict[str, str] = {}

    def save_as(_parent: QWidget, title: str, suggestion: str, filters: str) -> tuple[str, str]:
        asked.update(title=title, suggestion=suggestion, filters=filters)
        return str(folder / "for-the-board"), "JSON data (*.json)"  # typed without an extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    with qtbot.waitSignal(exporter.finished, timeout=20_000):
        exporter.ask_and_export(CARD_FRAUD, "Sprint 2")
    assert asked["title"] == "Export sprint review"
    assert asked["suggestion"] == f"Card-fraud-screening-sprint-review-Sprint-2-{date.today().isoformat()}.pdf"
    assert asked["filters"].split(";;") == list(EXPORT_FILTERS)
    assert json.loads((folder / "for-the-board.json").read_text(encoding="utf-8"))["sprints"][0]["name"] == "Sprint 2"


def test_a_cancelled_dialog_writes_nothing(monkeypatch: pytest.MonkeyPatch, exporter: PolicyReportExporter) -> None:
    busy: list[bool] = []
    exporter.busy.connect(busy.append)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    exporter.ask_and_export(CARD_FRAUD, None)
    assert busy == [] and not exporter.is_busy()


def test_suggested_names() -> None:
    day = date(2026, 11, 25)
    assert (
        suggested_report_name("Fraud scoring", "Sprint 3", today=day)
        == "Fraud-scoring-sprint-review-Sprint-3-2026-11-25.pdf"
    )
    assert suggested_report_name("Fraud scoring", None, today=day) == "Fraud-scoring-policy-iterations-2026-11-25.pdf"
    assert suggested_report_name("A/B: tests?", None, today=day) == "A-B-tests-policy-iterations-2026-11-25.pdf"
