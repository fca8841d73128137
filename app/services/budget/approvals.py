"""A plan's state: submitting it and sending it back, approving it (who and when), closing it, revising it.

Approving records who approved the plan (an active person of the organisation)
and on which day: ``approve_plan``, never ``set_plan_state``. Closing keeps the
approval; a revision starts as an unapproved draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from app.db.database import Database
from app.errors import UserError
from app.services.budget.rows import _get_plan, _lines_of, _plan_label
from app.services.change import Action, Change, Entity
from app.services.fields import snapshot
from app.services.unit import Unit, unit_of_work
from models.enums import PlanState

if TYPE_CHECKING:
    from models.budget import BudgetLine

# What a revision copies of each line of the plan it revises: everything but the plan.
COPIED_LINE_FIELDS = (
    "category",
    "description",
    "period_kind",
    "period_number",
    "stage",
    "planned",
    "actual",
    "note",
    "labour_person_id",
)

# The moves a plan's state may make; anything else is refused, naming these.
ALLOWED_MOVES: Mapping[str, tuple[str, ...]] = {
    PlanState.DRAFT.value: (PlanState.SUBMITTED.value,),
    PlanState.SUBMITTED.value: (PlanState.DRAFT.value, PlanState.APPROVED.value),
    PlanState.APPROVED.value: (PlanState.CLOSED.value,),
    PlanState.CLOSED.value: (),
}


def _require_move(plan: Any, target: str) -> str:
    """The plan's state now, when it may move to ``target``; else the sentence naming the moves it has."""
    current = PlanState(plan.state).value
    allowed = ALLOWED_MOVES[current]
    if target not in allowed:
        if not allowed:
            raise UserError(
                f"{_plan_label(plan)} is {current} and cannot move to {target}; "
                "a closed plan stays closed (make a revision to change it)."
            )
        raise UserError(
            f"{_plan_label(plan)} cannot move from {current} to {target}; "
            f"from {current} it can only move to {' or '.join(allowed)}."
        )
    return current


def set_plan_state(database: Database, plan_id: int, state: str) -> Change:
    """Move a plan along draft → submitted, back to draft, or approved → closed.

    Approving is ``approve_plan``: it records who approved and when, which a bare state
    change cannot.
    """
    try:
        target = PlanState(str(getattr(state, "value", state)).strip()).value
    except ValueError:
        choices = ", ".join(value.value for value in PlanState)
        raise UserError(f"{state!r} is not a plan state; use one of {choices}.") from None
    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        current = _require_move(plan, target)
        if target == PlanState.APPROVED.value:
            raise UserError(
                f"Approving {_plan_label(plan)} records who approved it and when; approve it with approve_plan."
            )
        return unit.set_values(
            Entity.BUDGET_PLAN,
            plan_id,
            plan,
            {"state": PlanState(target)},
            action=Action.STATE_CHANGED,
            before={"state": current},
            details={"project_id": plan.project_id, "state": target},
        )


def approve_plan(database: Database, plan_id: int, *, approved_by_id: int, approved_on: date | None = None) -> Change:
    """Approve a submitted plan: ``approved_by_id`` (an active person) approved it on ``approved_on`` (default today).

    There is no way back: an approved plan is read-only apart from its actuals, and a
    change to it is a revision. The day may be earlier than today (an approval given
    in a meeting and recorded later), never later.
    """
    from models.people import Person

    approved_on = approved_on if approved_on is not None else date.today()
    if not isinstance(approved_on, date):
        raise UserError(f"{approved_on!r} is not a date; give the day of the approval, such as 2026-12-03.")
    if approved_on > date.today():
        raise UserError(
            f"The approval date {approved_on.isoformat()} is in the future; record an approval on the day it "
            "was given, or later."
        )
    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        current = _require_move(plan, PlanState.APPROVED.value)
        person = unit.get(
            Person,
            approved_by_id,
            what="person",
            sentence="Person {id} does not exist (they may have been erased or deleted).",
        )
        if not person.active or person.erased_on is not None:
            raise UserError(
                f"{person.name} is no longer active and cannot approve {_plan_label(plan)}; choose someone active."
            )
        # The approver by id only: erasing a person scrubs their own audit events, not this one.
        return unit.set_values(
            Entity.BUDGET_PLAN,
            plan_id,
            plan,
            {"state": PlanState.APPROVED, "approved_by_id": approved_by_id, "approved_on": approved_on},
            action=Action.STATE_CHANGED,
            before={"state": current},
            details={
                "project_id": plan.project_id,
                "state": PlanState.APPROVED.value,
                "approved_by_id": approved_by_id,
                "approved_on": approved_on.isoformat(),
            },
        )


def _next_revision(unit: Unit, plan: Any) -> int:
    """The next free revision of the plan's scenario, so revising an older revision twice cannot collide."""
    from sqlmodel import func, select

    from models.budget import BudgetPlan

    latest = unit.session.exec(
        select(func.max(BudgetPlan.revision)).where(
            BudgetPlan.project_id == plan.project_id,
            BudgetPlan.name == plan.name,
            BudgetPlan.fiscal_year == plan.fiscal_year,
        )
    ).one()
    return max(int(latest or 0), int(plan.revision)) + 1


def _copy_of(line: Any, *, plan_id: int) -> BudgetLine:
    """A copy of ``line`` for the plan ``plan_id``, actual and labour person included."""
    from models.budget import BudgetLine

    return BudgetLine(plan_id=plan_id, **snapshot(line, COPIED_LINE_FIELDS))


def revise_plan(database: Database, plan_id: int) -> Change:
    """Copy an approved or closed plan, lines and actuals included, to a new draft revision."""
    from models.budget import BudgetPlan

    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        if PlanState(plan.state) not in (PlanState.APPROVED, PlanState.CLOSED):
            raise UserError(
                f"{_plan_label(plan)} is {PlanState(plan.state).value}; only an approved or closed plan "
                "is revised (change a draft directly)."
            )
        revision = _next_revision(unit, plan)
        draft = BudgetPlan(
            **snapshot(plan, ("project_id", "name", "fiscal_year", "currency")),
            state=PlanState.DRAFT,
            revision=revision,
            revision_of_id=plan_id,
            # A revision is a new proposal: the approval of the plan it copies is not its own.
            approved_by_id=None,
            approved_on=None,
        )
        draft_id = unit.insert(draft)
        lines = _lines_of(unit, plan_id)
        unit.session.add_all(_copy_of(line, plan_id=draft_id) for line in lines)
        unit.flush()
        unit.audit(
            entity=Entity.BUDGET_PLAN,
            entity_id=draft_id,
            action=Action.REVISED,
            after={
                "revision_of_id": plan_id,
                "revision": revision,
                "name": plan.name,
                "fiscal_year": plan.fiscal_year,
                "lines": len(lines),
            },
        )
        return Change(
            entity=Entity.BUDGET_PLAN,
            action=Action.CREATED,
            ids=(draft_id,),
            details={"project_id": plan.project_id, "revision_of_id": plan_id, "revision": revision},
        )
