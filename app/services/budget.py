"""Writing budget plans and their lines: each call one transaction with one audit event.

A plan moves draft → submitted → approved → closed (and submitted → draft to
rework it). Only a draft can change; an approved or closed plan is changed by
revising it into a new draft. Actuals are the exception: finance records spending
against the approved budget, so ``set_actuals`` (and an ``update_line`` that only
sets the actual) works on any plan that is not closed.

Approving records who approved the plan (an active person of the organisation) and
on which day: ``approve_plan``, never ``set_plan_state``. Closing keeps the
approval; a revision starts as an unapproved draft.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NamedTuple

from app.analysis.budget import Period, labour_lines
from app.db.database import Database
from app.errors import UserError
from app.money import CENT
from app.services.change import Action, Change, Entity
from app.services.unit import Unit, missing, unit_of_work
from models.enums import BudgetCategory, PeriodKind, PlanState, Stage

if TYPE_CHECKING:
    from models.budget import BudgetLine

# The moves a plan's state may make; anything else is refused, naming these.
ALLOWED_MOVES: Mapping[str, tuple[str, ...]] = {
    PlanState.DRAFT.value: (PlanState.SUBMITTED.value,),
    PlanState.SUBMITTED.value: (PlanState.DRAFT.value, PlanState.APPROVED.value),
    PlanState.APPROVED.value: (PlanState.CLOSED.value,),
    PlanState.CLOSED.value: (),
}
LINE_FIELDS = ("category", "description", "period", "stage", "planned", "actual", "note")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class LineInput(NamedTuple):
    category: str  # a BudgetCategory value
    description: str
    period: Period
    stage: str  # a Stage value
    planned: Decimal
    actual: Decimal | None = None
    note: str = ""


class ActualInput(NamedTuple):
    category: str
    period: Period
    amount: Decimal
    description: str = ""  # when given, the line must have this description too


# -- checking input


def _category(value: Any) -> BudgetCategory:
    try:
        return BudgetCategory(str(value.value if isinstance(value, BudgetCategory) else value).strip())
    except ValueError:
        choices = ", ".join(category.value for category in BudgetCategory)
        raise UserError(f"{value!r} is not a budget category; use one of {choices}.") from None


def _stage(value: Any) -> Stage:
    try:
        return Stage(str(value.value if isinstance(value, Stage) else value).strip())
    except ValueError:
        choices = ", ".join(stage.value for stage in Stage)
        raise UserError(f"{value!r} is not a life-cycle stage; use one of {choices}.") from None


def _period(value: Any) -> Period:
    try:
        period = Period(PeriodKind(str(value[0])).value, int(value[1]))
    except (TypeError, ValueError, IndexError):
        raise UserError(f"{value!r} is not a period; use a month 1–12 or a quarter 1–4.") from None
    if not 1 <= period.number <= (12 if period.kind == PeriodKind.MONTH.value else 4):
        raise UserError(
            f"{period.kind} {period.number} is not a period of a fiscal year; use months 1–12 or quarters 1–4."
        )
    return period


def _amount(value: Any, *, what: str, allow_negative: bool = False) -> Decimal:
    if isinstance(value, float | bool):
        raise UserError(f"The {what} {value!r} must be an exact amount (a decimal such as 1250.00), not a float.")
    try:
        amount = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise UserError(f"The {what} {value!r} is not an amount; write a number such as 1250.00.") from None
    if not amount.is_finite():
        raise UserError(f"The {what} {value!r} is not an amount; write a number such as 1250.00.")
    if amount.quantize(CENT, rounding=ROUND_HALF_EVEN) != amount:
        raise UserError(f"The {what} {value} has more than two decimal places; amounts are kept to the cent.")
    if amount < 0 and not allow_negative:
        raise UserError(f"The {what} {value} is negative; a planned amount is zero or more.")
    return amount.quantize(CENT)


def _clean_line(line: LineInput) -> dict[str, Any]:
    period = _period(line.period)
    return {
        "category": _category(line.category),
        "description": str(line.description or "").strip(),
        "period_kind": PeriodKind(period.kind),
        "period_number": period.number,
        "stage": _stage(line.stage),
        "planned": _amount(line.planned, what="planned amount"),
        # Actuals may be negative: a refund or a credit note.
        "actual": None if line.actual is None else _amount(line.actual, what="actual amount", allow_negative=True),
        "note": str(line.note or "").strip(),
    }


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


# -- plans


def create_plan(database: Database, project_id: int, *, name: str, fiscal_year: int, currency: str = "EUR") -> Change:
    """A new, empty draft plan (revision 1) for ``project_id``."""
    from models.budget import BudgetPlan
    from models.projects import Project

    name = str(name or "").strip()
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
        plan = BudgetPlan(project_id=project_id, name=name, fiscal_year=fiscal_year, currency=currency)
        unit.session.add(plan)
        unit.flush()
        assert plan.id is not None  # the flush gave it its id
        values = {
            "project_id": project_id,
            "name": name,
            "fiscal_year": fiscal_year,
            "currency": currency,
            "state": PlanState.DRAFT.value,
            "revision": 1,
        }
        unit.audit(entity=Entity.BUDGET_PLAN, entity_id=plan.id, action=Action.CREATED, after=values)
        return Change(
            entity=Entity.BUDGET_PLAN, action=Action.CREATED, ids=(plan.id,), details={"project_id": project_id}
        )


def rename_plan(database: Database, plan_id: int, name: str) -> Change:
    """Give a draft plan (a scenario) a new name."""
    name = str(name or "").strip()
    if not name:
        raise UserError("A budget plan needs a name, such as Baseline.")
    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        _require_draft(plan)
        if plan.name == name:
            return Change(
                entity=Entity.BUDGET_PLAN,
                action=Action.UNCHANGED,
                ids=(plan_id,),
                details={"project_id": plan.project_id},
            )
        before = {"name": plan.name}
        plan.name = name
        unit.flush()
        unit.audit(
            entity=Entity.BUDGET_PLAN, entity_id=plan_id, action=Action.RENAMED, before=before, after={"name": name}
        )
        return Change(
            entity=Entity.BUDGET_PLAN,
            action=Action.RENAMED,
            ids=(plan_id,),
            details={"project_id": plan.project_id, "name": name},
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
        snapshot = {
            "project_id": plan.project_id,
            "name": plan.name,
            "fiscal_year": plan.fiscal_year,
            "currency": plan.currency,
            "revision": plan.revision,
            "lines": [_line_snapshot(line) for line in _lines_of(unit, plan_id)],
        }
        project_id = plan.project_id
        session = unit.session
        session.execute(delete(BudgetLine).where(col(BudgetLine.plan_id) == plan_id))
        session.execute(update(BudgetPlan).where(col(BudgetPlan.revision_of_id) == plan_id).values(revision_of_id=None))
        session.delete(plan)
        unit.flush()
        unit.audit(entity=Entity.BUDGET_PLAN, entity_id=plan_id, action=Action.DELETED, before=snapshot)
        return Change(
            entity=Entity.BUDGET_PLAN, action=Action.DELETED, ids=(plan_id,), details={"project_id": project_id}
        )


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
        plan.state = PlanState(target)
        unit.flush()
        unit.audit(
            entity=Entity.BUDGET_PLAN,
            entity_id=plan_id,
            action=Action.STATE_CHANGED,
            before={"state": current},
            after={"state": target},
        )
        return Change(
            entity=Entity.BUDGET_PLAN,
            action=Action.STATE_CHANGED,
            ids=(plan_id,),
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
        plan.state = PlanState.APPROVED
        plan.approved_by_id = approved_by_id
        plan.approved_on = approved_on
        unit.flush()
        # The approver by id only: erasing a person scrubs their own audit events, not this one.
        unit.audit(
            entity=Entity.BUDGET_PLAN,
            entity_id=plan_id,
            action=Action.STATE_CHANGED,
            before={"state": current},
            after={"state": PlanState.APPROVED.value, "approved_by_id": approved_by_id, "approved_on": approved_on},
        )
        return Change(
            entity=Entity.BUDGET_PLAN,
            action=Action.STATE_CHANGED,
            ids=(plan_id,),
            details={
                "project_id": plan.project_id,
                "state": PlanState.APPROVED.value,
                "approved_by_id": approved_by_id,
                "approved_on": approved_on.isoformat(),
            },
        )


def revise_plan(database: Database, plan_id: int) -> Change:
    """Copy an approved or closed plan, lines and actuals included, to a new draft revision."""
    from sqlmodel import func, select

    from models.budget import BudgetLine, BudgetPlan

    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        if PlanState(plan.state) not in (PlanState.APPROVED, PlanState.CLOSED):
            raise UserError(
                f"{_plan_label(plan)} is {PlanState(plan.state).value}; only an approved or closed plan "
                "is revised (change a draft directly)."
            )
        session = unit.session
        # The next free revision of this scenario, so revising an older revision twice cannot collide.
        latest = session.exec(
            select(func.max(BudgetPlan.revision)).where(
                BudgetPlan.project_id == plan.project_id,
                BudgetPlan.name == plan.name,
                BudgetPlan.fiscal_year == plan.fiscal_year,
            )
        ).one()
        revision = max(int(latest or 0), plan.revision) + 1
        draft = BudgetPlan(
            project_id=plan.project_id,
            name=plan.name,
            fiscal_year=plan.fiscal_year,
            currency=plan.currency,
            state=PlanState.DRAFT,
            revision=revision,
            revision_of_id=plan_id,
            # A revision is a new proposal: the approval of the plan it copies is not its own.
            approved_by_id=None,
            approved_on=None,
        )
        session.add(draft)
        unit.flush()
        assert draft.id is not None  # the flush gave it its id
        lines = _lines_of(unit, plan_id)
        for line in lines:
            session.add(
                BudgetLine(
                    plan_id=draft.id,
                    category=line.category,
                    description=line.description,
                    period_kind=line.period_kind,
                    period_number=line.period_number,
                    stage=line.stage,
                    planned=line.planned,
                    actual=line.actual,
                    note=line.note,
                    labour_person_id=line.labour_person_id,
                )
            )
        unit.flush()
        unit.audit(
            entity=Entity.BUDGET_PLAN,
            entity_id=draft.id,
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
            ids=(draft.id,),
            details={"project_id": plan.project_id, "revision_of_id": plan_id, "revision": revision},
        )


# -- lines


def add_lines(database: Database, plan_id: int, lines: Sequence[LineInput]) -> Change:
    """Add ``lines`` to a draft plan; ``Change.ids`` are the new lines' ids, in order."""
    from models.budget import BudgetLine

    cleaned = [_clean_line(LineInput(*line)) for line in lines]
    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        _require_draft(plan)
        added = [BudgetLine(plan_id=plan_id, **values) for values in cleaned]
        unit.session.add_all(added)
        unit.flush()
        ids = _flushed_ids(added)
        unit.audit(
            entity=Entity.BUDGET_PLAN,
            entity_id=plan_id,
            action=Action.LINES_ADDED,
            after={"lines": [_line_snapshot(line) for line in added]},
        )
        return Change(
            entity=Entity.BUDGET_LINE,
            action=Action.CREATED,
            ids=ids,
            details={"plan_id": plan_id, "project_id": plan.project_id},
        )


def update_line(database: Database, line_id: int, **changes: Any) -> Change:
    """Change some of a line's fields (category, description, period, stage, planned, actual, note).

    A draft's lines change freely; on a submitted or approved plan only the actual may
    change (spending recorded against the budget), and a closed plan not at all.
    """
    return update_lines(database, {line_id: changes})


def update_lines(database: Database, changes_by_line: Mapping[int, Mapping[str, Any]]) -> Change:
    """``update_line`` for several lines in one transaction (a pasted block): all change or none.

    One audit event per changed line; ``Change.ids`` lists the lines that changed.
    """
    from models.budget import BudgetLine

    for changes in changes_by_line.values():
        unknown = sorted(set(changes) - set(LINE_FIELDS))
        if unknown:
            raise UserError(f"{unknown[0]!r} is not a field of a budget line; use {', '.join(LINE_FIELDS)}.")
    changed: list[int] = []
    plan = None
    last_after: dict[str, Any] = {}
    with unit_of_work(database) as unit:
        for line_id, changes in changes_by_line.items():
            line = unit.get(BudgetLine, line_id, what="budget line")
            plan = _get_plan(unit, line.plan_id)
            if set(changes) <= {"actual"}:
                _require_open(plan)
            else:
                _require_draft(plan)
            current = LineInput(
                line.category,
                line.description,
                Period(PeriodKind(line.period_kind).value, line.period_number),
                line.stage,
                line.planned,
                line.actual,
                line.note,
            )
            values = _clean_line(current._replace(**changes))
            before_snapshot = _line_snapshot(line)
            differing = {key: value for key, value in values.items() if getattr(line, key) != value}
            if not differing:
                continue
            for key, value in differing.items():
                setattr(line, key, value)
            unit.flush()
            after_snapshot = _line_snapshot(line)
            before = {
                key: before_snapshot[key] for key in after_snapshot if before_snapshot[key] != after_snapshot[key]
            }
            last_after = {key: after_snapshot[key] for key in before}
            unit.audit(
                entity=Entity.BUDGET_LINE, entity_id=line_id, action=Action.UPDATED, before=before, after=last_after
            )
            changed.append(line_id)
        details = {"plan_id": plan.id, "project_id": plan.project_id} if plan is not None else {}
        if not changed:
            return Change(
                entity=Entity.BUDGET_LINE, action=Action.UNCHANGED, ids=tuple(changes_by_line), details=details
            )
        if len(changed) == 1:
            details = {**details, **last_after}
        return Change(entity=Entity.BUDGET_LINE, action=Action.UPDATED, ids=tuple(changed), details=details)


def delete_lines(database: Database, line_ids: Sequence[int]) -> Change:
    """Delete lines of one draft plan."""
    from sqlmodel import col, select

    from models.budget import BudgetLine

    wanted = tuple(dict.fromkeys(int(line_id) for line_id in line_ids))
    if not wanted:
        raise UserError("No budget lines were chosen to delete.")
    with unit_of_work(database) as unit:
        lines = list(unit.session.exec(select(BudgetLine).where(col(BudgetLine.id).in_(wanted))))
        absent = sorted(set(wanted) - {line.id for line in lines})
        if absent:
            raise UserError(missing("budget line", absent[0]))
        plan_ids = {line.plan_id for line in lines}
        if len(plan_ids) > 1:
            raise UserError("The chosen budget lines belong to different plans; delete them one plan at a time.")
        plan = _get_plan(unit, plan_ids.pop())
        _require_draft(plan)
        before = {"lines": [_line_snapshot(line) for line in lines]}
        for line in lines:
            unit.session.delete(line)
        unit.flush()
        unit.audit(entity=Entity.BUDGET_PLAN, entity_id=plan.id, action=Action.LINES_DELETED, before=before)
        return Change(
            entity=Entity.BUDGET_LINE,
            action=Action.DELETED,
            ids=wanted,
            details={"plan_id": plan.id, "project_id": plan.project_id},
        )


def edit_lines(
    database: Database,
    plan_id: int,
    *,
    updates: Mapping[int, Mapping[str, Any]] | None = None,
    additions: Sequence[LineInput] = (),
    deletions: Sequence[int] = (),
) -> Change:
    """Delete, update and add lines of one plan in ONE transaction (a paste, and its undo).

    ``Change.details["created"]`` holds the ids of the added lines, in order.
    """
    created: tuple[int, ...] = ()
    touched: list[int] = []
    with unit_of_work(database) as unit:
        _get_plan(unit, plan_id)
        if deletions:
            touched.extend(delete_lines(database, deletions).ids)
        if updates:
            touched.extend(update_lines(database, updates).ids)
        if additions:
            created = add_lines(database, plan_id, additions).ids
            touched.extend(created)
        plan = _get_plan(unit, plan_id)
        return Change(
            entity=Entity.BUDGET_LINE,
            action=Action.EDITED,
            ids=tuple(dict.fromkeys(touched)),
            details={"plan_id": plan_id, "project_id": plan.project_id, "created": created},
        )


def refresh_labour_lines(database: Database, plan_id: int) -> Change:
    """Replace a draft plan's labour lines with those computed from the project's members now."""
    from app.settings import load_finance_settings

    reader = database.reader()
    start_month = load_finance_settings(reader).fiscal_year_start_month
    with unit_of_work(database) as unit:
        plan = _get_plan(unit, plan_id)
        _require_draft(plan)
        # Read inside the transaction (BEGIN IMMEDIATE holds off writers), so memberships cannot change meanwhile.
        fresh = labour_lines(reader, plan.project_id, fiscal_year=plan.fiscal_year, start_month=start_month)
        from models.budget import BudgetLine

        old = [line for line in _lines_of(unit, plan_id) if line.labour_person_id is not None]
        before = [_line_snapshot(line) for line in old]
        for line in old:
            unit.session.delete(line)
        added = [
            BudgetLine(
                plan_id=plan_id,
                category=BudgetCategory(labour.category),
                description=labour.description,
                period_kind=PeriodKind(labour.period.kind),
                period_number=labour.period.number,
                stage=Stage(labour.stage),
                planned=labour.planned,
                actual=None,
                note="",
                labour_person_id=labour.person_id,
            )
            for labour in fresh
        ]
        unit.session.add_all(added)
        unit.flush()
        unit.audit(
            entity=Entity.BUDGET_PLAN,
            entity_id=plan_id,
            action=Action.LABOUR_REFRESHED,
            before={"lines": before},
            after={"lines": [_line_snapshot(line) for line in added]},
        )
        return Change(
            entity=Entity.BUDGET_LINE,
            action=Action.LABOUR_REFRESHED,
            ids=_flushed_ids(added),
            details={
                "plan_id": plan_id,
                "project_id": plan.project_id,
                "removed": tuple(line["id"] for line in before),
            },
        )


def _clean_actuals(actuals: Sequence[ActualInput]) -> list[tuple[BudgetCategory, Period, Decimal, str]]:
    return [
        (
            _category(actual.category),
            _period(actual.period),
            _amount(actual.amount, what="actual amount", allow_negative=True),
            str(actual.description or "").strip(),
        )
        for actual in (ActualInput(*item) for item in actuals)
    ]


class _ActualsSet(NamedTuple):
    project_id: int
    touched: tuple[int, ...]  # every line whose actual was set, new ones included
    created: tuple[int, ...]  # the new unplanned lines


def _set_actuals_in(
    unit: Unit, plan_id: int, cleaned: Sequence[tuple[BudgetCategory, Period, Decimal, str]], *, reason: str
) -> _ActualsSet:
    """``set_actuals`` inside ``unit``: refuses a closed plan, writes the plan's one audit event."""
    from models.budget import BudgetLine
    from models.projects import Project

    plan = _get_plan(unit, plan_id)
    _require_open(plan)
    project = unit.session.get(Project, plan.project_id)
    lines = _lines_of(unit, plan_id)
    updated: list[dict[str, Any]] = []
    created: list[Any] = []
    touched: list[Any] = []
    for category, period, amount, description in cleaned:
        match = next(
            (
                line
                for line in lines
                if line.category == category
                and line.period_kind == period.kind
                and line.period_number == period.number
                and (not description or line.description.strip().casefold() == description.casefold())
            ),
            None,
        )
        if match is None:
            # Spending nobody planned for: a line of its own, planned 0, so it shows as such.
            match = BudgetLine(
                plan_id=plan_id,
                category=category,
                description=description or "Unplanned spend",
                period_kind=PeriodKind(period.kind),
                period_number=period.number,
                stage=Stage(project.stage) if project else Stage.DEVELOPMENT,
                planned=Decimal("0.00"),
                actual=amount,
                note="",
            )
            unit.session.add(match)
            lines.append(match)
            created.append(match)
        elif not any(match is new for new in created):
            updated.append(
                {"id": match.id, "before": None if match.actual is None else str(match.actual), "after": str(amount)}
            )
            match.actual = amount
        else:
            match.actual = amount
        touched.append(match)
    unit.flush()
    unit.audit(
        entity=Entity.BUDGET_PLAN,
        entity_id=plan_id,
        action=Action.ACTUALS_SET,
        reason=reason,
        after={"updated": updated, "unplanned": [_line_snapshot(line) for line in created]},
    )
    return _ActualsSet(
        plan.project_id, tuple(dict.fromkeys(line.id for line in touched)), tuple(line.id for line in created)
    )


def set_actuals(database: Database, plan_id: int, actuals: Sequence[ActualInput], *, reason: str = "") -> Change:
    """Record actual spending on a plan that is not closed.

    Each actual goes to the plan's line with the same category and period (and the
    same description, when one is given; case and surrounding spaces do not matter);
    when several lines match, the first added. An actual that matches no line becomes
    a new line with planned 0: unplanned spend, visible as such. A later actual for
    the same line replaces an earlier one.
    """
    cleaned = _clean_actuals(actuals)
    with unit_of_work(database) as unit:
        result = _set_actuals_in(unit, plan_id, cleaned, reason=reason)
        return Change(
            entity=Entity.BUDGET_LINE,
            action=Action.ACTUALS_SET,
            ids=result.touched,
            details={"plan_id": plan_id, "project_id": result.project_id, "created": result.created},
        )


def set_actuals_of_plans(
    database: Database, by_plan: Mapping[int, Sequence[ActualInput]], *, reason: str = ""
) -> Change:
    """``set_actuals`` for several plans in one transaction (an import): all are written or none.

    One audit event per plan; a closed plan among them refuses the whole call.
    """
    cleaned = {plan_id: _clean_actuals(actuals) for plan_id, actuals in by_plan.items()}
    with unit_of_work(database) as unit:
        results = [_set_actuals_in(unit, plan_id, cleaned[plan_id], reason=reason) for plan_id in sorted(cleaned)]
        return Change(
            entity=Entity.BUDGET_LINE,
            action=Action.ACTUALS_SET,
            ids=tuple(dict.fromkeys(line_id for result in results for line_id in result.touched)),
            details={
                "plan_ids": tuple(sorted(cleaned)),
                "project_ids": tuple(dict.fromkeys(result.project_id for result in results)),
                "created": tuple(line_id for result in results for line_id in result.created),
            },
        )
