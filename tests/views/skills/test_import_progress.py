"""A long import shows its progress, and its Cancel writes nothing: the database is as it was before."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import app.services.skills.matrix_import as matrix_import
from app.db.database import Database
from app.services import people
from views.changes import ChangeHub
from views.context import AppContext
from views.import_preview import ImportProgress
from views.skills.import_dialog import ImportDialog
from views.worker import wait_for_operations

ROWS = 2_000
BATCH = 100


@pytest.fixture
def context(qapp, database: Database, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    monkeypatch.setattr(matrix_import, "INSERT_BATCH_ROWS", BATCH)  # twenty batches
    for number in range(ROWS // 40):
        people.create_person(database, name=f"Person {number}", email=f"p{number}@example.org", department="IT")
    return AppContext(database, hub=ChangeHub())


def long_file(database: Database, path: Path) -> Path:
    """Every person in every skill, each level new to Steward."""
    reader = database.reader()
    emails = [row[0] for row in reader.rows("SELECT email FROM person ORDER BY id")]
    skills = [row[0] for row in reader.rows("SELECT name FROM skill WHERE NOT retired ORDER BY id")]
    lines = ["E-mail,Skill,Level,Date,Source"]
    lines += [
        f"{email},{skill},{(index % 4) + 1},2025-03-01,self"
        for index, (email, skill) in enumerate((email, skill) for email in emails for skill in skills)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(database: Database) -> tuple[list[tuple], int]:
    reader = database.reader()
    return reader.rows("SELECT * FROM assessment ORDER BY id"), reader.scalar("SELECT count(*) FROM audit_event")


def integrity(database: Database) -> str:
    assert database.sqlite_path is not None
    with sqlite3.connect(database.sqlite_path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def held_half_way(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The worker stops after writing half the levels until the test lets it go on (``release``)."""
    reached, release = threading.Event(), threading.Event()
    report = ImportProgress.__call__

    def reporting(self: ImportProgress, done: int, total: int) -> bool:
        report(self, done, total)
        if done >= total // 2 and not release.is_set():
            reached.set()
            release.wait(10)
        return not self.cancelled

    monkeypatch.setattr(ImportProgress, "__call__", reporting)
    return reached, release


def open_dialog(qtbot, context: AppContext, path: Path) -> ImportDialog:
    dialog = ImportDialog(context, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.plan.ok and len(dialog.plan.new_assessments) == ROWS
    return dialog


def test_cancel_half_way_through_an_import_writes_nothing(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, context, long_file(context.database, tmp_path / "long.csv"))
    before = snapshot(context.database)
    reached, release = held_half_way(monkeypatch)
    dialog.import_button.click()
    progress = dialog.import_progress
    assert progress is not None
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: progress.dialog.isVisible() and progress.dialog.value() == ROWS // 2, timeout=10_000)
    assert progress.dialog.labelText() == f"Imported {ROWS // 2:,} of {ROWS:,} levels…"
    assert progress.dialog.maximum() == ROWS
    cancel = progress.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: "cancelled" in dialog.summary.text(), timeout=10_000)
    assert dialog.summary.text() == "The import was cancelled; nothing was written."
    assert dialog.isVisible() and dialog.import_button.isEnabled()  # the file can be imported after all
    assert dialog.import_progress is None
    wait_for_operations()
    assert snapshot(context.database) == before
    assert integrity(context.database) == "ok"


def test_an_import_not_cancelled_writes_every_level_and_closes(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, context, long_file(context.database, tmp_path / "long.csv"))
    assessments, events = snapshot(context.database)
    reached, release = held_half_way(monkeypatch)
    dialog.import_button.click()
    progress = dialog.import_progress
    assert progress is not None
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: progress.dialog.isVisible(), timeout=10_000)
    release.set()
    qtbot.waitUntil(lambda: dialog.result() == ImportDialog.DialogCode.Accepted, timeout=10_000)
    wait_for_operations()
    after, events_after = snapshot(context.database)
    assert len(after) == len(assessments) + ROWS
    assert events_after == events + 1  # one audit event for the import


def test_reading_a_long_file_says_how_many_rows_are_checked(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.io.matrix_long

    monkeypatch.setattr(app.io.matrix_long, "PART_ROWS", 500)
    path = long_file(context.database, tmp_path / "long.csv")
    reached, release = threading.Event(), threading.Event()
    held_at: list[int] = []
    say = ImportDialog.rows_checked

    def holding(self: ImportDialog, rows: int) -> None:
        say(self, rows)
        if rows >= 1_000 and not held_at:
            held_at.append(rows)  # the rows read with the headings, then two parts of 500
            reached.set()
            release.wait(10)

    monkeypatch.setattr(ImportDialog, "rows_checked", holding)
    dialog = ImportDialog(context, path=path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    assert held_at == [1_009]
    qtbot.waitUntil(lambda: dialog.summary.text() == "Reading long.csv… 1,009 rows checked", timeout=10_000)
    assert not dialog.import_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.summary.text() == f"0 new people, {ROWS} new assessments, 0 unchanged."
    wait_for_operations()
