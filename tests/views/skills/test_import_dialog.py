"""The import dialog: a preview of what would change, problems by row and column, then the import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.db.database import Database
from app.services import people
from tests.views.import_preview import previewer, problems, take_import
from views.changes import ChangeHub
from views.context import AppContext
from views.skills.import_dialog import ImportDialog
from views.worker import wait_for_operations

OpenFile = Callable[..., ImportDialog]  # writes the file's text, opens the dialog on it, waits for the preview


@pytest.fixture
def context(qapp, database: Database) -> AppContext:
    people.create_person(database, name="Ana Ruiz", email="ana@example.org", department="Data science")
    return AppContext(database, hub=ChangeHub())


@pytest.fixture
def open_file(qtbot, context: AppContext, tmp_path: Path) -> OpenFile:
    return previewer(qtbot, ImportDialog, context, tmp_path / "matrix.csv")


def levels(database: Database) -> list[tuple]:
    return database.reader().rows(
        "SELECT p.email, s.name, a.level FROM assessment a JOIN person p ON p.id = a.person_id"
        " JOIN skill s ON s.id = a.skill_id ORDER BY p.email, s.name"
    )


def test_a_clean_file_is_previewed_then_imported(qtbot, context: AppContext, open_file: OpenFile) -> None:
    dialog = open_file(
        "Name,E-mail,Department,Threat modelling,NLP\n"
        "Ana Ruiz,ana@example.org,Data science,3,Expert\n"
        "Bo Lind,bo@example.org,Legal,1,\n",
    )
    assert dialog.changes_model.rowCount() == 3
    assert dialog.people_model.rowCount() == 1
    assert dialog.problems_model.rowCount() == 0
    assert dialog.import_button.isEnabled()
    assert levels(context.database) == []  # a preview writes nothing
    take_import(qtbot, dialog)
    assert levels(context.database) == [
        ("ana@example.org", "NLP", 4),
        ("ana@example.org", "Threat modelling", 3),
        ("bo@example.org", "Threat modelling", 1),
    ]
    wait_for_operations()


def test_a_file_with_problems_lists_them_and_cannot_be_imported(
    qtbot, context: AppContext, open_file: OpenFile
) -> None:
    dialog = open_file(
        "Name,E-mail,Department,Threat modelling,Wizardry\nAna Ruiz,ana@example.org,Data science,Expertt,2\n",
    )
    assert not dialog.import_button.isEnabled()
    listed = problems(dialog, (0, 2))
    assert any("Wizardry" in message for _row, message in listed)
    assert any(row == "2" and "Expertt" in message for row, message in listed)
    assert "nothing has been written" in dialog.summary.text()
    assert levels(context.database) == []
    wait_for_operations()
