"""The demo's budgets and actuals: one plan per scenario for this fiscal year, its lines, and actuals so far.

Lines come from the templates of ``resources/demo/budget.json`` plus one personnel
line per quarter for each of the project's most allocated members; a line has an
actual only where its period is over and its plan approved, drifting from the plan
by up to the recipe's ``spread`` (per mille).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from app.analysis.budget import Period, period_dates
from app.analysis.governance import STAGE_ORDER
from app.demo.records import Member, Project
from app.demo.state import DemoState
from app.demo.writer import cents
from app.money import from_cents
from app.settings import FinanceSettings
from models.enums import Stage

# The demo's plans are for the fiscal year as the settings have it by default: January to December.
FISCAL_YEAR_START_MONTH = FinanceSettings().fiscal_year_start_month


def add_budget(
    demo: DemoState,
    project: Project,
    spec: Mapping[str, Any],
    *,
    scenarios: Sequence[Mapping[str, Any]],
    spread: int,
    scale_percent: int = 100,
) -> None:
    """One plan per scenario for this fiscal year; actuals only where a period is over and the plan approved."""
    staffed = sorted(
        (member for member in project.members if member.person.active), key=lambda member: -member.allocation
    )[: spec["personnel_members"]]
    approver = _budget_approver(demo)
    for scenario in scenarios:
        plan_id = demo.writer.next_id("budget_plan")
        approved = scenario["state"] == "approved"
        demo.pending["budget_plan"].append(
            {
                "id": plan_id,
                "project_id": project.id,
                "name": scenario["name"],
                "fiscal_year": demo.today.year,
                "currency": "EUR",
                "state": scenario["state"],
                "revision": 1,
                "revision_of_id": None,
                # Approved by finance in the run-up to the fiscal year (it starts in January).
                "approved_by_id": approver if approved else None,
                "approved_on": date(demo.today.year - 1, 12, 15) if approved else None,
            }
        )
        plan = _Plan(demo, project, plan_id, approved=approved, spread=spread)
        templates = list(spec["lines"]) + (list(spec["extra"]) if scenario["with_extras"] else [])
        for template in templates:
            plan.add_template(template, scale_percent=scale_percent)
        for member in staffed:
            plan.add_personnel(member)


def _budget_approver(demo: DemoState) -> int | None:
    """Who approves the demo's budgets: the first active person of the finance department (its director in
    the recipe), else anyone active; chosen without the random generator, so the rest of the demo stays put."""
    finance = demo.active_by_department.get(demo.org_department("finance", None) or "")
    pool = finance or demo.active_people
    return pool[0].id if pool else None


class _Plan:
    """The lines of one budget plan being written."""

    def __init__(self, demo: DemoState, project: Project, plan_id: int, *, approved: bool, spread: int) -> None:
        self.demo = demo
        self.project = project
        self.plan_id = plan_id
        self.approved = approved
        self.spread = spread

    def add_template(self, template: Mapping[str, Any], *, scale_percent: int) -> None:
        """A recipe line, in each of its periods (every month or quarter unless it names some)."""
        kind = template["period"]
        planned_cents = cents(template["amount"]) * scale_percent // 100
        for number in template.get("periods") or range(1, 13 if kind == "month" else 5):
            self.add_line(
                category=template["category"],
                description=template["description"],
                kind=kind,
                number=number,
                planned_cents=planned_cents,
                note=template.get("note", ""),
                stage=template.get("stage"),
            )

    def add_personnel(self, member: Member) -> None:
        """A member's cost at their allocation, per quarter."""
        quarterly = Decimal(member.person.cost_rate_cents) * Decimal(str(member.allocation)) * 3
        planned_cents = int(quarterly.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        for quarter in range(1, 5):
            self.add_line(
                category="personnel",
                description=f"{member.person.name}, {member.role}",
                kind="quarter",
                number=quarter,
                planned_cents=planned_cents,
                person_id=member.person.id,
            )

    def add_line(
        self,
        *,
        category: str,
        description: str,
        kind: str,
        number: int,
        planned_cents: int,
        note: str = "",
        stage: str | None = None,
        person_id: int | None = None,
    ) -> None:
        demo = self.demo
        first_day, last_day = period_dates(demo.today.year, FISCAL_YEAR_START_MONTH, Period(kind, number))
        actual = None
        # Actuals are booked for the periods over before this month began.
        if self.approved and last_day < demo.today.replace(day=1):
            drift = demo.rng.randint(-self.spread, self.spread)
            actual = from_cents(planned_cents + planned_cents * drift // 1_000)
        demo.pending["budget_line"].append(
            {
                "plan_id": self.plan_id,
                "category": category,
                "description": description,
                "period_kind": kind,
                "period_number": number,
                "stage": stage or _stage_in_month(self.project, first_day.month),
                "planned": from_cents(planned_cents),
                "actual": actual,
                "note": note,
                "labour_person_id": person_id,
            }
        )


def _stage_in_month(project: Project, month: int) -> str:
    """The project's stage in a month of this year: the next stage from its go-live month on."""
    stage = Stage(project.stage)
    if project.go_live_month and month >= project.go_live_month and stage != STAGE_ORDER[-1]:
        return STAGE_ORDER[STAGE_ORDER.index(stage) + 1].value
    return project.stage
