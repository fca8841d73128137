"""A project's budget: its plans (scenarios), the selected plan's lines in a spreadsheet-like grid,
its roll-ups and charts, labour from the team, the cost of closing staffing gaps, export and actuals.

The page shows one project (``show_project``). Everything it shows is read and
analysed on the worker in one go (``loading.load_budget``: ``app.analysis.budget``); the
widgets only display the result. Every change is a service call of
``app.services.budget`` through ``run_edit`` (undoable where a reverse exists),
and the change hub's signal brings the fresh analysis back, so the totals follow
each edit.

Top to bottom: the plans with their state actions, a banner when the plan is
read-only, the plan's totals, and the sub-views as tabs: lines, labour, cost of
closing gaps, by category, category × period, by stage, scenario comparison and charts.
Beside it, by concept: the grid's model (``plan_model``), its editors
(``editors``), cell reading and paste parsing (``cells``), the read-only tables
(``tables``), the proposals (``proposals_model``), the charts (``charts``), the
new-plan dialog (``dialogs``) and the PDF preview (``preview``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.change import Entity
from views.budget.cells import (
    ACTUAL,
    CATEGORY,
    DESCRIPTION,
    DIFFERENCE,
    FIELDS,
    NOTE,
    PERIOD,
    PLANNED,
    STAGE,
    CellError,
    cell_problem,
    column_title,
    read_cell,
    split_block,
)
from views.budget.editors import LineDelegate
from views.budget.loading import BudgetData, line_input, load_budget
from views.budget.plan_model import LinesModel, LinesProxy, NewLineRole
from views.budget.proposals_model import AMOUNT as PROPOSAL_AMOUNT
from views.budget.proposals_model import DESCRIPTION as PROPOSAL_DESCRIPTION
from views.budget.proposals_model import ProposalsModel
from views.budget.tables import FLAG, MONEY, AmountTableModel, Column, TotalsProxy
from views.budget.wording import (
    approval_label,
    approval_sentence,
    category_label,
    day_label,
    money,
    stage_label,
    state_label,
)
from views.confirm import confirm
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.project_page import ProjectPage
from views.report_export import ReportExporter, ReportJob, dated_report_name
from views.roles import RecordRole
from views.selection import SelectionFollower
from views.tables import read_only_table

if TYPE_CHECKING:
    from app.analysis.budget import LineRow, PlanData
    from app.services.change import Change

log = logging.getLogger("steward.budget")

# What a change to these entities can alter on the page (plans, lines, the team and its cost, gaps, settings).
RELEVANT_ENTITIES = frozenset(
    {
        Entity.ASSESSMENT,
        Entity.BUDGET_LINE,
        Entity.BUDGET_PLAN,
        Entity.IMPORT,
        Entity.MEMBERSHIP,
        Entity.PERSON,
        Entity.PROJECT,
        Entity.SETTING,
        Entity.SKILL,
        Entity.SKILL_AREA,
        Entity.SKILL_REQUIREMENT,
    }
)
# The state moves that have a reverse the service allows (approving and closing have none).
REVERSIBLE = {("draft", "submitted"), ("submitted", "draft")}
DEFAULT_STAGE = "development"


# --- widgets -----------------------------------------------------------------------------------


def _caption(text: str, parent: QWidget, *, name: str = "boxCaption") -> QLabel:
    caption = QLabel(text, parent)
    caption.setObjectName(name)
    caption.setWordWrap(True)
    return caption


class TotalCard(QFrame):
    """One headline total: a caption and the amount."""

    def __init__(self, caption: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("budgetCard")
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("budgetCardCaption")
        # A long caption ("Spending to date (2 categories over, 6 under)") wraps rather than widen the row.
        self.caption.setWordWrap(True)
        self.value = QLabel("–", self)
        self.value.setObjectName("budgetCardValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip(tooltip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)

    def show_value(self, text: str, *, warn: bool = False) -> None:
        self.value.setText(text)
        self.setProperty("warn", warn)
        self.style().unpolish(self)
        self.style().polish(self)


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

        # Plans and what can be done with them.
        self.plans_model = AmountTableModel(
            [
                Column(tr("Plan (scenario)"), lambda plan: plan.name),
                Column(tr("Fiscal year"), lambda plan: plan.fiscal_year),
                Column(tr("State"), lambda plan: state_label(plan.state)),
                Column(tr("Revision"), lambda plan: plan.revision),
                Column(tr("Currency"), lambda plan: plan.currency),
                Column(tr("Planned"), lambda plan: plan.planned, MONEY),
                Column(tr("Actual"), lambda plan: plan.actual, MONEY),
                Column(tr("Approved"), lambda plan: approval_label(plan.approved_by, plan.approved_on)),
            ],
            self,
        )
        self.plans_proxy = TotalsProxy(self)
        self.plans_proxy.setSourceModel(self.plans_model)
        self.plans = read_only_table(
            self,
            self.plans_proxy,
            name="plansTable",
            resize_mode=QHeaderView.ResizeMode.ResizeToContents,
            stretch_column=0,
        )
        self.plans.setFixedHeight(26 * 3 + 30)
        self.new_plan_button = QPushButton(tr("New plan…"), self)
        self.revise_button = QPushButton(tr("Make a revision"), self)
        self.revise_button.setToolTip(tr("Copy this plan, lines and actuals, to a new draft that can be changed."))
        self.submit_button = QPushButton(tr("Submit"), self)
        self.submit_button.setToolTip(tr("Hand the draft to finance for approval."))
        self.approve_button = QPushButton(tr("Approve…"), self)
        self.approve_button.setObjectName("approvePlan")
        self.approve_button.setToolTip(tr("Record who approved the submitted plan, and when; it cannot be undone."))
        self.return_button = QPushButton(tr("Return to draft"), self)
        self.close_plan_button = QPushButton(tr("Close plan"), self)
        self.close_plan_button.setToolTip(tr("The fiscal year is over: keep the plan for the record only."))
        self.delete_plan_button = QPushButton(tr("Delete draft…"), self)
        self.import_button = QPushButton(tr("Import actuals…"), self)
        self.preview_button = QPushButton(tr("Preview PDF…"), self)
        self.preview_button.setObjectName("previewBudget")
        self.export_button = QPushButton(tr("Export…"), self)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for button in (self.new_plan_button, self.revise_button):
            actions.addWidget(button)
        actions.addWidget(self._divider())
        for button in (
            self.submit_button,
            self.approve_button,
            self.return_button,
            self.close_plan_button,
            self.delete_plan_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.import_button, self.preview_button, self.export_button):
            actions.addWidget(button)

        # Read-only banner.
        self.banner = QFrame(self)
        self.banner.setObjectName("budgetBanner")
        self.banner_text = QLabel("", self.banner)
        self.banner_text.setObjectName("budgetBannerText")
        self.banner_text.setWordWrap(True)
        self.banner_button = QPushButton(tr("Make a revision"), self.banner)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.banner_button)
        self.banner.hide()

        # Totals.
        self.planned_card = TotalCard(tr("Planned"), tr("Everything the plan sets aside, labour included."), self)
        self.actual_card = TotalCard(
            tr("Actual"), tr("Spending recorded so far (lines without an actual count as 0)."), self
        )
        self.difference_card = TotalCard(
            tr("Difference"), tr("Planned minus actual: positive is still available."), self
        )
        self.expected_card = TotalCard(
            tr("Expected to date"), tr("Planned amounts prorated over the part of each period that has passed."), self
        )
        self.spend_card = TotalCard(
            tr("Spending to date"),
            tr("Actual against expected to date, with the tolerance set in the finance settings."),
            self,
        )
        cards = QHBoxLayout()
        cards.setSpacing(8)
        for card in (self.planned_card, self.actual_card, self.difference_card, self.expected_card, self.spend_card):
            cards.addWidget(card, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("budgetTabs")
        self.tabs.setDocumentMode(True)
        self._build_lines_tab()
        self._build_labour_tab()
        self._build_gaps_tab()
        self._build_rollup_tabs()
        self._build_compare_tab()
        self._build_charts_tab()

        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.plans)
        layout.addLayout(actions)
        layout.addWidget(self.banner)
        layout.addLayout(cards)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._status_row())

        self.plans.selectionModel().selectionChanged.connect(self._plan_selected)
        # The plan's actions act on the plan selected, once it is the one shown (not while another loads, nor
        # after a Ctrl+click let it go); Delete lines acts on the lines with a selected cell, never on the
        # cell the current index is merely on.
        self.plan_selection = SelectionFollower(self.plans)
        self.plan_selection.changed.connect(self._update_actions)
        self.line_selection = SelectionFollower(self.grid)
        self.line_selection.changed.connect(self._update_line_actions)
        self.new_plan_button.clicked.connect(self.new_plan)
        self.revise_button.clicked.connect(self.revise)
        self.banner_button.clicked.connect(self.revise)
        self.submit_button.clicked.connect(self.submit)
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(lambda: self.set_state("draft"))
        self.close_plan_button.clicked.connect(self.close_plan)
        self.delete_plan_button.clicked.connect(self.delete_plan)
        self.import_button.clicked.connect(self.import_actuals)
        self.preview_button.clicked.connect(self.preview)
        self.export_button.clicked.connect(self.export)
        # One exporter per button: a preview rendering leaves "Export…" as it is, and the other way round.
        self.previewer = ReportExporter(context, self)
        self.previewer.busy.connect(
            lambda busy: self.preview_button.setEnabled(not busy and self.selected_plan() is not None)
        )
        self.exporter = ReportExporter(context, self)
        self.exporter.busy.connect(
            lambda busy: self.export_button.setEnabled(not busy and self.selected_plan() is not None)
        )
        self.exporter.finished.connect(self._say)
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    def _divider(self) -> QFrame:
        divider = QFrame(self)
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setObjectName("toolbarDivider")
        return divider

    # --- tabs ------------------------------------------------------------------------
    def _build_lines_tab(self) -> None:
        tab = QWidget(self)
        self.lines_model = LinesModel(self)
        self.lines_proxy = LinesProxy(self)
        self.lines_proxy.setSourceModel(self.lines_model)
        self.grid = QTableView(tab)
        self.grid.setObjectName("budgetGrid")
        self.grid.setModel(self.lines_proxy)
        self.grid.setItemDelegate(LineDelegate(self.lines_model, self.grid))
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.grid.setTabKeyNavigation(True)
        self.grid.setAlternatingRowColors(True)
        self.grid.setWordWrap(False)
        self.grid.setSortingEnabled(True)
        self.grid.sortByColumn(PERIOD, Qt.SortOrder.AscendingOrder)
        self.grid.verticalHeader().setDefaultSectionSize(26)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.grid.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Every column in view in a 1280-px window beside the sidebar: the description takes what is left.
        for column, width in (
            (CATEGORY, 140),
            (PERIOD, 126),
            (STAGE, 106),
            (PLANNED, 98),
            (ACTUAL, 98),
            (DIFFERENCE, 98),
            (NOTE, 130),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.delete_action = QAction(tr("Delete lines"), self.grid)
        self.delete_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.paste_action = QAction(tr("Paste rows"), self.grid)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action = QAction(tr("Copy"), self.grid)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for action in (self.copy_action, self.paste_action, self.delete_action):
            self.grid.addAction(action)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.delete_action.triggered.connect(self.delete_selected_lines)
        self.paste_action.triggered.connect(self.paste_from_clipboard)
        self.copy_action.triggered.connect(self.copy_selection)
        self.lines_model.edit_requested.connect(self._edit_line)
        self.lines_model.add_requested.connect(self._add_line)
        self.lines_model.refused.connect(self._refuse_cell)
        self._hint_for_draft = tr(
            "Type to edit · Tab moves · Delete removes lines · Ctrl+V pastes spreadsheet rows "
            "(on the last row: as new lines)"
        )
        # Both wrap: a label that does not asks for its whole text's width, and the long hint beside the totals
        # widened the 1280-px window to 1457 px whenever a draft was shown.
        self.grid_hint = _caption(self._hint_for_draft, tab)
        self.grid_totals = QLabel("", tab)
        self.grid_totals.setObjectName("budgetGridTotals")
        self.grid_totals.setWordWrap(True)
        self.grid_totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.grid, 1)
        # The totals under the grid's amounts, the hint on a line of its own: side by side, one of them was cut.
        layout.addWidget(self.grid_totals)
        layout.addWidget(self.grid_hint)
        self.tabs.addTab(tab, tr("Lines"))

    def _build_labour_tab(self) -> None:
        tab = QWidget(self)
        self.labour_model = LinesModel(self)
        self.labour_proxy = LinesProxy(self)
        self.labour_proxy.setSourceModel(self.labour_model)
        self.labour_table = read_only_table(
            tab, self.labour_proxy, name="labourTable", sortable=True, stretch_last=True
        )
        self.labour_table.sortByColumn(PERIOD, Qt.SortOrder.AscendingOrder)
        for column, width in (
            (CATEGORY, 110),
            (DESCRIPTION, 380),
            (PERIOD, 160),
            (STAGE, 130),
            (PLANNED, 110),
            (ACTUAL, 110),
            (DIFFERENCE, 110),
        ):
            self.labour_table.horizontalHeader().resizeSection(column, width)
        self.labour_notice = _caption("", tab, name="budgetNotice")
        self.refresh_labour_button = QPushButton(tr("Refresh from members"), tab)
        self.refresh_labour_button.setToolTip(
            tr("Replace the labour lines with allocation × 3 months × cost rate of each active member, per quarter.")
        )
        self.refresh_labour_button.clicked.connect(self.refresh_labour)
        top = QHBoxLayout()
        top.addWidget(self.labour_notice, 1)
        top.addWidget(self.refresh_labour_button)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.labour_table, 1)
        self.tabs.addTab(tab, tr("Labour"))

    def _build_gaps_tab(self) -> None:
        tab = QWidget(self)
        self.proposals_model = ProposalsModel(self)
        proxy = TotalsProxy(self)
        proxy.setSourceModel(self.proposals_model)
        self.proposals = read_only_table(tab, proxy, name="proposalsTable", sortable=True, stretch_last=True)
        self.proposals.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as proposed: by requirement
        for column, width in ((0, 110), (1, 200), (PROPOSAL_DESCRIPTION, 420), (3, 170), (PROPOSAL_AMOUNT, 120)):
            self.proposals.horizontalHeader().resizeSection(column, width)
        self.proposals.horizontalHeader().moveSection(PROPOSAL_AMOUNT, 3)
        self.proposals_caption = _caption("", tab)
        self.select_all_button = QPushButton(tr("Select all"), tab)
        self.add_proposals_button = QPushButton(tr("Add to plan"), tab)
        self.add_proposals_button.setObjectName("addProposals")
        self.proposals_selected = QLabel("", tab)
        self.proposals_selected.setObjectName("boxCaption")
        self.select_all_button.clicked.connect(self._toggle_all_proposals)
        self.add_proposals_button.clicked.connect(self.add_checked_proposals)
        self.proposals_model.dataChanged.connect(self._update_proposal_actions)
        self.proposals_model.modelReset.connect(self._update_proposal_actions)
        bottom = QHBoxLayout()
        bottom.addWidget(self.proposals_selected, 1)
        bottom.addWidget(self.select_all_button)
        bottom.addWidget(self.add_proposals_button)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.proposals_caption)
        layout.addWidget(self.proposals, 1)
        layout.addLayout(bottom)
        self.tabs.addTab(tab, tr("Cost of closing gaps"))

    def _build_rollup_tabs(self) -> None:
        tolerance = tr("Over: actual above expected to date by more than the tolerance; under: below it by more.")
        self.category_model = AmountTableModel(
            [
                Column(tr("Category"), lambda row: category_label(row.category) if row.category else tr("Total")),
                Column(tr("Planned"), lambda row: row.planned, MONEY),
                Column(tr("Actual"), lambda row: row.actual, MONEY),
                Column(tr("Difference"), lambda row: row.variance, MONEY, tr("Planned minus actual.")),
                Column(tr("Expected to date"), lambda row: row.expected_to_date, MONEY),
                Column(tr("Spending to date"), lambda row: row.flag, FLAG, tolerance),
            ],
            self,
        )
        self.category_table = self._rollup_table("categoryTable", self.category_model)
        self.tabs.addTab(
            self._wrap(
                self.category_table,
                tr(
                    "Planned against actual per category; the flag compares "
                    "actual spending with what was expected by today."
                ),
            ),
            tr("By category"),
        )
        self.grid_model = AmountTableModel([], self)
        self.period_table = self._rollup_table("categoryPeriodTable", self.grid_model)
        self.period_table.setSortingEnabled(False)
        self.tabs.addTab(
            self._wrap(
                self.period_table, tr("Planned amounts per category and period; quarter lines show in their quarter.")
            ),
            tr("Category × period"),
        )
        self.stage_model = AmountTableModel(
            [
                Column(tr("Life-cycle stage"), lambda row: stage_label(row.stage) if row.stage else tr("Total")),
                Column(tr("Planned"), lambda row: row.planned, MONEY),
                Column(tr("Actual"), lambda row: row.actual, MONEY),
                Column(tr("Difference"), lambda row: row.variance, MONEY),
                Column(tr("Expected to date"), lambda row: row.expected_to_date, MONEY),
                Column(tr("Spending to date"), lambda row: row.flag, FLAG, tolerance),
            ],
            self,
        )
        self.stage_table = self._rollup_table("stageTable", self.stage_model)
        self.tabs.addTab(
            self._wrap(
                self.stage_table,
                tr("What each stage of the life cycle costs, to judge return on investment stage by stage."),
            ),
            tr("By stage"),
        )

    def _rollup_table(self, name: str, model: AmountTableModel) -> QTableView:
        proxy = TotalsProxy(self)
        proxy.setSourceModel(model)
        table = read_only_table(
            self, proxy, name=name, sortable=True, resize_mode=QHeaderView.ResizeMode.ResizeToContents
        )
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        return table

    def _wrap(self, table: QTableView, text: str) -> QWidget:
        tab = QWidget(self)
        table.setParent(tab)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(_caption(text, tab))
        layout.addWidget(table, 1)
        return tab

    def _build_compare_tab(self) -> None:
        tab = QWidget(self)
        self.compare_choice = QComboBox(tab)
        self.compare_choice.setObjectName("compareChoice")
        self.compare_choice.setMinimumContentsLength(28)
        self.compare_choice.currentIndexChanged.connect(self._compare_chosen)
        self.compare_model = AmountTableModel([], self)
        self.compare_table = self._rollup_table("compareTable", self.compare_model)
        self.compare_table.setParent(tab)
        self.compare_empty = _caption(tr("The project has only one plan: create another scenario to compare."), tab)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Compare with"), tab))
        top.addWidget(self.compare_choice)
        top.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.compare_empty)
        layout.addWidget(self.compare_table, 1)
        self.tabs.addTab(tab, tr("Compare scenarios"))

    def _build_charts_tab(self) -> None:
        from views.budget.charts import ChartView

        tab = QWidget(self)
        self.stack_chart = ChartView(tab)
        self.stack_chart.setObjectName("periodStackChart")
        self.cumulative_chart = ChartView(tab)
        self.cumulative_chart.setObjectName("cumulativeChart")
        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        splitter.addWidget(self.stack_chart)
        splitter.addWidget(self.cumulative_chart)
        splitter.setSizes([720, 540])
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter, 1)
        self.tabs.addTab(tab, tr("Charts"))

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
        self.plans_model.set_rows(())
        self.lines_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
        self.labour_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
        self.proposals_model.set_proposals((), checkable=False)
        for model in (self.category_model, self.stage_model, self.grid_model, self.compare_model):
            model.set_rows(())
        for card in (self.planned_card, self.actual_card, self.difference_card, self.expected_card, self.spend_card):
            card.show_value("–")
        self.banner.hide()
        self.grid_totals.setText("")
        self.labour_notice.setText("")
        self.proposals_caption.setText("")
        self.compare_choice.clear()
        self._showing = False
        self._update_actions()

    def _show(self, data: BudgetData) -> None:
        plan = data.plan
        self._plan_id = plan.plan_id if plan is not None else None
        self._showing = True
        try:
            self.plans_model.set_rows(data.plans)
            if plan is not None:
                row = next((row for row, summary in enumerate(data.plans) if summary.plan_id == plan.plan_id), -1)
                if row >= 0:
                    index = self.plans_proxy.mapFromSource(self.plans_model.index(row, 0))
                    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                    self.plans.selectionModel().select(index, flags)
                    self.plans.setCurrentIndex(index)
            self._show_plan(data)
        finally:
            self._showing = False
        self._update_actions()

    def _show_plan(self, data: BudgetData) -> None:
        plan = data.plan
        if plan is None or data.rollup is None:
            self.lines_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
            self.labour_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
            self.banner_text.setText(
                tr("{project} has no budget plan yet: create one with “New plan…”.").format(project=data.project)
            )
            self.banner_button.hide()
            self.banner.show()
            return
        editable = plan.state == "draft"
        from app.analysis.budget import plan_lines_of

        regular = plan_lines_of(plan.lines, labour=False)
        labour = plan_lines_of(plan.lines, labour=True)
        current = self.grid.currentIndex()
        keep = (current.data(RecordRole), current.column()) if current.isValid() else None
        self.lines_model.set_lines(
            regular, fiscal_year=plan.fiscal_year, start_month=plan.start_month, editable=editable
        )
        if keep is not None and not self.grid.currentIndex().isValid():
            self._restore_current(*keep)
        self.labour_model.set_lines(labour, fiscal_year=plan.fiscal_year, start_month=plan.start_month, editable=False)
        self.grid_hint.setText(self._hint_for_draft if editable else tr("Read-only: the banner above says why."))
        self._show_banner(plan)
        self._show_totals(data)
        self._show_labour(data)
        self._show_proposals(data)
        self._show_rollups(data)
        self._show_compare(data)
        self._show_charts(data)

    def _restore_current(self, line: LineRow | None, column: int) -> None:
        """After the lines were replaced: the same line's cell again, else the "new line" row (just added to)."""
        row = self.lines_model.row_of(line.id) if line is not None else -1
        if row < 0:
            row = self.lines_model.rowCount() - 1
        if row < 0:
            return
        index = self.lines_proxy.mapFromSource(self.lines_model.index(row, column))
        self.grid.setCurrentIndex(index)
        self.grid.scrollTo(index)

    def _show_banner(self, plan: PlanData) -> None:
        self.banner_button.setVisible(plan.state in ("approved", "closed"))
        if plan.state == "draft":
            self.banner.hide()
            return
        label = f"{plan.name} (rev. {plan.revision})"
        approval = approval_sentence(plan.approved_by, plan.approved_on)
        if plan.state == "submitted":
            text = tr("{plan} is submitted for approval and read-only; return it to draft to change it.")
        elif plan.state == "approved":
            text = (
                tr(
                    "{plan} was {approval}. It is read-only; make a revision to change it. Actuals can still be "
                    "imported against it."
                )
                if approval
                else tr(
                    "{plan} is approved and read-only; make a revision to change it. Actuals can still be "
                    "imported against it."
                )
            )
        elif plan.approved:
            text = (
                tr("{plan} was {approval} and is closed, kept for the record; make a revision to plan again from it.")
                if approval
                else tr("{plan} is closed and kept for the record; make a revision to plan again from it.")
            )
        else:
            text = tr(
                "{plan} was closed without ever being approved: it is kept for the record, not as a budget of "
                "record; make a revision to plan again from it."
            )
        self.banner_text.setText(text.format(plan=label, approval=approval))
        self.banner.setProperty("state", plan.state)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    def _show_totals(self, data: BudgetData) -> None:
        assert data.plan is not None and data.rollup is not None
        totals = data.rollup.totals
        currency = data.plan.currency
        self.planned_card.show_value(money(totals.planned, currency))
        self.actual_card.show_value(money(totals.actual, currency))
        self.difference_card.show_value(money(totals.variance, currency), warn=totals.variance < 0)
        self.expected_card.show_value(money(totals.expected_to_date, currency))
        # The plan's own flag by the rule that flags its categories and stages, with the same tolerance.
        from app.analysis.budget.rollups import _flag as spending_flag

        flag = spending_flag(totals.actual, totals.expected_to_date, data.settings.overspend_tolerance_percent)
        over = flag == "over"
        recorded = any(line.actual is not None for line in data.plan.lines)
        flags = [row.flag for row in data.rollup.by_category if row.flag]
        if not recorded:
            words = tr("No actuals yet")
        elif over:
            words = tr("⚠ Over budget")
        elif flag == "under":
            words = tr("Under spent")
        else:
            words = tr("✓ On track")
        caption = tr("Spending to date")
        if recorded and flags:
            caption = tr("Spending to date ({over} categories over, {under} under)").format(
                over=flags.count("over"), under=flags.count("under")
            )
        self.spend_card.caption.setText(caption)
        self.spend_card.show_value(words, warn=over)
        self.grid_totals.setText(
            tr("Totals: planned <b>{planned}</b> · actual <b>{actual}</b> · difference <b>{difference}</b>").format(
                planned=money(totals.planned, currency),
                actual=money(totals.actual, currency),
                difference=money(totals.variance, currency),
            )
        )

    def _show_labour(self, data: BudgetData) -> None:
        assert data.plan is not None
        draft = data.plan.state == "draft"
        stored = self.labour_model.rowCount()
        if not data.labour and not stored:
            text = tr("Nobody on the team has a cost rate yet, so the plan has no labour lines.")
        elif data.labour_differs and draft:
            text = tr(
                "⚠ The team has changed since these labour lines were computed ({stored} stored, {now} "
                "from the members now). Refresh them to plan with the current team."
            ).format(stored=stored, now=len(data.labour))
        elif data.labour_differs:
            text = tr(
                "The team has changed since this plan was made; the plan keeps the labour it was {state} with."
            ).format(state=state_label(data.plan.state).lower())
        else:
            text = tr("Labour lines match the team: allocation × 3 months × monthly cost rate per member and quarter.")
        self.labour_notice.setText(text)
        self.labour_notice.setProperty("warn", data.labour_differs and draft)
        self.labour_notice.style().unpolish(self.labour_notice)
        self.labour_notice.style().polish(self.labour_notice)

    def _show_proposals(self, data: BudgetData) -> None:
        assert data.plan is not None
        draft = data.plan.state == "draft"
        self.proposals_model.set_proposals(data.proposals, checkable=draft)
        self.proposals.resizeColumnToContents(0)
        if not data.proposals:
            text = tr("The project has no staffing gaps: nothing to budget for closing them.")
        elif draft:
            text = tr(
                "From the staffing page's gaps: train a member who is one level short, or hire where nobody "
                "is. Tick the lines to add to this draft."
            )
        else:
            text = tr("From the staffing page's gaps. Proposals can be added to a draft plan only.")
        self.proposals_caption.setText(text)

    def _show_rollups(self, data: BudgetData) -> None:
        from types import SimpleNamespace

        assert data.plan is not None and data.rollup is not None
        rollup = data.rollup
        totals = rollup.totals
        total_row = SimpleNamespace(
            category="",
            stage="",
            planned=totals.planned,
            actual=totals.actual,
            variance=totals.variance,
            expected_to_date=totals.expected_to_date,
            flag="",
        )
        self.category_model.set_rows(rollup.by_category, total=total_row)
        self.stage_model.set_rows(rollup.by_stage, total=total_row)
        periods = list(rollup.by_period)

        def period_cell(position: int) -> Callable[[Any], Any]:
            return lambda row: row[1][position]

        columns = [Column(tr("Category"), lambda row: row[0])]
        for position, period_row in enumerate(periods):
            columns.append(Column(period_row.label, period_cell(position), MONEY))
        columns.append(Column(tr("Total"), lambda row: row[2], MONEY))
        rows = []
        for category_row in rollup.by_category:
            cells = [rollup.grid.get((category_row.category, period_row.period)) for period_row in periods]
            rows.append((category_label(category_row.category), cells, category_row.planned))
        total = (tr("Total"), [period_row.planned for period_row in periods], totals.planned)
        self.grid_model.set_table(columns, rows, total=total)
        for table in (self.category_table, self.stage_table, self.period_table):
            table.resizeColumnsToContents()

    def _show_compare(self, data: BudgetData) -> None:
        assert data.plan is not None
        others = [summary for summary in data.plans if summary.plan_id != data.plan.plan_id]
        self.compare_choice.blockSignals(True)
        self.compare_choice.clear()
        for summary in others:
            self.compare_choice.addItem(
                tr("{name} · {year} · rev. {revision} · {state}").format(
                    name=summary.name,
                    year=summary.fiscal_year,
                    revision=summary.revision,
                    state=state_label(summary.state),
                ),
                summary.plan_id,
            )
        wanted = data.compare_plan.plan_id if data.compare_plan is not None else None
        self._compare_id = wanted
        self.compare_choice.setCurrentIndex(self.compare_choice.findData(wanted) if wanted is not None else -1)
        self.compare_choice.blockSignals(False)
        self.compare_empty.setVisible(not others)
        self.compare_choice.setEnabled(bool(others))
        self._show_comparison(data)

    def _show_comparison(self, data: BudgetData) -> None:
        comparison = data.comparison
        if comparison is None or data.compare_plan is None or data.plan is None:
            self.compare_model.set_rows(())
            return
        first = f"{data.plan.name} (rev. {data.plan.revision})"
        second = f"{data.compare_plan.name} (rev. {data.compare_plan.revision})"
        self.compare_model.set_table(
            [
                Column(tr("Category"), lambda row: category_label(row.category) if row.category else tr("Total")),
                Column(first, lambda row: row.planned[0], MONEY),
                Column(second, lambda row: row.planned[1], MONEY),
                Column(tr("Difference"), lambda row: row.difference[1], MONEY, tr("The second plan minus the first.")),
            ],
            comparison.rows,
            total=comparison.totals,
        )
        self.compare_table.resizeColumnsToContents()

    def _show_charts(self, data: BudgetData) -> None:
        from views.budget.charts import cumulative_chart, period_stack_chart

        assert data.plan is not None and data.rollup is not None
        from app.analysis.budget import spend_columns

        columns = spend_columns(data.plan)
        self.stack_chart.replace_chart(period_stack_chart(columns, currency=data.plan.currency))
        self.cumulative_chart.replace_chart(cumulative_chart(columns, currency=data.plan.currency))

    def _update_actions(self) -> None:
        plan = self.selected_plan()
        state = plan.state if plan is not None else None
        loaded = self._data is not None
        self.new_plan_button.setEnabled(loaded)
        self.revise_button.setEnabled(state in ("approved", "closed"))
        self.submit_button.setEnabled(state == "draft")
        if self.approve_button.isEnabled() != (state == "submitted"):
            self.approve_button.setEnabled(state == "submitted")
            # Its style sheet pads it only when enabled; Qt does not measure it again by itself, so its
            # text was cut ("pprove.").
            self.approve_button.style().unpolish(self.approve_button)
            self.approve_button.style().polish(self.approve_button)
            self.approve_button.updateGeometry()
        self.return_button.setEnabled(state == "submitted")
        self.close_plan_button.setEnabled(state == "approved")
        self.delete_plan_button.setEnabled(state == "draft")
        self.import_button.setEnabled(loaded)
        self.preview_button.setEnabled(plan is not None)
        self.export_button.setEnabled(plan is not None)
        self.banner_button.setEnabled(state in ("approved", "closed"))
        draft = state == "draft"
        self.refresh_labour_button.setEnabled(draft and self._data is not None and self._data.labour_differs)
        self._update_line_actions()
        self._update_proposal_actions()

    def _update_line_actions(self) -> None:
        """Paste while the grid shows a draft; Delete lines only with lines selected in it."""
        plan = self.plan()
        draft = plan is not None and plan.state == "draft"
        self.paste_action.setEnabled(draft)
        self.delete_action.setEnabled(draft and bool(self.selected_lines()))

    def _update_proposal_actions(self, *_args: Any) -> None:
        plan = self.selected_plan()
        checked = self.proposals_model.checked()
        draft = plan is not None and plan.state == "draft"
        self.add_proposals_button.setEnabled(draft and bool(checked))
        self.select_all_button.setEnabled(draft and self.proposals_model.rowCount() > 0)
        if checked and plan is not None:
            self.proposals_selected.setText(
                tr("{count} selected: {amount}").format(
                    count=len(checked), amount=money(self.proposals_model.checked_total(), plan.currency)
                )
            )
        else:
            self.proposals_selected.setText("")

    def _refuse_cell(self, row: int, column: int, reason: str) -> None:
        """A typed cell its column cannot take, named by its row as shown (the grid's row numbers)."""
        if self.lines_model.is_new_row(row):
            self._refuse(tr("New line, {column}: {reason}.").format(column=column_title(column), reason=reason))
            return
        shown = self.lines_proxy.mapFromSource(self.lines_model.index(row, column)).row()
        self._refuse(cell_problem(shown + 1, column, reason))

    def _refuse(self, sentence: str) -> None:
        """A cell the user typed or pasted cannot be taken: say so where they look, and in the status bar."""
        self.message.setProperty("warn", True)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self._say(sentence)

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

    def _compare_chosen(self, _position: int) -> None:
        plan_id = self.compare_choice.currentData()
        if plan_id is not None and plan_id != self._compare_id:
            self._compare_id = int(plan_id)
            self.reload()

    # --- editing (through run_edit) -------------------------------------------------------
    def _run(
        self,
        text: str,
        *,
        do: Callable[[], Change],
        undo: Callable[[], Change] | None,
        on_success: Callable[[Change], None] | None = None,
        on_refused: Callable[[str], None] | None = None,
    ) -> None:
        self.message.setProperty("warn", False)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        super()._run(text, do=do, undo=undo, on_success=on_success, on_refused=on_refused)

    def _plan_name(self) -> str:
        plan = self.plan()
        return plan.name if plan is not None else tr("plan")

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
        from app.analysis.budget import Period

        values: dict[str, Any] = {
            "category": "contingency",
            "description": "",
            "period": Period("month", 1),
            "stage": self._data.project_stage if self._data is not None else DEFAULT_STAGE,
            "planned": Decimal("0.00"),
            "actual": None,
            "note": "",
        }
        current = self.grid.currentIndex()
        record = current.data(RecordRole) if current.isValid() else None
        lines = self.lines_model.lines()
        model_line = record if record is not None else (lines[-1] if lines else None)
        if model_line is not None:
            values.update(category=model_line.category, period=model_line.period, stage=model_line.stage)
        return values

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
        lines: list[LineRow] = self.line_selection.selected_records()
        return lines

    def delete_selected_lines(self) -> None:
        """Delete the lines of the selected cells (undo adds them back)."""
        plan = self.plan()
        lines = self.selected_lines()
        if plan is None or not lines:
            return
        if plan.state != "draft":
            self._refuse(
                tr("{plan} is {state} and read-only; make a revision to change it.").format(
                    plan=plan.name, state=state_label(plan.state).lower()
                )
            )
            return
        self.delete_lines(lines)

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
    def copy_selection(self) -> None:
        """The selected cells as tab-separated rows, as a spreadsheet would copy them."""
        indexes = self.grid.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({index.row() for index in indexes})
        columns = sorted({index.column() for index in indexes})
        chosen = {(index.row(), index.column()) for index in indexes}
        text = "\n".join(
            "\t".join(
                str(self.lines_proxy.index(row, column).data() or "") if (row, column) in chosen else ""
                for column in columns
            )
            for row in rows
            if not self.lines_proxy.index(row, 0).data(NewLineRole)
        )
        QGuiApplication.clipboard().setText(text + "\n")

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
            self._refuse(
                tr("{plan} is {state} and read-only; make a revision to change it.").format(
                    plan=plan.name, state=state_label(plan.state).lower()
                )
            )
            return False
        indexes = self.grid.selectionModel().selectedIndexes()
        current = self.grid.currentIndex()
        if indexes:
            top = min(index.row() for index in indexes)
            left = min(index.column() for index in indexes)
        elif current.isValid():
            top, left = current.row(), current.column()
        else:
            top, left = self.lines_proxy.rowCount() - 1, CATEGORY
        # One value copied over several selected cells fills each of them, as a spreadsheet does.
        if len(block) == 1 and len(block[0]) == 1 and len(indexes) > 1:
            targets = {(index.row(), index.column()): block[0][0] for index in indexes}
        else:
            targets = {
                (top + row_offset, left + column_offset): cell
                for row_offset, cells in enumerate(block)
                for column_offset, cell in enumerate(cells)
            }
        new_row = self.lines_proxy.rowCount() - 1  # the "new line" row of a draft
        updates: dict[int, dict[str, Any]] = {}
        befores: dict[int, dict[str, Any]] = {}
        additions: dict[int, dict[str, Any]] = {}
        defaults = self._defaults()
        for (row, column), cell in sorted(targets.items()):
            pasted_row = row - top + 1
            if column > NOTE:
                self._refuse(
                    tr(
                        "Pasted row {row} has more cells than the grid has columns from {column}; nothing was pasted."
                    ).format(row=pasted_row, column=column_title(left))
                )
                return False
            if column == DIFFERENCE:
                continue  # computed: a block copied from this grid carries it, and it is left as it is
            try:
                value = read_cell(column, cell, fiscal_year=plan.fiscal_year, start_month=plan.start_month)
            except CellError as error:
                self._refuse(
                    tr("Pasted row {row}, {column}: {reason}; nothing was pasted.").format(
                        row=pasted_row, column=column_title(column), reason=error
                    )
                )
                return False
            field = FIELDS[column]
            if row >= new_row:
                additions.setdefault(row, dict(defaults))[field] = value
                continue
            line = self.lines_proxy.index(row, 0).data(RecordRole)
            if getattr(line, field) != value:
                updates.setdefault(line.id, {})[field] = value
                befores.setdefault(line.id, {})[field] = getattr(line, field)
        if not updates and not additions:
            return False
        self._send_paste(plan.plan_id, updates, befores, [additions[row] for row in sorted(additions)])
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
        created: dict[str, int] = {}

        def create() -> Change:
            change = budget_services.create_plan(
                database, project_id, name=name, fiscal_year=fiscal_year, currency=currency
            )
            created["id"] = change.ids[0]
            return change

        def delete_again() -> Change:
            return budget_services.delete_plan(database, created["id"])

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
        created: dict[str, int] = {}

        def revise() -> Change:
            change = budget_services.revise_plan(database, plan_id)
            created["id"] = change.ids[0]
            return change

        def delete_again() -> Change:
            return budget_services.delete_plan(database, created["id"])

        name = plan.name

        def revised(change: Change) -> None:
            self.show_plan(change.ids[0])
            self._say(tr("{plan} revision {revision} is a new draft.").format(plan=name, revision=plan.revision + 1))

        self._run(tr("Make a revision of {plan}").format(plan=name), do=revise, undo=delete_again, on_success=revised)

    def _plan_words(self, plan: PlanData) -> str:
        """ "With digital twin (FY 2026, rev. 1)": the plan a question is about."""
        return tr("{plan} (FY {year}, rev. {revision})").format(
            plan=plan.name, year=plan.fiscal_year, revision=plan.revision
        )

    def submit(self) -> None:
        """Ask, then hand the draft to finance for approval (undoable: back to draft)."""
        plan = self.selected_plan()
        if plan is None or plan.state != "draft":
            return
        if confirm(
            self,
            title=tr("Submit budget plan"),
            text=tr("Submit {plan} for approval?").format(plan=self._plan_words(plan)),
            detail=tr(
                "A submitted plan is read-only: its lines stay as they are until it is approved, or returned "
                "to draft to change them."
            ),
            action=tr("Submit"),
        ):
            self.set_state("submitted")

    def approve(self) -> None:
        """Who approved the submitted plan and when (a dialog), then ask once more: approving cannot be undone."""
        from views.budget.dialogs import ApprovalDialog

        plan = self.selected_plan()
        if plan is None or plan.state != "submitted" or self._data is None:
            return
        dialog = ApprovalDialog(self, plan=self._plan_words(plan), approvers=self._data.approvers, today=self.today)
        plan_id = plan.plan_id

        def chosen() -> None:
            values = dialog.values()
            shown = self.selected_plan()
            if shown is None or shown.plan_id != plan_id:  # the page moved on meanwhile
                return
            if confirm(
                self,
                title=tr("Approve budget plan"),
                text=tr("Approve {plan}, as approved by {name} on {day}?").format(
                    plan=self._plan_words(shown), name=dialog.approver_name(), day=day_label(values["approved_on"])
                ),
                detail=tr(
                    "An approved plan is read-only apart from its actuals, and the approval cannot be undone: "
                    "a change to the plan then takes a revision."
                ),
                action=tr("Approve"),
            ):
                self.approve_now(plan_id, **values)

        dialog.accepted.connect(chosen)
        self._open(dialog)

    def approve_now(self, plan_id: int, *, approved_by_id: int, approved_on: date) -> None:
        """Record the approval (no undo: an approval is not taken back, a revision changes the plan)."""
        from app.services import budget as budget_services

        database = self.context.database
        plan = self.plan()
        name = plan.name if plan is not None else tr("The plan")
        self._run(
            tr("Approve {plan}").format(plan=name),
            do=lambda: budget_services.approve_plan(
                database, plan_id, approved_by_id=approved_by_id, approved_on=approved_on
            ),
            undo=None,
            on_success=lambda _change: self._say(tr("{plan} is now approved.").format(plan=name)),
        )

    def close_plan(self) -> None:
        """Ask, then close the approved plan: it is kept for the record and its actuals stop changing."""
        plan = self.selected_plan()
        if plan is None or plan.state != "approved":
            return
        if confirm(
            self,
            title=tr("Close budget plan"),
            text=tr("Close {plan}?").format(plan=self._plan_words(plan)),
            detail=tr(
                "A closed plan is kept for the record: neither its lines nor its actuals can change any more, "
                "and closing cannot be undone (a revision can plan again from it)."
            ),
            action=tr("Close plan"),
            destructive=True,
        ):
            self.set_state("closed")

    def set_state(self, state: str) -> None:
        """Move the plan to ``state`` (not approved: that is ``approve``); a refused move shows as a message."""
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

    def delete_plan(self) -> None:
        plan = self.selected_plan()
        if plan is None:
            return
        if confirm(
            self,
            title=tr("Delete draft"),
            text=tr("Delete the draft {plan} and its {count} lines?").format(
                plan=self._plan_words(plan), count=len(plan.lines)
            ),
            detail=tr("Deleting cannot be undone."),
            action=tr("Delete draft"),
            destructive=True,
        ):
            self.delete_plan_now()

    def delete_plan_now(self) -> None:
        """Delete the selected draft (no undo: its lines would come back without their labour links)."""
        from app.services import budget as budget_services

        plan = self.selected_plan()
        if plan is None:
            return
        database = self.context.database
        plan_id = plan.plan_id
        self._plan_id = None
        self._run(
            tr("Delete budget plan {plan}").format(plan=plan.name),
            do=lambda: budget_services.delete_plan(database, plan_id),
            undo=None,
        )

    def refresh_labour(self) -> None:
        """Replace the draft's labour lines with what the team costs now (no undo: the old ones are recomputed)."""
        from app.services import budget as budget_services

        plan = self.selected_plan()
        if plan is None or self._data is None:
            return
        stored = sum(1 for line in plan.lines if line.labour_person_id is not None)
        # No undo (the lines it removes would come back without their link to the team): it asks first.
        if not confirm(
            self,
            title=tr("Refresh labour lines"),
            text=tr("Replace the {stored} labour lines of {plan} with the {now} the team costs now?").format(
                stored=stored, plan=self._plan_words(plan), now=len(self._data.labour)
            ),
            detail=tr("Amounts typed into the old labour lines, and their actuals, are lost; this cannot be undone."),
            action=tr("Refresh"),
            destructive=True,
        ):
            return
        database = self.context.database
        plan_id = plan.plan_id
        self._run(
            tr("Refresh labour lines of {plan}").format(plan=plan.name),
            do=lambda: budget_services.refresh_labour_lines(database, plan_id),
            undo=None,
            on_success=lambda _change: self._say(tr("Labour lines now follow the team.")),
        )

    def _toggle_all_proposals(self) -> None:
        every = len(self.proposals_model.checked()) < self.proposals_model.rowCount()
        self.proposals_model.set_all_checked(every)

    def add_checked_proposals(self) -> None:
        """Add the ticked proposals to the draft as lines, in one service call (undo removes them)."""
        proposals = self.proposals_model.checked()
        plan = self.selected_plan()
        if plan is None or not proposals or plan.state != "draft":
            return
        stage = self._data.project_stage if self._data is not None else DEFAULT_STAGE
        rows = [
            {
                "category": proposal.category,
                "description": proposal.description,
                "period": proposal.period,
                "stage": stage,
                "planned": proposal.amount,
                "actual": None,
                "note": tr("Proposed to close a gap in {skill}.").format(skill=proposal.skill),
            }
            for proposal in proposals
        ]
        self.add_lines(rows, text=tr("Add {count} line(s) to close staffing gaps").format(count=len(rows)))

    # --- actuals, preview, export ---------------------------------------------------------------
    def import_actuals(self) -> None:
        from views.budget.actuals_dialog import ActualsImportDialog

        dialog = ActualsImportDialog(self.context, self)
        self._open(dialog)

    def _report_name(self) -> tuple[str, str] | None:
        plan = self.selected_plan()
        if self._data is None or plan is None:
            return None
        return self._data.project, plan.name

    def _suggested_name(self, extension: str) -> str:
        names = self._report_name()
        project, plan = names if names is not None else ("project", "plan")
        return dated_report_name(f"{project}-{plan}", "budget", fallback="budget", today=self.today, suffix=extension)

    def _budget_report(self) -> ReportJob | None:
        """The selected plan's report as the exporter writes it; None when no plan is selected."""
        names = self._report_name()
        plan = self.selected_plan()
        if names is None or plan is None:
            return None
        from app.reports.budget import write_budget_report

        database = self.context.database
        project = names[0]
        plan_id = plan.plan_id
        today = self.today
        return ReportJob(
            title=tr("Export budget report"),
            suggested_name=self._suggested_name(".pdf"),
            write=lambda path: write_budget_report(database, project, path, plan_id=plan_id, today=today),
            written=lambda path: tr("Budget report for {project} written to {path}.").format(
                project=project, path=path
            ),
            what=f"budget report of {project}",
        )

    def preview(self) -> None:
        """Render the plan's PDF on the worker, then show it in a preview with "Save…"."""
        names = self._report_name()
        plan = self.selected_plan()
        if names is None or plan is None:
            return
        from app.reports.budget import build_budget_report, render_pdf

        database = self.context.database
        project = names[0]
        plan_id = plan.plan_id
        today = self.today
        self._say(tr("Rendering the budget report…"))

        def render() -> bytes:
            return render_pdf(build_budget_report(database, project, plan_id=plan_id, today=today))

        def rendered(pdf: bytes) -> None:
            self._say("")
            self.show_preview(pdf)

        self.previewer.run(render, rendered)

    def show_preview(self, pdf: bytes) -> QDialog:
        from views.budget.preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(pdf, suggested_name=self._suggested_name(".pdf"), parent=self)
        dialog.saved.connect(lambda path: self._say(tr("Budget report written to {path}.").format(path=path)))
        self._open(dialog)
        return dialog

    def export(self) -> None:
        """Ask where to write the budget report (its format follows the extension)."""
        job = self._budget_report()
        if job is not None:
            self.exporter.ask_and_write(job)

    def export_report(self, path: Path) -> None:
        """Write the report to ``path`` on the worker; a ``UserError`` shows as a message."""
        job = self._budget_report()
        if job is not None:
            self.exporter.write(job, path)


def _column_of(field: str) -> int:
    return next(column for column, name in FIELDS.items() if name == field)
