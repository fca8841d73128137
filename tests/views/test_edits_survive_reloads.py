"""A cell being typed into survives a reload that a change elsewhere brings: the load waits for the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from app.analysis.budget import list_plans
from app.services import budget as budget_services
from views.budget.budget_page import BudgetPage
from views.budget.plan_model import DESCRIPTION
from views.context import AppContext
from views.roles import RecordRole


def test_typing_in_a_budget_cell_survives_a_colleagues_change(qtbot, demo_context: AppContext, show_page) -> None:
    database = demo_context.database
    page = show_page(BudgetPage(demo_context))
    project = database.reader().scalar("SELECT id FROM project WHERE name = 'Card fraud screening'")
    plan = next(plan for plan in list_plans(database.reader(), project) if plan.name == "With digital twin")
    page.show_project(project)
    page.show_plan(plan.plan_id)
    qtbot.waitUntil(lambda: page.plan() is not None and page.plan().plan_id == plan.plan_id and not page.is_loading())
    edited = page.lines_proxy.index(0, DESCRIPTION)
    other = page.lines_proxy.index(1, 0).data(RecordRole)
    page.grid.setFocus()
    page.grid.setCurrentIndex(edited)
    qtbot.keyClick(page.grid, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and page.grid.state() == QAbstractItemView.State.EditingState
    editor.selectAll()
    qtbot.keyClicks(editor, "Typed by hand")

    # Meanwhile another line changes (another window, a colleague) and the page hears of it.
    demo_context.hub.publish(budget_services.update_line(database, other.id, description="Changed elsewhere"))
    qtbot.waitUntil(lambda: not page.is_loading())
    assert page.grid.state() == QAbstractItemView.State.EditingState
    assert editor.text() == "Typed by hand"

    qtbot.keyClick(editor, Qt.Key.Key_Return)
    line_id = edited.data(RecordRole).id
    qtbot.waitUntil(
        lambda: (
            database.reader().scalar("SELECT description FROM budget_line WHERE id = :id", {"id": line_id})
            == "Typed by hand"
        )
    )
    # And the page then shows both changes.
    qtbot.waitUntil(lambda: not page.is_loading() and page.grid.state() != QAbstractItemView.State.EditingState)
    shown = {page.lines_proxy.index(row, DESCRIPTION).data() for row in range(page.lines_proxy.rowCount())}
    assert {"Typed by hand", "Changed elsewhere"} <= shown
