"""A project's approved budget as the overview states it: one approved plan per scenario and fiscal year, to
the cent and in its currency; alternative scenarios are listed side by side, never added up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.analysis.budget import list_plans
from app.db.database import Database
from app.queries.projects import ApprovedPlan, find_project, project_overview
from app.services import budget
from tests.app.report_files import TODAY

pytestmark = pytest.mark.both_backends

PROJECT = "Card fraud screening"


def approve(database: Database, plan_id: int) -> None:
    finance = database.reader().scalar("SELECT id FROM person WHERE department = 'Finance' ORDER BY id LIMIT 1")
    budget.set_plan_state(database, plan_id, "submitted")
    budget.approve_plan(database, plan_id, approved_by_id=finance, approved_on=date(2026, 1, 20))


def approved_plans(database: Database) -> tuple[ApprovedPlan, ...]:
    project = find_project(database.reader(), PROJECT)
    assert project is not None
    overview = project_overview(database.reader(), project.id, today=TODAY)
    assert overview is not None
    return overview.counts.approved_plans


def plans_by_name(database: Database) -> dict[str, int]:
    project = find_project(database.reader(), PROJECT)
    assert project is not None
    return {plan.name: plan.plan_id for plan in list_plans(database.reader(), project.id) if plan.revision == 1}


def test_two_approved_scenarios_of_a_year_are_two_figures_to_the_cent(demo: Database) -> None:
    plans = plans_by_name(demo)
    approve(demo, plans["With digital twin"])
    project = find_project(demo.reader(), PROJECT)
    assert project is not None
    totals = {plan.name: plan.planned for plan in list_plans(demo.reader(), project.id)}
    shown = approved_plans(demo)
    assert [(plan.fiscal_year, plan.name, plan.currency, plan.planned) for plan in shown] == [
        (2026, "Baseline", "EUR", totals["Baseline"]),
        (2026, "With digital twin", "EUR", totals["With digital twin"]),
    ]
    # A revision approved later takes its scenario's place, to the cent (one cent more shows), never rounded.
    revision = budget.revise_plan(demo, plans["Baseline"]).ids[0]
    first_line = demo.reader().scalar(
        "SELECT id FROM budget_line WHERE plan_id = :plan ORDER BY id LIMIT 1", {"plan": revision}
    )
    planned = demo.reader().scalar("SELECT planned FROM budget_line WHERE id = :id", {"id": first_line})
    budget.update_line(demo, first_line, planned=Decimal(planned) / 100 + Decimal("0.01"))
    approve(demo, revision)
    baseline = next(plan for plan in approved_plans(demo) if plan.name == "Baseline")
    assert (baseline.revision, baseline.planned) == (2, totals["Baseline"] + Decimal("0.01"))


def test_a_draft_revision_leaves_the_approved_one_in_force(demo: Database) -> None:
    plans = plans_by_name(demo)
    budget.revise_plan(demo, plans["Baseline"])  # revision 2, a draft
    assert [(plan.name, plan.revision, plan.state) for plan in approved_plans(demo)] == [("Baseline", 1, "approved")]


def test_a_closed_year_keeps_its_approved_plan_and_drafts_count_for_nothing(demo: Database) -> None:
    plans = plans_by_name(demo)
    budget.set_plan_state(demo, plans["Baseline"], "closed")
    assert [(plan.name, plan.state) for plan in approved_plans(demo)] == [("Baseline", "closed")]
    assert all(plan.name != "With digital twin" for plan in approved_plans(demo))
