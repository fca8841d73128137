"""A project's budget: its plans (scenarios), the selected plan's lines in a spreadsheet-like grid,
its roll-ups and charts, labour from the team, the cost of closing staffing gaps, export and actuals.

The page shows one project (``show_project``). Everything it shows is read and
analysed on the worker in one go (``loading.load_budget``: ``app.analysis.budget``); the
widgets only display the result. Every change is a service call of
``app.services.budget`` through ``run_edit`` (undoable where a reverse exists),
and the change hub's signal brings the fresh analysis back, so the totals follow
each edit.

The page composes sections by what the user sees, top to bottom: the plans, their
actions and the read-only banner (``plans_section``), the totals (``totals_row``),
and the tabs: the lines and their clipboard (``lines_tab``, a paste read by
``paste``), labour and the cost of closing gaps (``team_tabs``), the roll-ups
(``rollup_tabs``), the scenario comparison (``compare_tab``) and the charts
(``charts``). The sections show and gather; the edits run through the page's
``_run``, so the page is their initiator: the undoable ones are its own methods,
those without undo are in ``irreversible``, and actuals, preview and export in
``report_actions``. The widgets tests and other pages reach are named on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.change import Entity
from views.budget.cells import FIELDS, column_title, split_block
from views.budget.compare_tab import CompareTab
from views.budget.irreversible import IrreversibleEdits
from views.budget.lines_tab import LinesTab
from views.budget.loading import BudgetData, line_input, load_budget
from views.budget.paste import PasteRefused
from views.budget.plans_section import (
    PlansSection,
    ask_to_submit,
)
from views.budget.report_actions import BudgetReports
from views.budget.rollup_tabs import Rollups
from views.budget.team_tabs import GapsTab, LabourTab
from views.budget.totals_row import TotalsRow
from views.budget.wording import state_label
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.project_page import ProjectPage
from views.roles import RecordRole
from views.selection import SelectionFollower
from views.staffing.relevance import STAFFING_ENTITIES
from views.undo import add_undone_by

if TYPE_CHECKING:
    from app.analysis.budget import LineRow, PlanData, PlanSummary
    from app.services.change import Change

# What a change to these entities can alter on the page (plans, lines, the team and its cost, gaps, settings).
RELEVANT_ENTITIES = (STAFFING_ENTITIES - {Entity.LEVEL_DESCRIPTOR, Entity.TAXONOMY}) | {
    Entity.BUDGET_LINE,
    Entity.BUDGET_PLAN,
}
# The state moves that have a reverse the service allows (approving and closing have none).
REVERSIBLE = {("draft", "submitted"), ("submitted", "draft")}
DEFAULT_STAGE = "development"


class BudgetPage(ProjectPage):
    """One project's budget. ``status_message`` carries a line for the window's status bar."""

    relevant_entities = RELEVANT_ENTITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, message_name="budgetMessage", loading_text=tr("Loading…"))
        self.setObjectName("budgetPage")
        self._plan_id: int | None = None
        self._compare_id: int | None = None
        self._data: BudgetData | None = None
        self._showing = False  # filling widgets from a load: their signals are not the user's
        self.today = date.today()

        self.plans_section = PlansSection(self)
        self.totals_row = TotalsRow(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("budgetTabs")
        self.tabs.setDocumentMode(True)
        self.lines_tab = LinesTab(self.tabs)
        self.labour_tab = LabourTab(self.tabs)
        self.gaps_tab = GapsTab(self.tabs)
        self.rollups = Rollups(self.tabs)
        self.compare_tab = CompareTab(self.tabs)
        from views.budget.charts import ChartsTab

        self.charts_tab = ChartsTab(self.tabs)
        self.tabs.addTab(self.lines_tab, tr("Lines"))
        self.tabs.addTab(self.labour_tab, tr("Labour"))
        self.tabs.addTab(self.gaps_tab, tr("Cost of closing gaps"))
        for tab, title in self.rollups.tabs():
            self.tabs.addTab(tab, title)
        self.tabs.addTab(self.compare_tab, tr("Compare scenarios"))
        self.tabs.addTab(self.charts_tab, tr("Charts"))
        self._name_plans_widgets()
        self._name_tabs_widgets()

        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.plans_section)
        layout.addWidget(self.totals_row)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._status_row())

        self.reports = BudgetReports(self)
        self.irreversible = IrreversibleEdits(self)
        self._connect()
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    def _name_plans_widgets(self) -> None:
        """The plans' and totals' widgets by the names the tests and other pages reach them by."""
        plans = self.plans_section
        self.plans_model, self.plans_proxy, self.plans = plans.plans_model, plans.plans_proxy, plans.plans
        self.new_plan_button, self.revise_button = plans.new_plan_button, plans.revise_button
        self.submit_button, self.approve_button = plans.submit_button, plans.approve_button
        self.return_button, self.close_plan_button = plans.return_button, plans.close_plan_button
        self.delete_plan_button, self.import_button = plans.delete_plan_button, plans.import_button
        self.preview_button, self.export_button = plans.preview_button, plans.export_button
        self.banner, self.banner_text, self.banner_button = plans.banner, plans.banner_text, plans.banner_button
        totals = self.totals_row
        self.planned_card, self.actual_card = totals.planned_card, totals.actual_card
        self.difference_card, self.expected_card = totals.difference_card, totals.expected_card
        self.spend_card = totals.spend_card

    def _name_tabs_widgets(self) -> None:
        """The tabs' widgets by the names the tests and other pages reach them by (the rest: on the tab)."""
        lines = self.lines_tab
        self.lines_model, self.lines_proxy, self.grid = lines.lines_model, lines.lines_proxy, lines.grid
        self.delete_action = lines.delete_action
        labour, gaps, rollups, compare = self.labour_tab, self.gaps_tab, self.rollups, self.compare_tab
        self.labour_model, self.refresh_labour_button = labour.labour_model, labour.refresh_labour_button
        self.proposals_model, self.add_proposals_button = gaps.proposals_model, gaps.add_proposals_button
        self.category_model, self.grid_model = rollups.category.model, rollups.period.model
        self.stage_model = rollups.stage.model
        self.compare_choice, self.compare_model = compare.compare_choice, compare.compare_model

    def _connect(self) -> None:
        self.plans.selectionModel().selectionChanged.connect(self._plan_selected)
        # The plan's actions act on the plan selected, once it is the one shown (not while another loads, nor
        # after a Ctrl+click let it go).
        self.plan_selection: SelectionFollower[PlanSummary] = SelectionFollower(self.plans)
        self.plan_selection.changed.connect(self._update_actions)
        self.lines_tab.line_selection.changed.connect(self._update_line_actions)
        self.delete_action.triggered.connect(self.delete_selected_lines)
        self.lines_tab.paste_action.triggered.connect(self.paste_from_clipboard)
        self.lines_model.edit_requested.connect(self._edit_line)
        self.lines_model.add_requested.connect(self._add_line)
        self.lines_model.refused.connect(self._refuse_cell)
        self.refresh_labour_button.clicked.connect(self.irreversible.refresh_labour)
        self.add_proposals_button.clicked.connect(self.add_checked_proposals)
        self.proposals_model.dataChanged.connect(self._update_proposal_actions)
        self.proposals_model.modelReset.connect(self._update_proposal_actions)
        self.compare_tab.chosen.connect(self._compare_chosen)
        for button, slot in (
            (self.new_plan_button, self.new_plan),
            (self.revise_button, self.revise),
            (self.banner_button, self.revise),
            (self.submit_button, self.submit),
            (self.approve_button, self.irreversible.approve),
            (self.return_button, lambda: self.set_state("draft")),
            (self.close_plan_button, self.irreversible.close_plan),
            (self.delete_plan_button, self.irreversible.delete_plan),
            (self.import_button, self.reports.import_actuals),
            (self.preview_button, self.reports.preview),
            (self.export_button, self.reports.export),
        ):
            button.clicked.connect(slot)

    # --- reading -------------------------------------------------------------------
    def data(self) -> BudgetData | None:
        return self._data

    def plan(self) -> PlanData | None:
        """The plan the page shows."""
        return self._data.plan if self._data is not None else None

    def selected_plan(self) -> PlanData | None:
        """The plan shown, when it is also the one selected in the plans table; else None (nothing to act on)."""
        plan = self.plan()
        summary = self.plan_selection.selected()
        if plan is None or summary is None or summary.plan_id != plan.plan_id:
            return None
        return plan

    def show_project(self, project_id: int) -> None:
        """Show ``project_id``; the load runs on the worker (deferred until the page is shown)."""
        if project_id != self._project_id:  # the plans chosen were the last project's
            self._plan_id = None
            self._compare_id = None
        super().show_project(project_id)

    def show_plan(self, plan_id: int) -> None:
        """Select ``plan_id`` of the shown project and load it."""
        self._plan_id = plan_id
        self.reload()

    # --- loading and following changes (the hooks of ProjectPage) ----------------------
    def _loader(self, project_id: int) -> Callable[[], BudgetData]:
        database = self.context.database
        plan_id = self._plan_id
        compare_id = self._compare_id
        today = self.today
        return lambda: load_budget(database, project_id, plan_id=plan_id, compare_id=compare_id, today=today)

    def _concerns_another_project(self, change: Change) -> bool:
        # A plan, line or requirement of another project does not change this page.
        return change.entity is not Entity.PROJECT and super()._concerns_another_project(change)

    # --- showing -------------------------------------------------------------------
    def _show_nothing(self) -> None:
        self._showing = True
        for section in (self.plans_section, self.lines_tab, self.labour_tab, self.gaps_tab, self.rollups):
            section.clear()
        self.compare_tab.clear()
        self.totals_row.clear()
        self._showing = False
        self._update_actions()

    def _show(self, data: BudgetData) -> None:
        plan = data.plan
        self._plan_id = plan.plan_id if plan is not None else None
        self._showing = True
        try:
            self.plans_section.show_plans(data.plans, plan)
            self._show_plan(data)
        finally:
            self._showing = False
        self._update_actions()

    def _show_plan(self, data: BudgetData) -> None:
        plan = data.plan
        if plan is None or data.rollup is None:
            self.lines_tab.show_lines((), None)
            self.labour_tab.show_lines((), None)
            self.plans_section.show_no_plan(data.project)
            return
        from app.analysis.budget import plan_lines_of

        self.lines_tab.show_lines(plan_lines_of(plan.lines, labour=False), plan)
        self.labour_tab.show_lines(plan_lines_of(plan.lines, labour=True), plan)
        self.plans_section.show_banner(plan)
        self.totals_row.show_totals(data)
        self.lines_tab.show_totals(data.rollup.totals, plan.currency)
        self.labour_tab.show_notice(data)
        self.gaps_tab.show_proposals(data)
        self.rollups.show_rollup(data)
        self._compare_id = self.compare_tab.show_comparison(data)
        self.charts_tab.show_plan(plan)

    def _update_actions(self) -> None:
        plan = self.selected_plan()
        state = plan.state if plan is not None else None
        self.plans_section.update_actions(state, loaded=self._data is not None)
        draft = state == "draft"
        self.refresh_labour_button.setEnabled(draft and self._data is not None and self._data.labour_differs)
        self._update_line_actions()
        self._update_proposal_actions()

    def _update_line_actions(self) -> None:
        plan = self.plan()
        self.lines_tab.update_actions(draft=plan is not None and plan.state == "draft")

    def _update_proposal_actions(self, *_args: Any) -> None:
        self.gaps_tab.update_actions(self.selected_plan())

    def _refuse_cell(self, row: int, column: int, reason: str) -> None:
        """A typed cell its column cannot take, named by its row as shown (the grid's row numbers)."""
        self._refuse(self.lines_tab.cell_refusal(row, column, reason))

    def _refuse(self, sentence: str) -> None:
        """A cell the user typed or pasted cannot be taken: say so where they look, and in the status bar."""
        self._warn(True)
        self._say(sentence)

    def _warn(self, warn: bool) -> None:
        """Show the message line as a warning (a refused cell), or as plain words again."""
        self.message.setProperty("warn", warn)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # --- selecting -------------------------------------------------------------------
    def _plan_selected(self, *_args: Any) -> None:
        if self._showing:
            return
        rows = self.plans.selectionModel().selectedRows()
        if not rows:
            return
        summary = rows[0].data(RecordRole)
        if summary is not None and summary.plan_id != self._plan_id:
            self._plan_id = summary.plan_id
            self._compare_id = None
            self.reload()

    def select_plan(self, plan_id: int) -> None:
        """Select ``plan_id`` in the plans table (and load it)."""
        self.show_plan(plan_id)

    def _compare_chosen(self, plan_id: int) -> None:
        if plan_id != self._compare_id:
            self._compare_id = plan_id
            self.reload()

    # --- editing (through run_edit) -------------------------------------------------------
    def _edit_starting(self) -> None:
        self._warn(False)  # what the edit says next is no refused cell

    def _edit_line(self, line_id: int, field: str, before: Any, after: Any) -> None:
        from app.services import budget as budget_services

        database = self.context.database
        self._run(
            tr("Change {what} of a budget line").format(what=column_title(_column_of(field)).lower()),
            do=lambda: budget_services.update_line(database, line_id, **{field: after}),
            undo=lambda: budget_services.update_line(database, line_id, **{field: before}),
        )

    def _defaults(self) -> dict[str, Any]:
        """What a new line starts with: the category and period of the current row, the project's stage."""
        return self.lines_tab.new_line_values(stage=self._stage())

    def _stage(self) -> str:
        return self._data.project_stage if self._data is not None else DEFAULT_STAGE

    def _add_line(self, field: str, value: Any) -> None:
        values = self._defaults()
        values[field] = value
        self.add_lines([values], text=tr("Add a budget line"))

    def add_lines(self, rows: Sequence[dict[str, Any]], *, text: str) -> None:
        """Add lines (dicts of ``LineInput`` fields) in one service call; undo deletes them again."""
        from app.services import budget as budget_services

        plan = self.plan()
        if plan is None or not rows:
            return
        database = self.context.database
        plan_id = plan.plan_id
        inputs = [budget_services.LineInput(**row) for row in rows]
        created: dict[str, tuple[int, ...]] = {}

        def add() -> Change:
            change = budget_services.add_lines(database, plan_id, inputs)
            created["ids"] = tuple(change.ids)
            return change

        def delete_again() -> Change:
            return budget_services.delete_lines(database, created["ids"])

        self._run(text, do=add, undo=delete_again)

    def selected_lines(self) -> list[LineRow]:
        """The lines with a selected cell, top to bottom as shown (the "new line" row is no line)."""
        return self.lines_tab.selected_lines()

    def delete_selected_lines(self) -> None:
        """Delete the lines of the selected cells (undo adds them back)."""
        plan = self.plan()
        lines = self.selected_lines()
        if plan is None or not lines:
            return
        if plan.state != "draft":
            self._refuse_read_only(plan)
            return
        self.delete_lines(lines)

    def _refuse_read_only(self, plan: PlanData) -> None:
        self._refuse(
            tr("{plan} is {state} and read-only; make a revision to change it.").format(
                plan=plan.name, state=state_label(plan.state).lower()
            )
        )

    def delete_lines(self, lines: Sequence[LineRow]) -> None:
        from app.services import budget as budget_services

        plan = self.plan()
        if plan is None:
            return
        database = self.context.database
        plan_id = plan.plan_id
        current = {"ids": tuple(line.id for line in lines)}
        inputs = [line_input(line) for line in lines]

        def delete() -> Change:
            return budget_services.delete_lines(database, current["ids"])

        def add_back() -> Change:
            change = budget_services.add_lines(database, plan_id, inputs)
            current["ids"] = tuple(change.ids)
            return change

        text = (
            tr("Delete a budget line")
            if len(lines) == 1
            else tr("Delete {count} budget lines").format(count=len(lines))
        )
        self._run(text, do=delete, undo=add_back)

    # --- clipboard ---------------------------------------------------------------------
    def paste_from_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste tab-separated rows at the selection: over existing lines, or as new lines on the "new line" row.

        Every cell is checked first; one bad cell refuses the whole paste with a
        sentence naming it, and nothing is written. Returns whether a change was sent.
        """
        plan = self.plan()
        block = split_block(text)
        if plan is None or not block:
            return False
        if plan.state != "draft":
            self._refuse_read_only(plan)
            return False
        try:
            paste = self.lines_tab.read_paste(block, plan=plan, defaults=self._defaults())
        except PasteRefused as refusal:
            self._refuse(str(refusal))
            return False
        if not paste.updates and not paste.additions:
            return False
        self._send_paste(plan.plan_id, paste.updates, paste.befores, paste.additions)
        return True

    def _send_paste(
        self,
        plan_id: int,
        updates: dict[int, dict[str, Any]],
        befores: dict[int, dict[str, Any]],
        additions: list[dict[str, Any]],
    ) -> None:
        from app.services import budget as budget_services

        database = self.context.database
        inputs = [budget_services.LineInput(**values) for values in additions]
        created: dict[str, tuple[int, ...]] = {"ids": ()}

        def apply() -> Change:
            change = budget_services.edit_lines(database, plan_id, updates=updates, additions=inputs)
            created["ids"] = tuple(change.details["created"])
            return change

        def revert() -> Change:
            return budget_services.edit_lines(database, plan_id, updates=befores, deletions=created["ids"])

        if additions and not updates:
            text = tr("Paste {count} new budget line(s)").format(count=len(additions))
        else:
            text = tr("Paste into {count} budget line(s)").format(count=len(updates) + len(additions))
        self._run(
            text,
            do=apply,
            undo=revert,
            on_success=lambda _change: self._say(
                tr("Pasted: {updated} line(s) changed, {added} added.").format(
                    updated=len(updates), added=len(additions)
                )
            ),
        )

    # --- plans ---------------------------------------------------------------------------
    def new_plan(self) -> None:
        from views.budget.dialogs import NewPlanDialog

        if self._data is None:
            return
        plan = self.plan()
        taken = [(summary.name, summary.fiscal_year) for summary in self._data.plans]
        dialog = NewPlanDialog(
            self,
            fiscal_year=plan.fiscal_year if plan is not None else self.today.year,
            taken=taken,
            currency=plan.currency if plan is not None else "EUR",
        )
        dialog.accepted.connect(lambda: self.create_plan(**dialog.values()))
        self._open(dialog)

    def create_plan(self, *, name: str, fiscal_year: int, currency: str = "EUR") -> None:
        """Create a plan of the shown project and select it (undo deletes it again)."""
        from app.services import budget as budget_services

        if self._project_id is None:
            return
        database = self.context.database
        project_id = self._project_id
        create, delete_again = add_undone_by(
            lambda: budget_services.create_plan(
                database, project_id, name=name, fiscal_year=fiscal_year, currency=currency
            ),
            lambda new_plan_id: budget_services.delete_plan(database, new_plan_id),
        )

        self._run(
            tr("Create budget plan {name}").format(name=name),
            do=create,
            undo=delete_again,
            on_success=lambda change: self.show_plan(change.ids[0]),
        )

    def revise(self) -> None:
        """Copy the approved (or closed) plan to a new draft revision and select it (undo deletes the draft)."""
        from app.services import budget as budget_services

        plan = self.selected_plan()
        if plan is None:
            return
        database = self.context.database
        plan_id = plan.plan_id
        revise, delete_again = add_undone_by(
            lambda: budget_services.revise_plan(database, plan_id),
            lambda draft_id: budget_services.delete_plan(database, draft_id),
        )

        name = plan.name

        def revised(change: Change) -> None:
            self.show_plan(change.ids[0])
            self._say(tr("{plan} revision {revision} is a new draft.").format(plan=name, revision=plan.revision + 1))

        self._run(tr("Make a revision of {plan}").format(plan=name), do=revise, undo=delete_again, on_success=revised)

    def submit(self) -> None:
        """Ask, then hand the draft to finance for approval (undoable: back to draft)."""
        plan = self.selected_plan()
        if plan is not None and plan.state == "draft" and ask_to_submit(self, plan):
            self.set_state("submitted")

    def set_state(self, state: str) -> None:
        """Move the plan to ``state`` (approving: ``IrreversibleEdits.approve``); a refused move shows as a message."""
        from app.services import budget as budget_services

        plan = self.selected_plan()
        if plan is None:
            return
        database = self.context.database
        plan_id = plan.plan_id
        before = plan.state
        undo = (
            (lambda: budget_services.set_plan_state(database, plan_id, before))
            if (before, state) in REVERSIBLE
            else None
        )
        verbs = {
            "submitted": tr("Submit {plan}"),
            "draft": tr("Return {plan} to draft"),
            "closed": tr("Close {plan}"),
        }
        name = plan.name
        self._run(
            verbs.get(state, tr("Change the state of {plan}")).format(plan=name),
            do=lambda: budget_services.set_plan_state(database, plan_id, state),
            undo=undo,
            on_success=lambda _change: self._say(
                tr("{plan} is now {state}.").format(plan=name, state=state_label(state).lower())
            ),
        )

    def add_checked_proposals(self) -> None:
        """Add the ticked proposals to the draft as lines, in one service call (undo removes them)."""
        plan = self.selected_plan()
        rows = self.gaps_tab.checked_lines(stage=self._stage())
        if plan is None or not rows or plan.state != "draft":
            return
        self.add_lines(rows, text=tr("Add {count} line(s) to close staffing gaps").format(count=len(rows)))


def _column_of(field: str) -> int:
    return next(column for column, name in FIELDS.items() if name == field)
