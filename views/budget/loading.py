"""What the budget page shows, read and analysed on the worker in one go, and the report of the shown plan.

``load_budget`` returns a ``BudgetData``: the project's plans, the selected plan
with its roll-up (``app.analysis.budget``), what the team costs now (to tell
whether the stored labour lines are stale), the gap proposals and the scenario
comparison. Nothing here touches a widget.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from views.labels import tr

if TYPE_CHECKING:
    from app.analysis.budget import Approver, LabourLine, LineRow, PlanData, PlanRollup, PlanSummary, Proposal
    from app.db.database import Database
    from app.settings import FinanceSettings


class BudgetData(NamedTuple):
    """Everything the page shows for one project and its selected plan, computed on the worker."""

    project_id: int
    project: str
    project_stage: str
    plans: tuple[PlanSummary, ...]
    plan: PlanData | None
    rollup: PlanRollup | None
    labour: tuple[LabourLine, ...]  # what the team costs now, to compare with the stored labour lines
    labour_differs: bool
    proposals: tuple[Proposal, ...]
    comparison: Any  # app.analysis.budget.ScenarioComparison, or None
    compare_plan: PlanData | None
    settings: FinanceSettings
    today: date
    approvers: tuple[Approver, ...] = ()  # who can approve a plan: finance first (``app.analysis.budget.approvers``)


def _labour_key(person_id: int | None, period: Any, planned: Decimal) -> tuple[Any, ...]:
    return (person_id, period.kind, period.number, planned)


def load_budget(
    database: Database, project_id: int, *, plan_id: int | None, compare_id: int | None, today: date
) -> BudgetData:
    """The project's plans, the selected plan (``plan_id``, else the first) with its analysis (worker thread)."""
    from app.analysis import budget as analysis
    from app.errors import UserError
    from app.queries.projects import project_overview
    from app.settings import load_finance_settings

    reader = database.reader()
    overview = project_overview(reader, project_id, today=today)
    if overview is None:
        raise UserError(tr("The project is no longer in the database."))
    settings = load_finance_settings(reader)
    plans = tuple(analysis.list_plans(reader, project_id))
    ids = [summary.plan_id for summary in plans]
    chosen = plan_id if plan_id in ids else (ids[0] if ids else None)
    plan = rollup = comparison = compare_plan = None
    labour: tuple[LabourLine, ...] = ()
    differs = False
    if chosen is not None:
        plan = analysis.load_plan(reader, chosen)
        rollup = analysis.rollup(plan, today=today, tolerance_percent=settings.overspend_tolerance_percent)
        labour = tuple(
            analysis.labour_lines(reader, project_id, fiscal_year=plan.fiscal_year, start_month=plan.start_month)
        )
        stored = sorted(
            _labour_key(line.labour_person_id, line.period, line.planned)
            for line in plan.lines
            if line.labour_person_id is not None
        )
        current = sorted(_labour_key(line.person_id, line.period, line.planned) for line in labour)
        differs = stored != current
        others = [other for other in ids if other != chosen]
        if compare_id not in others:
            compare_id = others[0] if others else None  # compare with the first other scenario straight away
        if compare_id is not None:
            compare_plan = analysis.load_plan(reader, compare_id)
            comparison = analysis.compare_scenarios([plan, compare_plan])
    proposals = tuple(analysis.gap_cost_proposals(reader, project_id, settings))
    return BudgetData(
        project_id=project_id,
        project=overview.profile.name,
        project_stage=str(overview.profile.stage.value),
        plans=plans,
        plan=plan,
        rollup=rollup,
        labour=labour,
        labour_differs=differs,
        proposals=proposals,
        comparison=comparison,
        compare_plan=compare_plan,
        settings=settings,
        today=today,
        approvers=tuple(analysis.approvers(reader)),
    )


def line_input(line: LineRow) -> Any:
    """A stored line as the input that adds it again (undo of a removal)."""
    from app.services.budget import LineInput

    return LineInput(
        category=line.category,
        description=line.description,
        period=line.period,
        stage=line.stage,
        planned=line.planned,
        actual=line.actual,
        note=line.note,
    )
