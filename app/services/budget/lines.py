"""A draft plan's lines: adding, changing, deleting and pasting them, and refreshing its labour lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.analysis.budget import Period, labour_lines
from app.db.database import Database
from app.errors import UserError
from app.services.budget.inputs import LINE_FIELDS, LineInput, _clean_line
from app.services.budget.rows import _flushed_ids, _get_plan, _line_snapshot, _lines_of, _require_draft, _require_open
from app.services.change import Action, Change, Entity
from app.services.fields import apply_changes
from app.services.unit import missing, unit_of_work
from models.enums import BudgetCategory, PeriodKind, Stage


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
            _, differing = apply_changes(line, values)
            if not differing:
                continue
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
