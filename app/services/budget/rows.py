"""Finding a plan and its lines, the guards on a plan's state, and a line as the audit trail keeps it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.analysis.budget import Period
from app.errors import UserError
from app.services.unit import Unit
from models.enums import BudgetCategory, PeriodKind, PlanState, Stage

if TYPE_CHECKING:
    from models.budget import BudgetLine


def _plan_label(plan: Any) -> str:
    label = f"Plan {plan.name!r} ({plan.fiscal_year}"
    return f"{label}, revision {plan.revision})" if plan.revision > 1 else f"{label})"


def _get_plan(unit: Unit, plan_id: int) -> Any:
    from models.budget import BudgetPlan

    return unit.get(BudgetPlan, plan_id, what="budget plan")


def _require_draft(plan: Any) -> None:
    state = PlanState(plan.state).value
    if state == PlanState.DRAFT.value:
        return
    if state == PlanState.SUBMITTED.value:
        raise UserError(f"{_plan_label(plan)} is submitted and read-only; send it back to draft to change it.")
    raise UserError(f"{_plan_label(plan)} is {state} and read-only; make a revision to change it.")


def _require_open(plan: Any) -> None:
    if PlanState(plan.state) == PlanState.CLOSED:
        raise UserError(f"{_plan_label(plan)} is closed; its actuals can no longer change (make a revision).")


def _line_snapshot(line: Any) -> dict[str, Any]:
    return {
        "id": line.id,
        "category": BudgetCategory(line.category).value,
        "description": line.description,
        "period": Period(PeriodKind(line.period_kind).value, line.period_number).code(),
        "stage": Stage(line.stage).value,
        "planned": str(line.planned),
        "actual": None if line.actual is None else str(line.actual),
        "note": line.note,
        "labour_person_id": line.labour_person_id,
    }


def _lines_of(unit: Unit, plan_id: int) -> list[Any]:
    from sqlmodel import col, select

    from models.budget import BudgetLine

    return list(unit.session.exec(select(BudgetLine).where(BudgetLine.plan_id == plan_id).order_by(col(BudgetLine.id))))


def _flushed_ids(lines: Sequence[BudgetLine]) -> tuple[int, ...]:
    """The ids of lines just flushed, in order (the flush gave each its id)."""
    ids = tuple(line.id for line in lines if line.id is not None)
    assert len(ids) == len(lines)
    return ids
