"""Budget plans: creating, renaming and deleting a draft."""

from __future__ import annotations

from typing import Any

from app.db.database import Database
from app.errors import UserError
from app.services.budget.inputs import _CURRENCY
from app.services.budget.rows import _get_plan, _line_snapshot, _lines_of, _plan_label, _require_draft
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.inputs import refuse_control_characters
from app.services.unit import unit_of_work
from models.enums import PlanState


def create_plan(database: Database, project_id: int, *, name: str, fiscal_year: int, currency: str = "EUR") -> Change:
    """A new, empty draft plan (revision 1) for ``project_id``."""
    from models.budget import BudgetPlan
    from models.projects import Project

    name = str(refuse_control_characters(str(name or "").strip(), what="budget plan's name"))
    if not name:
        raise UserError("A budget plan needs a name, such as Baseline.")
    currency = str(currency or "").strip().upper()
    if not _CURRENCY.match(currency):
        raise UserError(f"{currency!r} is not a currency code; use three letters such as EUR.")
    try:
        fiscal_year = int(fiscal_year)
    except (TypeError, ValueError):
        raise UserError(f"{fiscal_year!r} is not a fiscal year; use a year such as 2026.") from None
    if not 2000 <= fiscal_year <= 2200:
        raise UserError(f"{fiscal_year} is not a fiscal year Steward plans for; use a year from 2000 to 2200.")
    with unit_of_work(database) as unit:
        unit.get(Project, project_id, what="project")
        values: dict[str, Any] = {
            "project_id": project_id,
            "name": name,
            "fiscal_year": fiscal_year,
            "currency": currency,
        }
        return unit.create(
            Entity.BUDGET_PLAN,
            BudgetPlan(**values),
            after={**values, "state": PlanState.DRAFT.value, "revision": 1},
            details={"project_id": project_id},
        )


def rename_plan(database: Database, plan_id: int, name: str) -> Change:
    """Give a draft plan (a scenario) a new name."""
    name = str(refuse_control_characters(str(name or "").strip(), what="budget plan's name"))
    if not name:
        raise UserError("A budget plan needs a name, such as Baseline.")
    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        _require_draft(plan)
        project = {"project_id": plan.project_id}
        return unit.update(
            Entity.BUDGET_PLAN,
            plan_id,
            plan,
            {"name": name},
            action=Action.RENAMED,
            details=project,
            details_with_changes=True,
            unchanged_details=project,
        )


def delete_plan(database: Database, plan_id: int) -> Change:
    """Delete a draft plan and its lines; a plan past draft is kept for the record."""
    from sqlalchemy import delete, update
    from sqlmodel import col

    from models.budget import BudgetLine, BudgetPlan

    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        if PlanState(plan.state) != PlanState.DRAFT:
            raise UserError(
                f"{_plan_label(plan)} is {PlanState(plan.state).value} and is kept for the record; "
                "only a draft can be deleted."
            )
        before = {
            **snapshot(plan, ("project_id", "name", "fiscal_year", "currency", "revision")),
            "lines": [_line_snapshot(line) for line in _lines_of(unit, plan_id)],
        }
        project_id = plan.project_id
        session = unit.session
        session.execute(delete(BudgetLine).where(col(BudgetLine.plan_id) == plan_id))
        session.execute(update(BudgetPlan).where(col(BudgetPlan.revision_of_id) == plan_id).values(revision_of_id=None))
        return unit.delete(Entity.BUDGET_PLAN, plan_id, plan, before=before, details={"project_id": project_id})
