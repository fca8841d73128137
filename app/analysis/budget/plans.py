"""Reading budget plans: one plan with its lines, a project's plans with their totals, and which of them
speaks for the project (``choose_among``); who may approve a plan.

A plan is read in one go (one query per table through ``reader.rows``); amounts
come from the database as integer cents (``app.money.from_cents``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from app.analysis.budget.periods import Period
from app.db.reader import Reader
from app.errors import UserError
from app.money import from_cents
from app.settings import load_finance_settings

ZERO = Decimal("0.00")


# -- reading a plan


class LineRow(NamedTuple):
    id: int
    category: str  # BudgetCategory value
    description: str
    period: Period
    stage: str  # Stage value
    planned: Decimal
    actual: Decimal | None  # None: nothing recorded yet
    note: str
    labour_person_id: int | None  # a labour line: the member it was computed from


class PlanData(NamedTuple):
    plan_id: int
    project_id: int
    project: str
    name: str
    fiscal_year: int
    currency: str
    state: str  # PlanState value
    revision: int
    start_month: int  # the fiscal year's first month, from the finance settings
    lines: tuple[LineRow, ...]  # in the order they were added
    # Approved now, or before it was closed (``app.queries.projects.approval_of``): the plan is final.
    approved: bool = False
    approved_by: str | None = None  # the approver's name; None when not recorded
    approved_by_id: int | None = None
    approved_on: date | None = None


class PlanSummary(NamedTuple):
    plan_id: int
    name: str
    fiscal_year: int
    currency: str
    state: str
    revision: int
    planned: Decimal
    actual: Decimal  # lines with no actual count as 0
    approved: bool = False  # as ``PlanData.approved``
    approved_by: str | None = None
    approved_on: date | None = None


def load_plan(reader: Reader, plan_id: int, *, start_month: int | None = None) -> PlanData:
    """One plan and all its lines; ``start_month`` defaults to the finance settings' fiscal year start."""
    from app.queries.projects import APPROVAL_PARAMS, approval_columns, approval_of

    found = reader.one(
        f"""
        SELECT p.id, p.project_id, project.name, p.name, p.fiscal_year, p.currency, p.state, p.revision,
               p.approved_by_id, approver.name, {approval_columns("p")}
        FROM budget_plan AS p JOIN project ON project.id = p.project_id
        LEFT JOIN person AS approver ON approver.id = p.approved_by_id
        WHERE p.id = :plan_id
        """,
        {"plan_id": plan_id, **APPROVAL_PARAMS},
    )
    if found is None:
        raise UserError(f"Budget plan {plan_id} does not exist (it may have been deleted).")
    approver_id, approver, approved_on, audited_at = found[8:]
    approved, approved_day = approval_of(found[6], approved_on, audited_at)
    if start_month is None:
        start_month = load_finance_settings(reader).fiscal_year_start_month
    rows = reader.rows(
        """
        SELECT id, category, description, period_kind, period_number, stage, planned, actual, note, labour_person_id
        FROM budget_line WHERE plan_id = :plan_id ORDER BY id
        """,
        {"plan_id": plan_id},
    )
    lines = tuple(
        LineRow(
            line_id,
            category,
            description or "",
            Period(kind, number),
            stage,
            from_cents(planned) or ZERO,
            from_cents(actual),
            note or "",
            person_id,
        )
        for line_id, category, description, kind, number, stage, planned, actual, note, person_id in rows
    )
    return PlanData._make((*found[:8], start_month, lines, approved, approver, approver_id, approved_day))


def list_plans(reader: Reader, project_id: int) -> list[PlanSummary]:
    """A project's plans with their totals: newest fiscal year first, then by name, newest revision first."""
    from app.queries.projects import APPROVAL_PARAMS, approval_columns, approval_of

    rows = reader.rows(
        f"""
        SELECT p.id, p.name, p.fiscal_year, p.currency, p.state, p.revision,
               (SELECT COALESCE(SUM(line.planned), 0) FROM budget_line AS line WHERE line.plan_id = p.id),
               (SELECT COALESCE(SUM(line.actual), 0) FROM budget_line AS line WHERE line.plan_id = p.id),
               approver.name, {approval_columns("p")}
        FROM budget_plan AS p LEFT JOIN person AS approver ON approver.id = p.approved_by_id
        WHERE p.project_id = :project_id
        """,
        {"project_id": project_id, **APPROVAL_PARAMS},
    )
    rows.sort(key=lambda row: (-row[2], row[1].casefold(), -row[5], row[0]))
    plans = []
    for plan_id, name, fiscal_year, currency, state, revision, planned, actual, approver, on, audited in rows:
        approved, approved_on = approval_of(state, on, audited)
        plans.append(
            PlanSummary(
                plan_id,
                name,
                fiscal_year,
                currency,
                state,
                revision,
                from_cents(planned) or ZERO,
                from_cents(actual) or ZERO,
                approved,
                approver,
                approved_on,
            )
        )
    return plans


def preferred_revision(revisions: Sequence[PlanSummary]) -> PlanSummary:
    """Of one scenario's revisions, the one that speaks for it: the newest approved one, else the newest.

    An approved revision 1 is the budget of record while its revision 2 is still a
    draft; once revision 2 is approved too, it is.
    """
    if not revisions:
        raise ValueError("preferred_revision needs at least one revision")
    return max(revisions, key=lambda plan: (plan.approved, plan.revision, plan.plan_id))


class Approver(NamedTuple):
    person_id: int
    name: str
    department: str
    title: str
    finance: bool  # of the finance department: offered first


def approvers(reader: Reader) -> list[Approver]:
    """Who can approve a budget plan: every active person, the finance department's first, each group by name."""
    rows = reader.rows(
        "SELECT id, name, department, title FROM person WHERE active AND erased_on IS NULL ORDER BY lower(name), id"
    )
    people = [
        Approver(person_id, name, department or "", title or "", "finance" in (department or "").casefold())
        for person_id, name, department, title in rows
    ]
    return sorted(people, key=lambda person: not person.finance)


def plan_lines_of(lines: Iterable[LineRow], *, labour: bool) -> tuple[LineRow, ...]:
    """The labour lines of a plan (``labour=True``) or all its other lines: the page shows them apart."""
    return tuple(line for line in lines if (line.labour_person_id is not None) == labour)


def choose_among(
    plans: Sequence[PlanSummary],
    project: str,
    *,
    plan_name: str | None = None,
    plan_id: int | None = None,
    revision: int | None = None,
) -> PlanSummary:
    """Which of ``project``'s ``plans`` (``list_plans``) speaks for it: the one rule the budget report
    (``app.reports.budget``) and the actuals import (``app.io.actuals_file``) share.

    ``plan_id`` picks exactly that plan (the app knows which revision is selected).
    Else the scenario: ``plan_name``'s latest fiscal year, or, with no name, the
    latest fiscal year's approved scenario (the first by name when several are; the
    newest plan's when none is). Of its revisions: ``revision`` when given, else the
    newest approved one, else the newest (an approved revision 1 speaks for the
    scenario while revision 2 is still a draft). Raises ``UserError`` naming what
    there is when nothing matches.
    """
    if not plans:
        raise UserError(f"{project} has no budget plan yet; make one on the project's Budget tab.")
    if plan_id is not None:
        chosen = next((plan for plan in plans if plan.plan_id == plan_id), None)
        if chosen is None:
            raise UserError(f"{project} has no budget plan {plan_id} (it may have been deleted).")
        return chosen
    if plan_name is not None:
        wanted = " ".join(plan_name.split()).casefold()
        named = [plan for plan in plans if " ".join(plan.name.split()).casefold() == wanted]
        if not named:
            names = ", ".join(sorted({plan.name for plan in plans}, key=str.casefold))
            raise UserError(f"{project} has no budget plan called {plan_name!r}; its plans are {names}.")
        year = max(plan.fiscal_year for plan in named)
        revisions = [plan for plan in named if plan.fiscal_year == year]
    else:
        year = max(plan.fiscal_year for plan in plans)
        in_year = [plan for plan in plans if plan.fiscal_year == year]
        approved = sorted((plan for plan in in_year if plan.approved), key=lambda plan: plan.name.casefold())
        newest = max(in_year, key=lambda plan: (plan.revision, plan.plan_id))
        scenario = (approved[0] if approved else newest).name
        revisions = [plan for plan in in_year if plan.name == scenario]
    if revision is None:
        return preferred_revision(revisions)
    chosen = next((plan for plan in revisions if plan.revision == revision), None)
    if chosen is None:
        numbers = sorted(plan.revision for plan in revisions)
        listed = ", ".join(str(number) for number in numbers[:-1])
        known = f"{listed} and {numbers[-1]}" if listed else str(numbers[-1])
        raise UserError(
            f"{project}'s plan {revisions[0].name!r} for {year} has no revision {revision}; "
            f"its {'revisions are' if len(numbers) > 1 else 'only revision is'} {known}."
        )
    return chosen
