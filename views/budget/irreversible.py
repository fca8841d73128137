"""The budget page's edits that cannot be undone, each asked first: approving a submitted plan (who and
when, then once more), closing an approved one, deleting a draft, and replacing a draft's labour lines
with what the team costs now.

They run through the page's ``_run``, like every edit of the page, so the page
is their initiator; with no ``undo`` they join no undo history. The undoable
edits are the page's own methods (``BudgetPage``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from views.budget.plans_section import ask_to_approve, ask_to_close, ask_to_delete, plan_words
from views.budget.team_tabs import ask_to_refresh_labour
from views.budget.wording import day_label
from views.labels import tr

if TYPE_CHECKING:
    from views.budget.budget_page import BudgetPage


class IrreversibleEdits:
    """Approve, close, delete a draft and refresh labour lines, on the plan selected on ``page``."""

    def __init__(self, page: BudgetPage) -> None:
        self._page = page

    def approve(self) -> None:
        """Who approved the submitted plan and when (a dialog), then ask once more: approving cannot be undone."""
        from views.budget.dialogs import ApprovalDialog

        page = self._page
        plan, data = page.selected_plan(), page.data()
        if plan is None or plan.state != "submitted" or data is None:
            return
        dialog = ApprovalDialog(page, plan=plan_words(plan), approvers=data.approvers, today=page.today)
        plan_id = plan.plan_id

        def chosen() -> None:
            values = dialog.values()
            shown = page.selected_plan()
            if shown is None or shown.plan_id != plan_id:  # the page moved on meanwhile
                return
            if ask_to_approve(page, shown, approver=dialog.approver_name(), day=day_label(values["approved_on"])):
                self.approve_now(plan_id, **values)

        dialog.accepted.connect(chosen)
        page._open(dialog)

    def approve_now(self, plan_id: int, *, approved_by_id: int, approved_on: date) -> None:
        """Record the approval (no undo: an approval is not taken back, a revision changes the plan)."""
        from app.services import budget as budget_services

        page = self._page
        database = page.context.database
        plan = page.plan()
        name = plan.name if plan is not None else tr("The plan")
        page._run(
            tr("Approve {plan}").format(plan=name),
            do=lambda: budget_services.approve_plan(
                database, plan_id, approved_by_id=approved_by_id, approved_on=approved_on
            ),
            undo=None,
            on_success=lambda _change: page._say(tr("{plan} is now approved.").format(plan=name)),
        )

    def close_plan(self) -> None:
        """Ask, then close the approved plan: it is kept for the record and its actuals stop changing."""
        plan = self._page.selected_plan()
        if plan is not None and plan.state == "approved" and ask_to_close(self._page, plan):
            self._page.set_state("closed")

    def delete_plan(self) -> None:
        plan = self._page.selected_plan()
        if plan is not None and ask_to_delete(self._page, plan):
            self.delete_plan_now()

    def delete_plan_now(self) -> None:
        """Delete the selected draft (no undo: its lines would come back without their labour links)."""
        from app.services import budget as budget_services

        page = self._page
        plan = page.selected_plan()
        if plan is None:
            return
        database = page.context.database
        plan_id = plan.plan_id
        page._plan_id = None  # once it is gone the page shows the plan that speaks for the project
        page._run(
            tr("Delete budget plan {plan}").format(plan=plan.name),
            do=lambda: budget_services.delete_plan(database, plan_id),
            undo=None,
        )

    def refresh_labour(self) -> None:
        """Replace the draft's labour lines with what the team costs now (no undo: the old ones are recomputed)."""
        from app.services import budget as budget_services

        page = self._page
        plan, data = page.selected_plan(), page.data()
        if plan is None or data is None or not ask_to_refresh_labour(page, plan, now=len(data.labour)):
            return
        database = page.context.database
        plan_id = plan.plan_id
        page._run(
            tr("Refresh labour lines of {plan}").format(plan=plan.name),
            do=lambda: budget_services.refresh_labour_lines(database, plan_id),
            undo=None,
            on_success=lambda _change: page._say(tr("Labour lines now follow the team.")),
        )
