"""Budget plans as finance reads them: fiscal periods, roll-ups, scenarios, labour and gap costs.

A line's period is a month (1–12) or a quarter (1–4) of the plan's fiscal year,
counted from the fiscal year's first month (``FinanceSettings.fiscal_year_start_month``):
fiscal year N runs from (N, start, 1) to the day before (N + 1, start, 1).

Everything here is pure arithmetic on ``Decimal`` over one whole plan read in one
go (``load_plan``: one query per table through ``reader.rows``); amounts come from
the database as integer cents (``app.money.from_cents``). Expected spend to date
prorates each line's planned amount by the elapsed share of its period and is
quantized to cents only once, at the end of each sum; nothing else is rounded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from app.db.reader import Reader
from app.errors import UserError
from app.money import CENT, from_cents
from app.settings import FinanceSettings, load_finance_settings
from models.enums import BudgetCategory, PeriodKind, Stage

ZERO = Decimal("0.00")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CATEGORY_ORDER = {category.value: position for position, category in enumerate(BudgetCategory)}
_STAGE_ORDER = {stage.value: position for position, stage in enumerate(Stage)}


# -- periods


class Period(NamedTuple):
    """A month (1–12) or quarter (1–4) of a fiscal year, counted from its first month."""

    kind: str  # "month" | "quarter" (PeriodKind values)
    number: int

    def code(self) -> str:
        """ "M3" or "Q2": the short form ``parse_period`` reads back."""
        return f"{'M' if self.kind == PeriodKind.MONTH.value else 'Q'}{self.number}"


def _check_period(period: Period) -> None:
    highest = {PeriodKind.MONTH.value: 12, PeriodKind.QUARTER.value: 4}.get(str(period.kind))
    if highest is None or not 1 <= int(period.number) <= highest:
        raise UserError(
            f"{period.kind} {period.number} is not a period of a fiscal year; use months 1–12 or quarters 1–4."
        )


def _fiscal_month(fiscal_year: int, start_month: int, month_number: int) -> tuple[int, int]:
    """(calendar year, calendar month) of fiscal month ``month_number`` (1-based)."""
    offset = start_month - 1 + month_number - 1
    return fiscal_year + offset // 12, offset % 12 + 1


def _months_of(period: Period) -> tuple[int, int]:
    """First and last fiscal month (1-based) a period covers."""
    if period.kind == PeriodKind.MONTH.value:
        return period.number, period.number
    return 3 * period.number - 2, 3 * period.number


def period_dates(fiscal_year: int, start_month: int, period: Period) -> tuple[date, date]:
    """The first and the last day (inclusive) of ``period`` in ``fiscal_year``."""
    _check_period(period)
    first_month, last_month = _months_of(period)
    first_year, first_calendar_month = _fiscal_month(fiscal_year, start_month, first_month)
    after_year, after_month = _fiscal_month(fiscal_year, start_month, last_month + 1)
    return date(first_year, first_calendar_month, 1), date(after_year, after_month, 1) - timedelta(days=1)


def period_label(fiscal_year: int, start_month: int, period: Period) -> str:
    """ "Jul 2026" for a month; "Q1 (Jul–Sep 2026)" for a quarter ("Q2 (Nov 2026–Jan 2027)" across a year end)."""
    first, last = period_dates(fiscal_year, start_month, period)
    if period.kind == PeriodKind.MONTH.value:
        return f"{MONTH_NAMES[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"Q{period.number} ({MONTH_NAMES[first.month - 1]}–{MONTH_NAMES[last.month - 1]} {last.year})"
    return f"Q{period.number} ({MONTH_NAMES[first.month - 1]} {first.year}–{MONTH_NAMES[last.month - 1]} {last.year})"


_CODE = re.compile(r"^([MQ])\s*0?(\d{1,2})$", re.IGNORECASE)
_CALENDAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_LABEL = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$")
_QUARTER_LABEL = re.compile(r"^Q([1-4])\s*\(", re.IGNORECASE)


def parse_period(text: str, *, fiscal_year: int, start_month: int) -> Period:
    """A period from "M3", "M03", "Q2", a calendar month "2026-09" (turned into its fiscal month),
    or a label as ``period_label`` writes it ("Sep 2026", "Q1 (Jul–Sep 2026)"); ``UserError`` otherwise."""
    cleaned = str(text).strip()
    problem = (
        f"{cleaned!r} is not a period of fiscal year {fiscal_year}; "
        f"use M1–M12, Q1–Q4 or a calendar month such as {fiscal_year}-{start_month:02d}."
    )
    calendar_month: tuple[int, int] | None = None
    if match := _CODE.match(cleaned):
        kind = PeriodKind.MONTH.value if match.group(1).upper() == "M" else PeriodKind.QUARTER.value
        period = Period(kind, int(match.group(2)))
        try:
            _check_period(period)
        except UserError:
            raise UserError(problem) from None
        return period
    if match := _QUARTER_LABEL.match(cleaned):
        return Period(PeriodKind.QUARTER.value, int(match.group(1)))
    if match := _CALENDAR_MONTH.match(cleaned):
        calendar_month = int(match.group(1)), int(match.group(2))
    elif (match := _MONTH_LABEL.match(cleaned)) and match.group(1).title() in MONTH_NAMES:
        calendar_month = int(match.group(2)), MONTH_NAMES.index(match.group(1).title()) + 1
    if calendar_month is None or not 1 <= calendar_month[1] <= 12:
        raise UserError(problem)
    year, month = calendar_month
    number = (year - fiscal_year) * 12 + month - start_month + 1
    if not 1 <= number <= 12:
        raise UserError(problem)
    return Period(PeriodKind.MONTH.value, number)


def _period_sort_key(period: Period) -> tuple[int, int]:
    # By first month; a month sorts before the quarter that starts with it.
    first_month, _ = _months_of(period)
    return first_month, 0 if period.kind == PeriodKind.MONTH.value else 1


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


# -- roll-ups


class Totals(NamedTuple):
    planned: Decimal
    actual: Decimal
    variance: Decimal  # planned - actual: positive is under budget
    expected_to_date: Decimal


class CategoryRow(NamedTuple):
    category: str
    planned: Decimal
    actual: Decimal
    variance: Decimal
    expected_to_date: Decimal
    flag: str  # "over" | "under" | ""


class PeriodRow(NamedTuple):
    period: Period
    label: str
    planned: Decimal
    actual: Decimal


class StageRow(NamedTuple):
    stage: str
    planned: Decimal
    actual: Decimal
    variance: Decimal
    expected_to_date: Decimal
    flag: str


class PlanRollup(NamedTuple):
    totals: Totals
    by_category: tuple[CategoryRow, ...]  # categories with lines, in BudgetCategory order
    by_period: tuple[PeriodRow, ...]  # periods with lines, by first month (a month before its quarter)
    by_stage: tuple[StageRow, ...]  # stages with lines, in life-cycle order
    grid: dict[tuple[str, Period], Decimal]  # (category, period) -> planned; quarter lines stay quarters


def elapsed_share(first: date, last: date, today: date) -> Decimal:
    """The share of the period [first, last] elapsed by the end of ``today``, in [0, 1] (exact)."""
    if today < first:
        return Decimal(0)
    if today >= last:
        return Decimal(1)
    return Decimal((today - first).days + 1) / Decimal((last - first).days + 1)


def _flag(actual: Decimal, expected: Decimal, tolerance_percent: Decimal) -> str:
    margin = Decimal(tolerance_percent) / 100
    if actual > expected * (1 + margin):
        return "over"
    if expected > 0 and actual < expected * (1 - margin):
        return "under"
    return ""


class _Sums:
    __slots__ = ("planned", "actual", "expected")

    def __init__(self) -> None:
        self.planned = ZERO
        self.actual = ZERO
        self.expected = Decimal(0)  # exact until read

    def add(self, planned: Decimal, actual: Decimal, expected: Decimal) -> None:
        self.planned += planned
        self.actual += actual
        self.expected += expected

    def expected_to_date(self) -> Decimal:
        return self.expected.quantize(CENT, rounding=ROUND_HALF_EVEN)


def rollup(plan: PlanData, *, today: date, tolerance_percent: Decimal) -> PlanRollup:
    """Totals, and the plan by category, period and stage, with expected spend to date and flags.

    A line's expected spend to date is its planned amount times the elapsed share of
    its period (days elapsed including ``today`` over the days in the period),
    rounded to the cent per line, so that every sum of them (by category, stage,
    period, and the total) adds up exactly, as a report's reader will check. Flags compare actual with
    expected: "over" above expected by more than ``tolerance_percent``, "under" below
    it by more (only when something was expected).
    """
    shares: dict[Period, Decimal] = {}
    total = _Sums()
    categories: defaultdict[str, _Sums] = defaultdict(_Sums)
    stages: defaultdict[str, _Sums] = defaultdict(_Sums)
    periods: defaultdict[Period, _Sums] = defaultdict(_Sums)
    grid: defaultdict[tuple[str, Period], Decimal] = defaultdict(lambda: ZERO)
    for line in plan.lines:
        share = shares.get(line.period)
        if share is None:
            first, last = period_dates(plan.fiscal_year, plan.start_month, line.period)
            share = shares[line.period] = elapsed_share(first, last, today)
        actual = line.actual if line.actual is not None else ZERO
        expected = (line.planned * share).quantize(CENT, rounding=ROUND_HALF_EVEN)
        for sums in (total, categories[line.category], stages[line.stage], periods[line.period]):
            sums.add(line.planned, actual, expected)
        grid[line.category, line.period] += line.planned

    by_category = tuple(
        CategoryRow(
            category,
            sums.planned,
            sums.actual,
            sums.planned - sums.actual,
            sums.expected_to_date(),
            _flag(sums.actual, sums.expected_to_date(), tolerance_percent),
        )
        for category, sums in sorted(categories.items(), key=lambda item: (_CATEGORY_ORDER.get(item[0], 99), item[0]))
    )
    by_stage = tuple(
        StageRow(
            stage,
            sums.planned,
            sums.actual,
            sums.planned - sums.actual,
            sums.expected_to_date(),
            _flag(sums.actual, sums.expected_to_date(), tolerance_percent),
        )
        for stage, sums in sorted(stages.items(), key=lambda item: (_STAGE_ORDER.get(item[0], 99), item[0]))
    )
    by_period = tuple(
        PeriodRow(period, period_label(plan.fiscal_year, plan.start_month, period), sums.planned, sums.actual)
        for period, sums in sorted(periods.items(), key=lambda item: _period_sort_key(item[0]))
    )
    return PlanRollup(
        totals=Totals(total.planned, total.actual, total.planned - total.actual, total.expected_to_date()),
        by_category=by_category,
        by_period=by_period,
        by_stage=by_stage,
        grid=dict(grid),
    )


# -- scenarios


class ScenarioRow(NamedTuple):
    category: str  # a BudgetCategory value, or "" for the totals row
    planned: tuple[Decimal, ...]  # one per plan, in the order given
    difference: tuple[Decimal, ...]  # planned minus the first plan's, one per plan (the first is 0)


class ScenarioComparison(NamedTuple):
    plan_ids: tuple[int, ...]
    names: tuple[str, ...]  # "Baseline", "With digital twin" (the plans' names, in the order given)
    rows: tuple[ScenarioRow, ...]  # categories any plan has, in BudgetCategory order
    totals: ScenarioRow


def compare_scenarios(plans: Sequence[PlanData]) -> ScenarioComparison:
    """The plans side by side: per category, each plan's planned total and its difference to the first plan's."""
    per_plan: list[defaultdict[str, Decimal]] = []
    for plan in plans:
        sums: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in plan.lines:
            sums[line.category] += line.planned
        per_plan.append(sums)
    categories = sorted(
        {category for sums in per_plan for category in sums},
        key=lambda category: (_CATEGORY_ORDER.get(category, 99), category),
    )

    def row(category: str, planned: tuple[Decimal, ...]) -> ScenarioRow:
        base = planned[0] if planned else ZERO
        return ScenarioRow(category, planned, tuple(amount - base for amount in planned))

    rows = tuple(row(category, tuple(sums.get(category, ZERO) for sums in per_plan)) for category in categories)
    totals = row("", tuple(sum(sums.values(), ZERO) for sums in per_plan))
    return ScenarioComparison(tuple(plan.plan_id for plan in plans), tuple(plan.name for plan in plans), rows, totals)


# -- labour


class LabourLine(NamedTuple):
    person_id: int
    name: str
    category: str  # always "personnel"
    period: Period  # a quarter
    stage: str  # the project's stage
    planned: Decimal  # allocation x 3 months x monthly cost rate, to the cent
    description: str  # "<name> (<role>), <allocation> FTE"


def _allocation(value: float) -> Decimal:
    # Allocations are stored as floats; their shortest repr is what the user typed (0.1 stays 0.1).
    return Decimal(repr(float(value)))


def labour_lines(reader: Reader, project_id: int, *, fiscal_year: int, start_month: int) -> list[LabourLine]:
    """One personnel line per active member per quarter of the fiscal year, by member name.

    Every quarter costs allocation x 3 x the person's monthly cost rate (the same in
    each quarter: memberships carry no dates); inactive members are left out.
    ``fiscal_year`` and ``start_month`` name the year the lines are for.
    """
    project = reader.one("SELECT stage FROM project WHERE id = :project_id", {"project_id": project_id})
    if project is None:
        raise UserError(f"Project {project_id} does not exist (it may have been deleted).")
    members = reader.rows(
        """
        SELECT person.id, person.name, membership.role, membership.allocation, person.cost_rate
        FROM membership JOIN person ON person.id = membership.person_id
        WHERE membership.project_id = :project_id AND person.active
        """,
        {"project_id": project_id},
    )
    members.sort(key=lambda row: (row[1].casefold(), row[0]))
    lines: list[LabourLine] = []
    for person_id, name, role, allocation, cost_rate in members:
        share = _allocation(allocation)
        planned = (share * 3 * (from_cents(cost_rate) or ZERO)).quantize(CENT, rounding=ROUND_HALF_EVEN)
        who = f"{name} ({role})" if role else name
        description = f"{who}, {share.normalize():f} FTE"
        lines.extend(
            LabourLine(
                person_id,
                name,
                BudgetCategory.PERSONNEL.value,
                Period(PeriodKind.QUARTER.value, quarter),
                project[0],
                planned,
                description,
            )
            for quarter in range(1, 5)
        )
    return lines


# -- cost of closing staffing gaps


class Proposal(NamedTuple):
    kind: str  # "training" | "hire"
    skill: str  # the requirement's skill
    description: str
    category: str  # "training" | "recruitment"
    amount: Decimal
    period: Period  # Q1: gaps are closed early in the year


def gap_cost_proposals(reader: Reader, project_id: int, settings: FinanceSettings) -> list[Proposal]:
    """Lines that would close the project's staffing gaps, in the staffing page's requirement order.

    A requirement with a gap and members one level short: train each of them one
    level (``training_cost_per_level`` each); with a gap and nobody one level short:
    hire the missing FTE at the area's yearly ``hire_cost`` (to the cent).
    """
    from app.analysis.skills import load_matrix
    from app.analysis.staffing import analyse_project, load_staffing_frame
    from app.settings import load_staffing_settings

    snapshot = load_matrix(reader, thresholds=load_staffing_settings(reader).shapes)
    staffing = analyse_project(snapshot, load_staffing_frame(reader), project_id)
    first_quarter = Period(PeriodKind.QUARTER.value, 1)
    proposals: list[Proposal] = []
    for requirement in staffing.requirements:
        if requirement.gap_fte <= 0:
            continue
        if requirement.training_candidates:
            proposals.extend(
                Proposal(
                    "training",
                    requirement.skill,
                    f"Train {member.name} in {requirement.skill} from level {member.level} to {requirement.min_level}",
                    BudgetCategory.TRAINING.value,
                    Decimal(settings.training_cost_per_level),
                    first_quarter,
                )
                for member in requirement.training_candidates
            )
            continue
        gap = _allocation(requirement.gap_fte)
        amount = (gap * settings.hire_cost(requirement.area)).quantize(CENT, rounding=ROUND_HALF_EVEN)
        proposals.append(
            Proposal(
                "hire",
                requirement.skill,
                f"Hire {gap.normalize():f} FTE for {requirement.skill} ({requirement.area})",
                BudgetCategory.RECRUITMENT.value,
                amount,
                first_quarter,
            )
        )
    return proposals


def plan_lines_of(lines: Iterable[LineRow], *, labour: bool) -> tuple[LineRow, ...]:
    """The labour lines of a plan (``labour=True``) or all its other lines: the page shows them apart."""
    return tuple(line for line in lines if (line.labour_person_id is not None) == labour)


class SpendColumns(NamedTuple):
    """A plan's spend for charts: months when every line is monthly, else quarters.

    A quarter line cannot be split into months, so one quarter line puts the whole
    plan on quarters (monthly lines fold into their quarter); months and quarters
    are never mixed on one axis.
    """

    monthly: bool
    labels: tuple[str, ...]  # "Jan" ... or "Q1" ...
    planned: tuple[dict[str, Decimal], ...]  # per column: category -> planned
    actual: tuple[Decimal, ...]  # per column: actual recorded
    recorded: tuple[bool, ...]  # per column: any actual recorded at all


def spend_columns(plan: PlanData) -> SpendColumns:
    monthly = bool(plan.lines) and all(line.period.kind == "month" for line in plan.lines)
    count = 12 if monthly else 4
    if monthly:
        labels = tuple(
            period_dates(plan.fiscal_year, plan.start_month, Period("month", number))[0].strftime("%b")
            for number in range(1, 13)
        )
    else:
        labels = tuple(f"Q{number}" for number in range(1, 5))
    planned: list[dict[str, Decimal]] = [{} for _ in range(count)]
    actual = [ZERO] * count
    recorded = [False] * count
    for line in plan.lines:
        number = line.period.number
        index = number - 1 if monthly or line.period.kind == "quarter" else (number - 1) // 3
        category = str(line.category)
        planned[index][category] = planned[index].get(category, ZERO) + line.planned
        if line.actual is not None:
            actual[index] += line.actual
            recorded[index] = True
    return SpendColumns(monthly, labels, tuple(planned), tuple(actual), tuple(recorded))


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
