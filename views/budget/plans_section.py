"""The budget page's plans: the project's plans (scenarios) in a table, the actions on the selected one
(new plan and revision, the approval moves, import, preview and export), the banner that says why the
shown plan is read-only, and the questions asked before a plan moves for good."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from views.budget.tables import MONEY, AmountTableModel, Column, TotalsProxy
from views.budget.wording import approval_label, approval_sentence, state_label
from views.confirm import confirm
from views.labels import tr
from views.tables import read_only_table

if TYPE_CHECKING:
    from app.analysis.budget import PlanData, PlanSummary


def plan_words(plan: PlanData) -> str:
    """ "With digital twin (FY 2026, rev. 1)": the plan a question is about."""
    return tr("{plan} (FY {year}, rev. {revision})").format(
        plan=plan.name, year=plan.fiscal_year, revision=plan.revision
    )


class PlansSection(QWidget):
    """The plans table, the row of plan actions under it, and the read-only banner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        actions = self._build_actions()
        self._build_banner()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.plans)
        layout.addLayout(actions)
        layout.addWidget(self.banner)

    def _build_actions(self) -> QHBoxLayout:
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
        divider = QFrame(self)
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setObjectName("toolbarDivider")
        actions.addWidget(divider)
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
        return actions

    def _build_banner(self) -> None:
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

    # --- showing -------------------------------------------------------------------
    def clear(self) -> None:
        self.plans_model.set_rows(())
        self.banner.hide()

    def show_plans(self, plans: Sequence[PlanSummary], shown: PlanData | None) -> None:
        """The project's plans, the ``shown`` one selected."""
        self.plans_model.set_rows(plans)
        if shown is None:
            return
        row = next((row for row, summary in enumerate(plans) if summary.plan_id == shown.plan_id), -1)
        if row >= 0:
            index = self.plans_proxy.mapFromSource(self.plans_model.index(row, 0))
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.plans.selectionModel().select(index, flags)
            self.plans.setCurrentIndex(index)

    def show_no_plan(self, project: str) -> None:
        self.banner_text.setText(
            tr("{project} has no budget plan yet: create one with “New plan…”.").format(project=project)
        )
        self.banner_button.hide()
        self.banner.show()

    def show_banner(self, plan: PlanData) -> None:
        """Why ``plan`` is read-only, unless it is a draft."""
        self.banner_button.setVisible(plan.state in ("approved", "closed"))
        if plan.state == "draft":
            self.banner.hide()
            return
        label = f"{plan.name} (rev. {plan.revision})"
        approval = approval_sentence(plan.approved_by, plan.approved_on)
        self.banner_text.setText(_read_only_words(plan, approval=bool(approval)).format(plan=label, approval=approval))
        self.banner.setProperty("state", plan.state)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    def update_actions(self, state: str | None, *, loaded: bool) -> None:
        """What can be done with the selected plan (``state`` None: no plan selected)."""
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
        self.preview_button.setEnabled(state is not None)
        self.export_button.setEnabled(state is not None)
        self.banner_button.setEnabled(state in ("approved", "closed"))


# --- the questions before a plan moves for good ------------------------------------------------
def ask_to_submit(parent: QWidget, plan: PlanData) -> bool:
    """Whether the user submits ``plan`` for approval."""
    return confirm(
        parent,
        title=tr("Submit budget plan"),
        text=tr("Submit {plan} for approval?").format(plan=plan_words(plan)),
        detail=tr(
            "A submitted plan is read-only: its lines stay as they are until it is approved, or returned "
            "to draft to change them."
        ),
        action=tr("Submit"),
    )


def ask_to_approve(parent: QWidget, plan: PlanData, *, approver: str, day: str) -> bool:
    """Whether the user approves ``plan`` as approved by ``approver`` on ``day``, for good."""
    return confirm(
        parent,
        title=tr("Approve budget plan"),
        text=tr("Approve {plan}, as approved by {name} on {day}?").format(
            plan=plan_words(plan), name=approver, day=day
        ),
        detail=tr(
            "An approved plan is read-only apart from its actuals, and the approval cannot be undone: "
            "a change to the plan then takes a revision."
        ),
        action=tr("Approve"),
    )


def ask_to_close(parent: QWidget, plan: PlanData) -> bool:
    """Whether the user closes ``plan`` for good."""
    return confirm(
        parent,
        title=tr("Close budget plan"),
        text=tr("Close {plan}?").format(plan=plan_words(plan)),
        detail=tr(
            "A closed plan is kept for the record: neither its lines nor its actuals can change any more, "
            "and closing cannot be undone (a revision can plan again from it)."
        ),
        action=tr("Close plan"),
        destructive=True,
    )


def ask_to_delete(parent: QWidget, plan: PlanData) -> bool:
    """Whether the user deletes the draft ``plan`` for good."""
    return confirm(
        parent,
        title=tr("Delete draft"),
        text=tr("Delete the draft {plan} and its {count} lines?").format(plan=plan_words(plan), count=len(plan.lines)),
        detail=tr("Deleting cannot be undone."),
        action=tr("Delete draft"),
        destructive=True,
    )


def _read_only_words(plan: PlanData, *, approval: bool) -> str:
    """The banner's sentence for a plan that is not a draft, with ``{plan}`` and ``{approval}`` to fill."""
    if plan.state == "submitted":
        return tr("{plan} is submitted for approval and read-only; return it to draft to change it.")
    if plan.state == "approved":
        if approval:
            return tr(
                "{plan} was {approval}. It is read-only; make a revision to change it. Actuals can still be "
                "imported against it."
            )
        return tr(
            "{plan} is approved and read-only; make a revision to change it. Actuals can still be imported against it."
        )
    if plan.approved:
        if approval:
            return tr(
                "{plan} was {approval} and is closed, kept for the record; make a revision to plan again from it."
            )
        return tr("{plan} is closed and kept for the record; make a revision to plan again from it.")
    return tr(
        "{plan} was closed without ever being approved: it is kept for the record, not as a budget of "
        "record; make a revision to plan again from it."
    )
