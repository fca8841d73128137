"""The project overview's budget card on the demo: the approved plan of each fiscal year, named, to the cent
and in its currency; with both scenarios of a year approved, both are named, never added up."""

from __future__ import annotations

from datetime import date

import pytest

from app.analysis.budget import list_plans
from app.db.database import Database
from app.money import format_money
from app.queries.projects import find_project
from app.services import budget
from tests.views.project_list import open_project
from views.main_window import MainWindow

PROJECT = "Card fraud screening"


@pytest.fixture
def both_approved(demo_database: Database) -> Database:
    """The demo with the draft scenario "With digital twin" of Card fraud screening approved as well."""
    project = find_project(demo_database.reader(), PROJECT)
    assert project is not None
    twin = next(plan for plan in list_plans(demo_database.reader(), project.id) if plan.name == "With digital twin")
    finance = demo_database.reader().scalar("SELECT id FROM person WHERE department = 'Finance' ORDER BY id LIMIT 1")
    budget.set_plan_state(demo_database, twin.plan_id, "submitted")
    budget.approve_plan(demo_database, twin.plan_id, approved_by_id=finance, approved_on=date(2026, 1, 20))
    return demo_database


def words(text: str) -> str:
    """The card's text as read: its non-breaking spaces (which keep an amount with its currency) as spaces."""
    return text.replace("\u00a0", " ")


def test_both_approved_scenarios_of_a_year_are_named_each_with_its_own_total(
    qtbot, both_approved: Database, demo_window: MainWindow
) -> None:
    open_project(qtbot, demo_window, PROJECT)
    project = find_project(both_approved.reader(), PROJECT)
    assert project is not None
    totals = {plan.name: plan.planned for plan in list_plans(both_approved.reader(), project.id)}
    card = demo_window.overview.cards["budget"]
    year = date.today().year
    qtbot.waitUntil(lambda: "scenarios approved" in card.detail.text())
    assert card.number.text() == "2"
    assert words(card.detail.text()) == (
        f"FY {year}: 2 scenarios approved, not added up:\n"
        f"Baseline, {format_money(totals['Baseline'], 'EUR')}\n"
        f"With digital twin, {format_money(totals['With digital twin'], 'EUR')}"
    )
    # The sum of the two alternatives, which the card used to show, is nowhere.
    summed = format_money(totals["Baseline"] + totals["With digital twin"], "EUR", places=0)
    assert summed.split()[0] not in card.detail.text()
    # The longer text wraps inside the card instead of widening the window.
    assert demo_window.width() == 1280


def test_one_approved_scenario_is_named_to_the_cent(qtbot, demo_window: MainWindow, demo_database: Database) -> None:
    open_project(qtbot, demo_window, PROJECT)
    project = find_project(demo_database.reader(), PROJECT)
    assert project is not None
    baseline = next(plan for plan in list_plans(demo_database.reader(), project.id) if plan.name == "Baseline")
    card = demo_window.overview.cards["budget"]
    qtbot.waitUntil(lambda: "Approved for" in card.detail.text())
    assert words(card.detail.text()) == (
        f"Approved for FY {baseline.fiscal_year}: Baseline, {format_money(baseline.planned)}"
    )
