"""Actual spending: finance records it against any plan that is not closed, matching it to the plan's lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from app.analysis.budget import Period
from app.db.database import Database
from app.services.budget.inputs import ActualInput, _amount, _category, _period
from app.services.budget.rows import _get_plan, _line_snapshot, _lines_of, _require_open
from app.services.change import Action, Change, Entity
from app.services.unit import Unit, unit_of_work
from models.enums import BudgetCategory, PeriodKind, Stage


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


def _matching_line(lines: Sequence[Any], category: BudgetCategory, period: Period, description: str) -> Any:
    """The first of ``lines`` an actual goes to: same category and period, and same description when one is given."""
    return next(
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
        match = _matching_line(lines, category, period, description)
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
