"""A project's budget page over the demo: the plans and their lines with the analysis' totals, editing in
place with undo, pasting from a spreadsheet, read-only approved plans, state moves and revisions, the
PDF preview and the export, and the page's item models."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from app.analysis.budget import list_plans, load_plan, rollup
from app.db.database import Database
from app.settings import load_finance_settings
from tests.views.conftest import settle
from tests.views.modal import ModalAnswer, answer_modal
from tests.views.pages import project_id
from views.budget.budget_page import BudgetPage
from views.budget.plan_model import CATEGORY, DESCRIPTION, PLANNED
from views.budget.preview import PdfPreviewDialog
from views.budget.wording import money
from views.context import AppContext
from views.roles import RecordRole

PROJECT = "Card fraud screening"


@pytest.fixture
def page(show_page: Callable[[BudgetPage], BudgetPage], demo_context: AppContext) -> BudgetPage:
    return show_page(BudgetPage(demo_context))


def plan_id(database: Database, name: str, *, revision: int = 1) -> int:
    plans = list_plans(database.reader(), project_id(database, PROJECT))
    return next(plan.plan_id for plan in plans if plan.name == name and plan.revision == revision)


def open_plan(qtbot, page: BudgetPage, database: Database, name: str) -> int:
    wanted = plan_id(database, name)
    page.show_project(project_id(database, PROJECT))
    qtbot.waitUntil(lambda: page.data() is not None and not page.is_loading())
    page.show_plan(wanted)
    qtbot.waitUntil(lambda: page.plan() is not None and page.plan().plan_id == wanted and not page.is_loading())
    return wanted


def line_count(database: Database, plan: int) -> int:
    return database.reader().scalar("SELECT count(*) FROM budget_line WHERE plan_id = :plan", {"plan": plan})


def planned_of(database: Database, line_id: int) -> Decimal:
    plan = load_plan(
        database.reader(), database.reader().scalar("SELECT plan_id FROM budget_line WHERE id = :id", {"id": line_id})
    )
    return next(line.planned for line in plan.lines if line.id == line_id)


def type_into(qtbot, page: BudgetPage, row: int, column: int, key: Qt.Key) -> QLineEdit:
    """Type ``key`` on the grid's cell at ``row`` and ``column``: the first key opens the editor with itself in
    it, as in a spreadsheet; the editor, open."""
    focus_cell(page, row, column)
    qtbot.keyClick(page.grid, key)
    return cell_editor(page)


def focus_cell(page: BudgetPage, row: int, column: int) -> None:
    """The grid focused on the cell at ``row`` and ``column``, for the keys that follow."""
    page.grid.setFocus()
    page.grid.setCurrentIndex(grid_index(page, row, column))


def cell_editor(page: BudgetPage) -> QLineEdit:
    """The grid's one editor open in a cell."""
    return next(widget for widget in page.grid.findChildren(QLineEdit) if widget.isVisible())


def grid_index(page: BudgetPage, row: int, column: int) -> QModelIndex:
    return page.lines_proxy.index(row, column)


def new_row(page: BudgetPage) -> int:
    return page.lines_proxy.rowCount() - 1


def test_the_page_shows_the_plans_lines_and_the_analysis_totals(
    qtbot, page: BudgetPage, demo_database: Database
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    plan = load_plan(demo_database.reader(), wanted)
    expected = rollup(
        plan,
        today=date.today(),
        tolerance_percent=load_finance_settings(demo_database.reader()).overspend_tolerance_percent,
    )
    assert page.plans_model.rowCount() == 2
    shown = {page.lines_model.index(row, 0).data(RecordRole).id for row in range(len(page.lines_model.lines()))}
    assert shown == {line.id for line in plan.lines if line.labour_person_id is None}
    labour = {line.id for line in plan.lines if line.labour_person_id is not None}
    assert labour and {line.id for line in page.labour_model.lines()} == labour
    assert page.planned_card.value.text() == money(expected.totals.planned, plan.currency)
    assert page.actual_card.value.text() == money(expected.totals.actual, plan.currency)
    assert page.difference_card.value.text() == money(expected.totals.variance, plan.currency)
    assert page.expected_card.value.text() == money(expected.totals.expected_to_date, plan.currency)
    # The draft's grid ends with a row to type or paste new lines into; the banner stays away.
    assert page.lines_model.rowCount() == len(shown) + 1
    assert not page.banner.isVisible()
    assert page.category_model.rowCount() == len(expected.by_category) + 1


def test_typing_a_planned_amount_changes_the_line_and_undo_restores_it(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    open_plan(qtbot, page, demo_database, "With digital twin")
    line = grid_index(page, 0, PLANNED).data(RecordRole)
    before = line.planned
    editor = type_into(qtbot, page, 0, PLANNED, Qt.Key.Key_1)
    assert editor.text() == "1"
    qtbot.keyClicks(editor, "234.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 1)
    assert planned_of(demo_database, line.id) == Decimal("1234.50")
    qtbot.waitUntil(lambda: (page.grid.currentIndex().row(), page.grid.currentIndex().column()) == (1, PLANNED))
    # Enter went down a row, as in a spreadsheet, and stays there when the edit's reload lands.
    qtbot.waitUntil(
        lambda: (
            not page.is_loading()
            and page.plan().lines[0] is not None
            and grid_index(page, 0, PLANNED).data() == "1,234.50"
        )
    )
    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: planned_of(demo_database, line.id) == before)


def test_pasting_a_block_on_the_new_line_row_adds_its_rows_as_lines(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    before = line_count(demo_database, wanted)
    focus_cell(page, new_row(page), CATEGORY)
    QGuiApplication.clipboard().setText("Hardware\tGPU for the twin\tM3\nSoftware and licences\tFuzzing tool\tQ2\n")
    qtbot.keyClick(page.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 1)
    assert line_count(demo_database, wanted) == before + 2
    lines = {line.description: line for line in load_plan(demo_database.reader(), wanted).lines}
    assert lines["GPU for the twin"].category == "hardware"
    assert tuple(lines["Fuzzing tool"].period) == ("quarter", 2)
    qtbot.waitUntil(
        lambda: not page.is_loading() and "GPU for the twin" in [line.description for line in page.lines_model.lines()]
    )
    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: line_count(demo_database, wanted) == before)


def test_pasting_over_lines_updates_them(qtbot, page: BudgetPage, demo_database: Database) -> None:
    open_plan(qtbot, page, demo_database, "With digital twin")
    first = grid_index(page, 0, DESCRIPTION).data(RecordRole)
    second = grid_index(page, 1, DESCRIPTION).data(RecordRole)
    page.grid.setCurrentIndex(grid_index(page, 0, DESCRIPTION))
    assert page.paste_text("Renamed one\nRenamed two\n")
    qtbot.waitUntil(
        lambda: (
            {line.id: line.description for line in load_plan(demo_database.reader(), page.plan().plan_id).lines}.get(
                second.id
            )
            == "Renamed two"
        )
    )
    descriptions = {line.id: line.description for line in load_plan(demo_database.reader(), page.plan().plan_id).lines}
    assert descriptions[first.id] == "Renamed one"


def test_a_bad_pasted_cell_is_refused_with_a_sentence_and_nothing_is_written(
    qtbot, page: BudgetPage, demo_database: Database
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    before = line_count(demo_database, wanted)
    page.grid.setCurrentIndex(grid_index(page, new_row(page), CATEGORY))
    assert not page.paste_text("Hardware\tGPU\tM3\tDevelopment\t1200\nSoftware\tLicence\tM3\tDevelopment\ttwelve\n")
    settle()
    assert line_count(demo_database, wanted) == before
    assert page.message.text() == "Pasted row 2, Planned: “twelve” is not an amount; nothing was pasted."


def test_an_approved_plan_refuses_edits_and_offers_a_revision(qtbot, page: BudgetPage, demo_database: Database) -> None:
    wanted = open_plan(qtbot, page, demo_database, "Baseline")
    before = line_count(demo_database, wanted)
    index = grid_index(page, 0, PLANNED)
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert page.lines_model.rowCount() == len(page.lines_model.lines())  # no "new line" row
    assert page.banner.isVisible() and "read-only" in page.banner_text.text()
    assert page.banner_button.isVisible()
    page.grid.setCurrentIndex(index)
    assert not page.paste_text("1\n")
    assert "read-only" in page.message.text()
    assert not page.submit_button.isEnabled()
    settle()
    assert line_count(demo_database, wanted) == before


def plan_state(database: Database, plan: int) -> str:
    return database.reader().scalar("SELECT state FROM budget_plan WHERE id = :id", {"id": plan})


def submit(qtbot, page: BudgetPage, database: Database, plan: int) -> ModalAnswer:
    """Press Submit and say yes to the question it asks; wait for the page to show the submitted plan."""
    asked = answer_modal(qtbot, button="Submit")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: plan_state(database, plan) == "submitted")
    qtbot.waitUntil(lambda: not page.is_loading() and page.plan().state == "submitted")
    return asked


def test_submit_asks_first_saying_what_it_freezes(qtbot, page: BudgetPage, demo_database: Database) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    refused = answer_modal(qtbot, key=Qt.Key.Key_Escape)
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert refused.answered and refused.text == "Submit With digital twin (FY 2026, rev. 1) for approval?"
    assert "read-only" in refused.informative and "returned to draft" in refused.informative
    settle()
    assert plan_state(demo_database, wanted) == "draft"
    asked = submit(qtbot, page, demo_database, wanted)
    assert asked.answered
    assert page.approve_button.isEnabled() and not page.submit_button.isEnabled()


def test_approval_records_the_person_and_day_chosen_in_its_dialog(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    from views.budget.dialogs import ApprovalDialog

    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    submit(qtbot, page, demo_database, wanted)
    finance = [
        name
        for (name,) in demo_database.reader().rows("SELECT name FROM person WHERE department = 'Finance' AND active")
    ]
    seen: dict[str, object] = {}
    confirmed: list[ModalAnswer] = []

    def fill(dialog: ApprovalDialog) -> None:
        # It opens with the focus in its first field, the approver, finance people first; the day is today.
        seen["focus"] = dialog.focusWidget() is dialog.approver
        seen["first"] = [dialog.approver.itemText(row).split(" (")[0] for row in range(len(finance))]
        seen["day"] = dialog.approved_on.date().toPython()
        qtbot.keyClick(dialog.approver, Qt.Key.Key_Down)  # the second finance person
        seen["chosen"] = dialog.approver_name()
        dialog.approved_on.setFocus()
        qtbot.keyClick(dialog.approved_on, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.approved_on, "2026-01-05")
        confirmed.append(answer_modal(qtbot, button="Approve"))
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)

    answer_modal(qtbot, then=fill)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: plan_state(demo_database, wanted) == "approved")
    assert seen["focus"] and sorted(seen["first"]) == sorted(finance) and seen["day"] == date.today()
    chosen = seen["chosen"]
    (question,) = confirmed
    assert question.text == f"Approve With digital twin (FY 2026, rev. 1), as approved by {chosen} on 5 Jan 2026?"
    assert "cannot be undone" in question.informative and "read-only apart from its actuals" in question.informative
    stored = demo_database.reader().one(
        "SELECT person.name, plan.approved_on FROM budget_plan AS plan JOIN person ON person.id = plan.approved_by_id "
        "WHERE plan.id = :id",
        {"id": wanted},
    )
    assert tuple(stored) == (chosen, "2026-01-05")
    qtbot.waitUntil(lambda: not page.is_loading() and page.plan().state == "approved")
    assert page.banner.isVisible()
    assert page.banner_text.text().startswith(
        f"With digital twin (rev. 1) was approved by {chosen} on 5 Jan 2026. It is read-only"
    )
    row = next(
        row
        for row in range(page.plans_proxy.rowCount())
        if page.plans_proxy.index(row, 0).data() == "With digital twin"
    )
    assert page.plans_proxy.index(row, page.plans_model.columnCount() - 1).data() == f"{chosen}, 5 Jan 2026"
    # Submitting had a reverse (back to draft), approving has none: the history stops offering either.
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 0)
    assert not demo_context.undo_stack.canRedo()


def test_a_cancelled_approval_changes_nothing(qtbot, page: BudgetPage, demo_database: Database) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    submit(qtbot, page, demo_database, wanted)

    def then_cancel(dialog) -> None:
        answer_modal(qtbot, button="Cancel")  # the confirmation: no
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)

    answer_modal(qtbot, then=then_cancel)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is None)
    settle()
    assert plan_state(demo_database, wanted) == "submitted"
    assert (
        demo_database.reader().scalar("SELECT approved_by_id FROM budget_plan WHERE id = :id", {"id": wanted}) is None
    )


def test_return_to_draft_stays_undoable(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    submit(qtbot, page, demo_database, wanted)
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)  # reversible: no question
    qtbot.waitUntil(lambda: plan_state(demo_database, wanted) == "draft")
    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: plan_state(demo_database, wanted) == "submitted")


def test_closing_asks_first_and_the_closed_plan_keeps_its_approval(
    qtbot, page: BudgetPage, demo_database: Database
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "Baseline")
    approver = demo_database.reader().scalar(
        "SELECT person.name FROM budget_plan AS plan JOIN person ON person.id = plan.approved_by_id "
        "WHERE plan.id = :id",
        {"id": wanted},
    )
    assert f"was approved by {approver} on 15 Dec 2025" in page.banner_text.text()
    asked = answer_modal(qtbot, button="Close plan")
    qtbot.mouseClick(page.close_plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: plan_state(demo_database, wanted) == "closed")
    assert asked.text == "Close Baseline (FY 2026, rev. 1)?"
    assert "kept for the record" in asked.informative and "cannot be undone" in asked.informative
    qtbot.waitUntil(lambda: not page.is_loading() and page.plan().state == "closed")
    assert page.banner_text.text().startswith(
        f"Baseline (rev. 1) was approved by {approver} on 15 Dec 2025 and is closed"
    )


def test_a_revision_of_the_approved_plan_is_a_new_draft(qtbot, page: BudgetPage, demo_database: Database) -> None:
    approved = open_plan(qtbot, page, demo_database, "Baseline")
    qtbot.mouseClick(page.revise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_loading() and page.plan() is not None and page.plan().revision == 2)
    plan = page.plan()
    assert plan.name == "Baseline" and plan.state == "draft" and plan.plan_id != approved
    assert len(plan.lines) == line_count(demo_database, approved)
    assert page.plans_model.rowCount() == 3
    assert not page.banner.isVisible()


def test_the_preview_renders_the_plans_pdf(qtbot, page: BudgetPage, demo_database: Database) -> None:
    open_plan(qtbot, page, demo_database, "Baseline")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.dialog, PdfPreviewDialog) and page.dialog.isVisible(), timeout=30_000)
    dialog = page.dialog
    assert dialog.page_count() >= 1
    assert dialog.pdf().startswith(b"%PDF")
    dialog.reject()


def test_export_writes_the_selected_plans_report_where_the_user_says(
    qtbot, monkeypatch: pytest.MonkeyPatch, page: BudgetPage, demo_database: Database, tmp_path: Path
) -> None:
    open_plan(qtbot, page, demo_database, "With digital twin")
    asked: dict[str, str] = {}

    def save_as(_parent: QWidget, title: str, suggestion: str, _filters: str) -> tuple[str, str]:
        asked.update(title=title, suggestion=suggestion)
        return str(tmp_path / "budget"), "JSON data (*.json)"  # typed without an extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "budget.json"
    qtbot.waitUntil(lambda: page.message.text().endswith(f"written to {target}."), timeout=30_000)
    assert page.message.text() == f"Budget report for {PROJECT} written to {target}."
    assert asked == {
        "title": "Export budget report",
        "suggestion": f"Card-fraud-screening-With-digital-twin-budget-{date.today().isoformat()}.pdf",
    }
    assert json.loads(target.read_text(encoding="utf-8"))["plan"]["name"] == "With digital twin"
    assert page.export_button.isEnabled()  # busy no more


def test_delete_removes_the_selected_lines_and_undo_brings_them_back(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    before = line_count(demo_database, wanted)
    focus_cell(page, 0, CATEGORY)
    qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 1)
    assert line_count(demo_database, wanted) == before - 1
    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: line_count(demo_database, wanted) == before)


def test_the_item_models_follow_qts_rules(qtmodeltester, qtbot, page: BudgetPage, demo_database: Database) -> None:
    open_plan(qtbot, page, demo_database, "With digital twin")
    qtbot.waitUntil(lambda: not page.is_loading() and page.compare_model.rowCount() > 0)
    for model in (
        page.lines_model,
        page.labour_model,
        page.plans_model,
        page.category_model,
        page.grid_model,
        page.stage_model,
        page.compare_model,
        page.proposals_model,
    ):
        qtmodeltester.check(model)


def test_ticked_gap_proposals_are_added_to_the_draft(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    model = page.proposals_model
    assert model.rowCount() > 0 and not page.add_proposals_button.isEnabled()
    proposal = model.proposals()[0]
    assert model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert page.add_proposals_button.isEnabled()
    before = line_count(demo_database, wanted)
    qtbot.mouseClick(page.add_proposals_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 1)
    added = [
        line for line in load_plan(demo_database.reader(), wanted).lines if line.description == proposal.description
    ]
    assert line_count(demo_database, wanted) == before + 1
    assert len(added) == 1 and added[0].planned == proposal.amount and added[0].category == proposal.category


def test_refresh_from_members_replaces_the_labour_lines(qtbot, page: BudgetPage, demo_database: Database) -> None:
    from app.analysis.budget import labour_lines

    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    plan = load_plan(demo_database.reader(), wanted)
    computed = labour_lines(
        demo_database.reader(), plan.project_id, fiscal_year=plan.fiscal_year, start_month=plan.start_month
    )
    # The demo keeps its largest allocations only: the team as it is now differs.
    assert page.data().labour_differs and page.refresh_labour_button.isEnabled()
    stored = [line.id for line in page.labour_model.lines()]
    # It cannot be undone, so it asks first; no is no.
    refused = answer_modal(qtbot, button="Cancel")
    qtbot.mouseClick(page.refresh_labour_button, Qt.MouseButton.LeftButton)
    assert refused.text == (
        f"Replace the {len(stored)} labour lines of With digital twin (FY 2026, rev. 1) with the "
        f"{len(computed)} the team costs now?"
    )
    assert "cannot be undone" in refused.informative
    settle()
    assert [line.id for line in load_plan(demo_database.reader(), wanted).lines if line.labour_person_id] == stored
    answer_modal(qtbot, button="Refresh")
    qtbot.mouseClick(page.refresh_labour_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_loading() and not page.data().labour_differs)
    assert len(page.labour_model.lines()) == len(computed)
    assert not page.refresh_labour_button.isEnabled()


def test_a_new_plan_is_created_selected_and_undone(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    open_plan(qtbot, page, demo_database, "Baseline")
    page.create_plan(name="Lean", fiscal_year=2027, currency="EUR")
    qtbot.waitUntil(lambda: not page.is_loading() and page.plan() is not None and page.plan().name == "Lean")
    assert page.plan().state == "draft" and page.plans_model.rowCount() == 3
    assert page.lines_model.rowCount() == 1  # only the "new line" row
    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: not page.is_loading() and page.plans_model.rowCount() == 2)


def test_the_scenarios_are_compared_side_by_side(qtbot, page: BudgetPage, demo_database: Database) -> None:
    from app.analysis.budget import compare_scenarios

    first = open_plan(qtbot, page, demo_database, "Baseline")
    second = plan_id(demo_database, "With digital twin")
    expected = compare_scenarios([load_plan(demo_database.reader(), first), load_plan(demo_database.reader(), second)])
    assert page.compare_choice.currentData() == second
    assert page.compare_model.rowCount() == len(expected.rows) + 1
    total = page.compare_model.index(len(expected.rows), 3).data()
    assert total == money(expected.totals.difference[1])


def test_tab_moves_to_the_next_cell_and_its_editor_survives_the_reload(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    open_plan(qtbot, page, demo_database, "With digital twin")
    page.grid.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as loaded: rows stay put whatever is typed
    line = grid_index(page, 0, PLANNED).data(RecordRole)
    editor = type_into(qtbot, page, 0, PLANNED, Qt.Key.Key_7)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 1 and not page.is_loading())
    assert page.grid.currentIndex().column() == PLANNED + 1
    editor = cell_editor(page)
    qtbot.keyClicks(editor, "6.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 2)
    stored = next(row for row in load_plan(demo_database.reader(), page.plan().plan_id).lines if row.id == line.id)
    assert (stored.planned, stored.actual) == (Decimal("7.00"), Decimal("6.50"))


def test_import_actuals_opens_the_import_dialog(qtbot, page: BudgetPage, demo_database: Database) -> None:
    from views.budget.actuals_dialog import ActualsImportDialog

    open_plan(qtbot, page, demo_database, "Baseline")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ActualsImportDialog) and dialog.isVisible()
    dialog.reject()


def test_a_bad_amount_typed_in_a_cell_is_refused_naming_its_row(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    open_plan(qtbot, page, demo_database, "With digital twin")
    line = grid_index(page, 2, PLANNED).data(RecordRole)
    row_label = page.lines_proxy.headerData(2, Qt.Orientation.Vertical)
    editor = type_into(qtbot, page, 2, PLANNED, Qt.Key.Key_X)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.message.text() != "")  # Enter commits a turn of the event loop later
    assert page.message.text() == f"Row {row_label}, Planned: “x” is not an amount."
    settle()
    assert demo_context.undo_stack.count() == 0 and planned_of(demo_database, line.id) == line.planned


# --- the actions follow the selection exactly -----------------------------------------------------------


def click_cell(qtbot, table, index: QModelIndex, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Click a cell as the user does (Ctrl+click lets a selected cell go, leaving the cursor on it)."""
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def plan_row(page: BudgetPage, plan: int) -> QModelIndex:
    proxy = page.plans_proxy
    return next(
        proxy.index(row, 0)
        for row in range(proxy.rowCount())
        if getattr(proxy.index(row, 0).data(RecordRole), "plan_id", None) == plan
    )


def test_delete_removes_only_lines_selected_never_the_cell_the_cursor_is_left_on(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    before = line_count(demo_database, wanted)
    assert not page.delete_action.isEnabled()  # a draft, but no line selected yet
    click_cell(qtbot, page.grid, grid_index(page, 0, DESCRIPTION))
    assert page.delete_action.isEnabled()

    click_cell(qtbot, page.grid, grid_index(page, 0, DESCRIPTION), Qt.KeyboardModifier.ControlModifier)
    assert page.grid.currentIndex().row() == 0  # the cursor stays on the cell let go
    assert not page.delete_action.isEnabled()
    qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    settle()
    assert line_count(demo_database, wanted) == before and demo_context.undo_stack.count() == 0

    # The "new line" row is no line to delete either.
    click_cell(qtbot, page.grid, grid_index(page, new_row(page), DESCRIPTION))
    assert not page.delete_action.isEnabled()
    # Two lines selected: both go, in one undoable step.
    click_cell(qtbot, page.grid, grid_index(page, 0, PLANNED))
    click_cell(qtbot, page.grid, grid_index(page, 1, CATEGORY), Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_lines()) == 2 and page.delete_action.isEnabled()
    qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: line_count(demo_database, wanted) == before - 2)
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 1)  # one step (it joins the history once done)


def test_the_plan_actions_follow_the_selected_plan(qtbot, page: BudgetPage, demo_database: Database) -> None:
    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    actions = (page.submit_button, page.delete_plan_button, page.preview_button, page.export_button)
    assert all(button.isEnabled() for button in actions)

    click_cell(qtbot, page.plans, plan_row(page, wanted), Qt.KeyboardModifier.ControlModifier)
    assert [button.text() for button in actions if button.isEnabled()] == []
    assert page.selected_plan() is None and page.plan().plan_id == wanted  # let go, though still shown
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    settle()
    assert page.dialog is None and "Rendering" not in page.message.text()

    click_cell(qtbot, page.plans, plan_row(page, wanted))
    assert all(button.isEnabled() for button in actions)


def test_the_new_lines_category_opens_on_no_pick_and_enter_adds_nothing(
    qtbot, page: BudgetPage, demo_database: Database, demo_context: AppContext
) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QComboBox

    wanted = open_plan(qtbot, page, demo_database, "With digital twin")
    before = line_count(demo_database, wanted)
    click_cell(qtbot, page.grid, grid_index(page, new_row(page), CATEGORY))
    qtbot.keyClick(page.grid, Qt.Key.Key_F2)
    editor = next(widget for widget in page.grid.findChildren(QComboBox) if widget.isVisible())
    assert editor.currentIndex() == -1 and editor.currentText() == ""  # not "Hardware", the first item
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.grid.state() != QAbstractItemView.State.EditingState)
    settle()
    assert line_count(demo_database, wanted) == before and demo_context.undo_stack.count() == 0
    assert page.message.text() == ""  # nothing refused either: nothing was picked
