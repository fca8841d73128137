"""The actuals import dialog: a preview of the actuals a file would set, problems by row and column, then the import."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.db.database import Database
from app.money import from_cents
from app.services import projects
from tests.views.import_preview import previewer, problems, take_import
from views.budget.actuals_dialog import ActualsImportDialog
from views.changes import ChangeHub
from views.context import AppContext
from views.worker import wait_for_operations

budget = pytest.importorskip("app.services.budget")
analysis = pytest.importorskip("app.analysis.budget")

OpenFile = Callable[..., ActualsImportDialog]  # writes the file's text, opens the dialog on it, waits for the preview


@pytest.fixture
def context(qapp, database: Database) -> AppContext:
    project = projects.create_project(database, name="Fraud scoring", stage="production").ids[0]
    plan = budget.create_plan(database, project, name="Baseline", fiscal_year=2026).ids[0]
    budget.add_lines(
        database,
        plan,
        [
            budget.LineInput(
                category="cloud_compute",
                description="GPU hours",
                period=analysis.Period("month", 3),
                stage="development",
                planned=Decimal("1000.00"),
            )
        ],
    )
    return AppContext(database, hub=ChangeHub())


@pytest.fixture
def open_file(qtbot, context: AppContext, tmp_path: Path) -> OpenFile:
    return previewer(qtbot, ActualsImportDialog, context, tmp_path / "actuals.csv")


def actuals(database: Database) -> list[tuple[str, Decimal | None]]:
    return [
        (category, from_cents(actual))
        for category, actual in database.reader().rows("SELECT category, actual FROM budget_line ORDER BY id")
    ]


def test_a_clean_file_is_previewed_then_imported(qtbot, context: AppContext, open_file: OpenFile) -> None:
    dialog = open_file(
        "Project,Plan,Period,Category,Amount\n"
        'Fraud scoring,Baseline,M3,Cloud compute,"1,200.50"\n'
        "Fraud scoring,Baseline,M3,Cloud compute,0.25\n"
        "Fraud scoring,Baseline,M4,Digital twin,99\n",
    )
    assert dialog.changes_model.rowCount() == 2
    assert dialog.problems_model.rowCount() == 0
    changes = [dialog.changes_model.index(row, 7).data() for row in range(2)]
    assert changes == ["Actual from none to 1,200.75", "New unplanned line"]
    assert dialog.changes_model.index(0, 0).data() == "2, 3"
    assert dialog.import_button.isEnabled()
    assert actuals(context.database) == [("cloud_compute", None)]  # a preview writes nothing
    take_import(qtbot, dialog)
    assert actuals(context.database) == [("cloud_compute", Decimal("1200.75")), ("digital_twin", Decimal("99.00"))]
    wait_for_operations()


def test_a_file_with_problems_lists_them_and_cannot_be_imported(
    qtbot, context: AppContext, open_file: OpenFile
) -> None:
    dialog = open_file(
        "Project,Plan,Period,Category,Amount\n"
        "Fraud scoring,Baseline,M3,Catering,10\n"
        "Fraud scoring,Baseline,M3,Cloud compute,lots\n",
    )
    assert not dialog.import_button.isEnabled()
    listed = problems(dialog, range(3))
    assert [(row, column) for row, column, _message in listed] == [("2", "4 (Category)"), ("3", "5 (Amount)")]
    assert "Catering" in listed[0][2] and "lots" in listed[1][2]
    assert "nothing has been written" in dialog.summary.text()
    dialog.apply()  # pressing Import anyway does nothing
    wait_for_operations()
    assert actuals(context.database) == [("cloud_compute", None)]


def test_the_preview_names_the_approved_revision_the_actuals_go_to(
    qtbot, context: AppContext, open_file: OpenFile
) -> None:
    """Revision 1 is approved and revision 2 is a draft: the actuals go to revision 1, and the preview says so."""
    from app.services import people

    database = context.database
    approved = database.reader().scalar("SELECT id FROM budget_plan")
    finance = people.create_person(database, name="Fran Ortiz", email="fran@example.org", department="Finance")
    budget.set_plan_state(database, approved, "submitted")
    budget.approve_plan(database, approved, approved_by_id=finance.ids[0])
    draft = budget.revise_plan(database, approved).ids[0]
    dialog = open_file(
        "Project,Plan,Period,Category,Amount\nFraud scoring,Baseline,M3,Cloud compute,42.10\n",
        shown=True,
    )
    assert dialog.changes_model.headerData(2, Qt.Orientation.Horizontal) == "Plan"
    assert dialog.changes_model.index(0, 2).data() == "Baseline rev. 1 (approved)"
    assert dialog.summary.text().endswith("for Baseline rev. 1 of Fraud scoring).")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == ActualsImportDialog.DialogCode.Accepted)
    wait_for_operations()
    by_plan = dict(database.reader().rows("SELECT plan_id, actual FROM budget_line"))
    assert (from_cents(by_plan[approved]), by_plan[draft]) == (Decimal("42.10"), None)
