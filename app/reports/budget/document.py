"""The budget report's document: one plan loaded, rolled up and put in JSON-ready form.

``build_budget_report`` picks the plan (``choose_plan``), rolls it up with
``app.analysis.budget`` and adds the project's open staffing and governance gaps;
``budget_document`` is the pure half, from a loaded plan to the document every
format is drawn from. Amounts are exact decimal strings with cents ("1234.50").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.labels import BUDGET_CATEGORIES, STAGES, criticality_rank
from app.reports.phrases import fte

if TYPE_CHECKING:
    from app.analysis.budget import LineRow, Period, PlanData, PlanRollup, PlanSummary, SpendColumns
    from app.db.database import Database


def build_budget_report(
    database: Database,
    project_name: str,
    *,
    plan_name: str | None = None,
    plan_id: int | None = None,
    revision: int | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The budget report of one plan of the project called ``project_name``, as a JSON-ready document.

    The plan is the one ``choose_plan`` picks. Raises ``UserError`` for an unknown
    project, plan or revision, or a project with no plan.
    """
    from app.analysis.budget import load_plan, rollup
    from app.queries.projects import require_project
    from app.reports.context import governance_gaps
    from app.settings import load_finance_settings

    reader = database.reader()
    profile = require_project(reader, project_name)
    chosen = choose_plan(database, profile.name, plan_name=plan_name, plan_id=plan_id, revision=revision)
    settings = load_finance_settings(reader)
    today = today or date.today()
    plan = load_plan(reader, chosen.plan_id)
    rolled = rollup(plan, today=today, tolerance_percent=settings.overspend_tolerance_percent)
    return budget_document(
        plan,
        rolled,
        staffing_gaps=_open_staffing_gaps(database, profile.id),
        governance_gaps=governance_gaps(database.reader(), profile.id, today=today),
        generated_on=today,
        tolerance_percent=settings.overspend_tolerance_percent,
    )


def choose_plan(
    database: Database,
    project_name: str,
    *,
    plan_name: str | None = None,
    plan_id: int | None = None,
    revision: int | None = None,
) -> PlanSummary:
    """The plan a budget report is of: ``choose_among`` the project's plans."""
    from app.analysis.budget import choose_among, list_plans
    from app.queries.projects import require_project

    profile = require_project(database.reader(), project_name)
    plans = list_plans(database.reader(), profile.id)
    return choose_among(plans, profile.name, plan_name=plan_name, plan_id=plan_id, revision=revision)


def _open_staffing_gaps(database: Database, project_id: int) -> list[dict[str, Any]]:
    """The project's requirements with a gap, as the staffing analysis finds them: most critical, then largest first."""
    from app.reports.context import project_staffing

    staffing = project_staffing(database.reader(), project_id)
    gaps: list[dict[str, Any]] = [
        {
            "skill": gap.skill,
            "area": gap.area,
            "min_level": int(gap.min_level),
            "needed_fte": fte(gap.needed_fte),
            "gap_fte": fte(gap.gap_fte),
            "criticality": str(gap.criticality),
            "training_candidates": [member.name for member in gap.training_candidates],
        }
        for gap in staffing.requirements
        if gap.gap_fte > 0
    ]
    gaps.sort(key=lambda row: (-criticality_rank(row["criticality"]), -row["gap_fte"], row["skill"].casefold()))
    return gaps


def _money(value: Decimal | None) -> str | None:
    """An amount as the document holds it: an exact decimal string with cents.

    Every amount reaching here is already whole cents (the analysis quantizes), so
    this only fixes the notation ("0" -> "0.00"); it never rounds.
    """
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def period_code(period: Period) -> str:
    """A period's short code, as ``parse_period`` reads it back: "M03" for a month, "Q2" for a quarter."""
    return f"M{period.number:02d}" if period.kind == "month" else f"Q{period.number}"


def quarter_of(period: Period) -> int:
    """The fiscal quarter a period falls in (a month line folds into its quarter)."""
    return (period.number - 1) // 3 + 1 if period.kind == "month" else period.number


def _in_order(value: str, order: Sequence[str]) -> tuple[int, str]:
    """Where ``value`` stands in ``order`` (the labels' order of a stored value); unknown values last, by name."""
    return (order.index(value), value) if value in order else (len(order), value)


def _category_order(category: str) -> tuple[int, str]:
    return _in_order(category, list(BUDGET_CATEGORIES))


def _stage_order(stage: str) -> tuple[int, str]:
    return _in_order(stage, list(STAGES))


def budget_document(
    plan: PlanData,
    rolled: PlanRollup,
    *,
    staffing_gaps: Sequence[Mapping[str, Any]],
    generated_on: date,
    tolerance_percent: Decimal,
    governance_gaps: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The report's document from a loaded and rolled-up plan (pure: no database)."""
    from app.analysis.budget import spend_columns

    return {
        "project": plan.project,
        "generated_on": generated_on.isoformat(),
        "plan": _plan_document(plan),
        "tolerance_percent": str(tolerance_percent),
        "totals": {
            "planned": _money(rolled.totals.planned),
            "actual": _money(rolled.totals.actual),
            "variance": _money(rolled.totals.variance),
            "expected_to_date": _money(rolled.totals.expected_to_date),
        },
        "by_category": [
            {"category": row.category, **_versus(row)}
            for row in sorted(rolled.by_category, key=lambda row: _category_order(row.category))
        ],
        "by_period": [
            {
                "period": period_code(row.period),
                "label": row.label,
                "planned": _money(row.planned),
                "actual": _money(row.actual),
            }
            for row in rolled.by_period
        ],
        "by_stage": [
            {"stage": row.stage, **_versus(row)}
            for row in sorted(rolled.by_stage, key=lambda row: _stage_order(row.stage))
        ],
        "grid": _grid_document(plan, rolled),
        "lines": _lines_document(plan),
        "staffing_gaps": [dict(gap) for gap in staffing_gaps],
        "governance_gaps": [dict(gap) for gap in governance_gaps],
        "chart": _chart_document(spend_columns(plan)),
    }


def _plan_document(plan: PlanData) -> dict[str, Any]:
    """The plan's identity: name, fiscal year and its days, currency, state, revision and approval."""
    from app.analysis.budget import Period, period_dates

    first_day = period_dates(plan.fiscal_year, plan.start_month, Period("month", 1))[0]
    last_day = period_dates(plan.fiscal_year, plan.start_month, Period("month", 12))[1]
    return {
        "name": plan.name,
        "fiscal_year": int(plan.fiscal_year),
        "fiscal_year_start": first_day.isoformat(),
        "fiscal_year_end": last_day.isoformat(),
        "start_month": int(plan.start_month),
        "currency": plan.currency,
        "state": str(plan.state),
        "revision": int(plan.revision),
        # Who approved the plan (a name; None when not recorded) and on which day (ISO; None if never).
        "approved_by": plan.approved_by,
        "approved_on": plan.approved_on.isoformat() if plan.approved_on else None,
    }


def _versus(row: Any) -> dict[str, Any]:
    """The budget-against-actual amounts and flag of a roll-up's category or stage row."""
    return {
        "planned": _money(row.planned),
        "actual": _money(row.actual),
        "variance": _money(row.variance),
        "expected_to_date": _money(row.expected_to_date),
        "flag": row.flag,
    }


def _grid_document(plan: PlanData, rolled: PlanRollup) -> dict[str, Any]:
    """The category × quarter table of planned amounts: each month line folded into its quarter."""
    from app.analysis.budget import Period, period_label

    quarters = [Period("quarter", number) for number in range(1, 5)]
    categories = sorted(
        {category for category, _ in rolled.grid} | {row.category for row in rolled.by_category}, key=_category_order
    )
    grid_rows: list[dict[str, Any]] = []
    for category in categories:
        amounts = [Decimal(0)] * 4
        for (cell_category, period), amount in rolled.grid.items():
            if cell_category == category:
                amounts[quarter_of(period) - 1] += amount
        grid_rows.append(
            {
                "category": category,
                "amounts": [_money(amount) for amount in amounts],
                "total": _money(sum(amounts, Decimal(0))),
            }
        )
    column_totals = [sum((Decimal(row["amounts"][index]) for row in grid_rows), Decimal(0)) for index in range(4)]
    return {
        "columns": [
            {"period": period_code(quarter), "label": period_label(plan.fiscal_year, plan.start_month, quarter)}
            for quarter in quarters
        ],
        "rows": grid_rows,
        "totals": [_money(amount) for amount in column_totals],
        "total": _money(sum(column_totals, Decimal(0))),
    }


def _lines_document(plan: PlanData) -> list[dict[str, Any]]:
    """Every line of the plan: by category, then by the first day of its period (a month before its quarter)."""
    from app.analysis.budget import period_dates, period_label

    def line_key(line: LineRow) -> tuple[Any, ...]:
        start = period_dates(plan.fiscal_year, plan.start_month, line.period)[0]
        return (
            _category_order(str(line.category)),
            start,
            line.period.kind == "quarter",
            line.description.casefold(),
            line.id,
        )

    return [
        {
            "category": str(line.category),
            "description": line.description,
            "period": period_code(line.period),
            "period_label": period_label(plan.fiscal_year, plan.start_month, line.period),
            "stage": str(line.stage),
            "planned": _money(line.planned),
            "actual": _money(line.actual),
            "note": line.note,
            "labour": line.labour_person_id is not None,
        }
        for line in sorted(plan.lines, key=line_key)
    ]


def _chart_document(columns: SpendColumns) -> dict[str, Any]:
    return {
        "monthly": columns.monthly,
        "columns": [
            {
                "label": label,
                "planned": {category: _money(amount) for category, amount in planned.items()},
                "actual": _money(actual),
                "recorded": recorded,
            }
            for label, planned, actual, recorded in zip(
                columns.labels, columns.planned, columns.actual, columns.recorded, strict=True
            )
        ],
    }
