"""A plan rolled up as finance reads it: totals, by category, period and stage with expected spend
to date and over/under flags, scenarios side by side, and the spend the charts plot.

Pure arithmetic on ``Decimal``: expected spend to date prorates each line's planned
amount by the elapsed share of its period and is quantized to cents once per line;
nothing else is rounded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from app.analysis.budget.periods import Period, period_dates, period_label, period_sort_key
from app.analysis.budget.plans import ZERO, PlanData
from app.money import CENT
from models.enums import BudgetCategory, Stage

_CATEGORY_ORDER = {category.value: position for position, category in enumerate(BudgetCategory)}
_STAGE_ORDER = {stage.value: position for position, stage in enumerate(Stage)}


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


def spending_flag(actual: Decimal, expected: Decimal, tolerance_percent: Decimal) -> str:
    """ "over" when ``actual`` is above the spend expected to date by more than the tolerance, "under" when below
    it by more (and something was expected), else ""."""
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


def _flagged(
    groups: Mapping[str, _Sums], order: Mapping[str, int], tolerance_percent: Decimal
) -> Iterator[tuple[str, Decimal, Decimal, Decimal, Decimal, str]]:
    """The fields of a ``CategoryRow`` or ``StageRow`` per group, in ``order`` (unknown keys last, by name)."""
    for key, sums in sorted(groups.items(), key=lambda item: (order.get(item[0], 99), item[0])):
        expected = sums.expected_to_date()
        yield (
            key,
            sums.planned,
            sums.actual,
            sums.planned - sums.actual,
            expected,
            spending_flag(sums.actual, expected, tolerance_percent),
        )


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

    by_category = tuple(CategoryRow(*row) for row in _flagged(categories, _CATEGORY_ORDER, tolerance_percent))
    by_stage = tuple(StageRow(*row) for row in _flagged(stages, _STAGE_ORDER, tolerance_percent))
    by_period = tuple(
        PeriodRow(period, period_label(plan.fiscal_year, plan.start_month, period), sums.planned, sums.actual)
        for period, sums in sorted(periods.items(), key=lambda item: period_sort_key(item[0]))
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
