"""What the team costs, on the budget page: the plan's labour lines beside what the members cost now
(with the refresh that replaces them), and the proposals that budget for closing its staffing gaps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from views.budget.cells import ACTUAL, CATEGORY, DESCRIPTION, DIFFERENCE, PERIOD, PLANNED, STAGE
from views.budget.plan_model import LinesModel, LinesProxy
from views.budget.plans_section import plan_words
from views.budget.proposals_model import AMOUNT as PROPOSAL_AMOUNT
from views.budget.proposals_model import DESCRIPTION as PROPOSAL_DESCRIPTION
from views.budget.proposals_model import ProposalsModel
from views.budget.tab_layout import caption, tab_column
from views.budget.tables import TotalsProxy
from views.budget.wording import money, state_label
from views.confirm import confirm
from views.labels import tr
from views.tables import read_only_table

if TYPE_CHECKING:
    from app.analysis.budget import LineRow, PlanData
    from views.budget.loading import BudgetData


class LabourTab(QWidget):
    """The plan's labour lines (read-only), whether they still match the team, and "Refresh from members"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labour_model = LinesModel(self)
        self.labour_proxy = LinesProxy(self)
        self.labour_proxy.setSourceModel(self.labour_model)
        self.labour_table = read_only_table(
            self, self.labour_proxy, name="labourTable", sortable=True, stretch_last=True
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
        self.labour_notice = caption("", self, name="budgetNotice")
        self.refresh_labour_button = QPushButton(tr("Refresh from members"), self)
        self.refresh_labour_button.setToolTip(
            tr("Replace the labour lines with allocation × 3 months × cost rate of each active member, per quarter.")
        )
        top = QHBoxLayout()
        top.addWidget(self.labour_notice, 1)
        top.addWidget(self.refresh_labour_button)
        layout = tab_column(self)
        layout.addLayout(top)
        layout.addWidget(self.labour_table, 1)

    def clear(self) -> None:
        self.labour_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
        self.labour_notice.setText("")

    def show_lines(self, lines: tuple[LineRow, ...] | list[LineRow], plan: PlanData | None) -> None:
        if plan is None:
            self.labour_model.set_lines((), fiscal_year=2000, start_month=1, editable=False)
            return
        self.labour_model.set_lines(lines, fiscal_year=plan.fiscal_year, start_month=plan.start_month, editable=False)

    def show_notice(self, data: BudgetData) -> None:
        """Whether the stored labour lines still match what the team costs now."""
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


class GapsTab(QWidget):
    """The cost of closing the project's staffing gaps: proposals to tick, and "Add to plan"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposals_model = ProposalsModel(self)
        proxy = TotalsProxy(self)
        proxy.setSourceModel(self.proposals_model)
        self.proposals = read_only_table(self, proxy, name="proposalsTable", sortable=True, stretch_last=True)
        self.proposals.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as proposed: by requirement
        for column, width in ((0, 110), (1, 200), (PROPOSAL_DESCRIPTION, 420), (3, 170), (PROPOSAL_AMOUNT, 120)):
            self.proposals.horizontalHeader().resizeSection(column, width)
        self.proposals.horizontalHeader().moveSection(PROPOSAL_AMOUNT, 3)
        self.proposals_caption = caption("", self)
        self.select_all_button = QPushButton(tr("Select all"), self)
        self.add_proposals_button = QPushButton(tr("Add to plan"), self)
        self.add_proposals_button.setObjectName("addProposals")
        self.proposals_selected = QLabel("", self)
        self.proposals_selected.setObjectName("boxCaption")
        self.select_all_button.clicked.connect(self._toggle_all)
        bottom = QHBoxLayout()
        bottom.addWidget(self.proposals_selected, 1)
        bottom.addWidget(self.select_all_button)
        bottom.addWidget(self.add_proposals_button)
        layout = tab_column(self)
        layout.addWidget(self.proposals_caption)
        layout.addWidget(self.proposals, 1)
        layout.addLayout(bottom)

    def _toggle_all(self) -> None:
        every = len(self.proposals_model.checked()) < self.proposals_model.rowCount()
        self.proposals_model.set_all_checked(every)

    def checked_lines(self, *, stage: str) -> list[dict[str, Any]]:
        """The ticked proposals as new lines (``LineInput`` fields) at ``stage``."""
        return [
            {
                "category": proposal.category,
                "description": proposal.description,
                "period": proposal.period,
                "stage": stage,
                "planned": proposal.amount,
                "actual": None,
                "note": tr("Proposed to close a gap in {skill}.").format(skill=proposal.skill),
            }
            for proposal in self.proposals_model.checked()
        ]

    def clear(self) -> None:
        self.proposals_model.set_proposals((), checkable=False)
        self.proposals_caption.setText("")

    def show_proposals(self, data: BudgetData) -> None:
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

    def update_actions(self, plan: PlanData | None) -> None:
        """ "Add to plan" with proposals ticked and a draft selected; what the ticked ones cost."""
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


def ask_to_refresh_labour(parent: QWidget, plan: PlanData, *, now: int) -> bool:
    """Whether the user replaces the stored labour lines with the ``now`` the team costs (for good)."""
    stored = sum(1 for line in plan.lines if line.labour_person_id is not None)
    # No undo (the lines it removes would come back without their link to the team): it asks first.
    return confirm(
        parent,
        title=tr("Refresh labour lines"),
        text=tr("Replace the {stored} labour lines of {plan} with the {now} the team costs now?").format(
            stored=stored, plan=plan_words(plan), now=now
        ),
        detail=tr("Amounts typed into the old labour lines, and their actuals, are lost; this cannot be undone."),
        action=tr("Refresh"),
        destructive=True,
    )
