"""Budget plans as finance reads them: fiscal periods, roll-ups, scenarios, labour and gap costs.

A line's period is a month (1–12) or a quarter (1–4) of the plan's fiscal year,
counted from the fiscal year's first month (``FinanceSettings.fiscal_year_start_month``):
fiscal year N runs from (N, start, 1) to the day before (N + 1, start, 1).

Everything here is pure arithmetic on ``Decimal`` over one whole plan read in one
go (``load_plan``: one query per table through ``reader.rows``); amounts come from
the database as integer cents (``app.money.from_cents``). Expected spend to date
prorates each line's planned amount by the elapsed share of its period and is
quantized to cents only once, at the end of each sum; nothing else is rounded.

By concept: ``periods`` (the fiscal calendar), ``plans`` (reading plans and choosing
the one that speaks for a project), ``rollups`` (totals, variance and flags, scenarios,
chart columns) and ``labour`` (lines from the members, and the cost of closing gaps).
Every name is importable from here, as ``from app.analysis.budget import rollup``.
"""

from __future__ import annotations

from app.analysis.budget.labour import LabourLine, Proposal, erased_description, gap_cost_proposals, labour_lines
from app.analysis.budget.periods import MONTH_NAMES, Period, parse_period, period_dates, period_label
from app.analysis.budget.plans import (
    ZERO,
    Approver,
    LineRow,
    PlanData,
    PlanSummary,
    approvers,
    choose_among,
    list_plans,
    load_plan,
    plan_lines_of,
    preferred_revision,
)
from app.analysis.budget.rollups import (
    CategoryRow,
    PeriodRow,
    PlanRollup,
    ScenarioComparison,
    ScenarioRow,
    SpendColumns,
    StageRow,
    Totals,
    compare_scenarios,
    elapsed_share,
    rollup,
    spend_columns,
    spending_flag,
)

__all__ = [
    "MONTH_NAMES",
    "ZERO",
    "Approver",
    "CategoryRow",
    "LabourLine",
    "LineRow",
    "Period",
    "PeriodRow",
    "PlanData",
    "PlanRollup",
    "PlanSummary",
    "Proposal",
    "ScenarioComparison",
    "ScenarioRow",
    "SpendColumns",
    "StageRow",
    "Totals",
    "approvers",
    "choose_among",
    "compare_scenarios",
    "elapsed_share",
    "gap_cost_proposals",
    "labour_lines",
    "erased_description",
    "list_plans",
    "load_plan",
    "parse_period",
    "period_dates",
    "period_label",
    "plan_lines_of",
    "preferred_revision",
    "rollup",
    "spend_columns",
    "spending_flag",
]
