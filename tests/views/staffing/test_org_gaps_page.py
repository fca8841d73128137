"""The organisation's staffing gaps over the demo: every project's requirements, filters, scarce skills,
and a double-click that opens a project."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from app.analysis.skills import load_matrix
from app.analysis.staffing import analyse_all, scarce_skills
from app.db.database import Database
from app.services import staffing
from views.context import AppContext
from views.roles import RecordRole
from views.staffing.org_gaps_model import GAP, PROJECT, SCARCE_GAP, SCARCE_QUALIFIED, SCARCE_SKILL, SKILL
from views.staffing.org_gaps_page import OrgGapsPage


@pytest.fixture
def page(qtbot, show_page: Callable[[OrgGapsPage], OrgGapsPage], demo_context: AppContext) -> OrgGapsPage:
    gaps_page = show_page(OrgGapsPage(demo_context))  # a shown page analyses at once
    qtbot.waitUntil(lambda: gaps_page.gaps_model.rowCount() > 0 and not gaps_page.is_loading())
    return gaps_page


def shown_rows(page: OrgGapsPage) -> list[tuple[str, str, str]]:
    proxy = page.gaps_proxy
    return [
        (proxy.index(row, PROJECT).data(), proxy.index(row, SKILL).data(), proxy.index(row, GAP).data())
        for row in range(proxy.rowCount())
    ]


def test_every_projects_requirements_are_listed_with_their_gaps(page: OrgGapsPage, demo_database: Database) -> None:
    expected = {
        (staffing_.project_name, gap.skill, f"{gap.gap_fte:.2f}")
        for staffing_ in analyse_all(demo_database.reader())
        for gap in staffing_.requirements
    }
    assert demo_database.reader().scalar("SELECT count(*) FROM skill_requirement") == len(expected) == 28
    assert set(shown_rows(page)) == expected
    assert {row[0] for row in shown_rows(page)} == {
        "Card fraud screening",
        "Contract clause review",
        "Emergency triage assistant",
        "Warehouse demand forecast",
    }
    # Biggest gap first; the headline counts what is short.
    assert shown_rows(page)[0] == ("Card fraud screening", "Adversarial ML defence", "0.70")
    short = [row for row in expected if row[2] != "0.00"]
    assert f"<b>{len(short)}</b> short" in page.summary.text()


def test_sorting_by_project_groups_each_projects_rows(page: OrgGapsPage) -> None:
    page.gaps.sortByColumn(PROJECT, Qt.SortOrder.AscendingOrder)
    projects = [row[0] for row in shown_rows(page)]
    assert projects == sorted(projects)


def test_the_filter_and_the_gap_switch_narrow_the_table(qtbot, page: OrgGapsPage) -> None:
    qtbot.keyClicks(page.filter, "cyber")
    rows = [page.gaps_proxy.index(row, 0).data(RecordRole) for row in range(page.gaps_proxy.rowCount())]
    assert rows and all(row.gap.area == "Cyber security" or "cyber" in row.gap.skill.lower() for row in rows)
    page.only_gaps.setChecked(True)
    assert all(row[2] != "0.00" for row in shown_rows(page))
    page.filter.setText("no such skill anywhere")
    assert page.gaps_proxy.rowCount() == 0
    assert page.gaps_stack.currentWidget() is page.no_match
    page.filter.clear()
    page.only_gaps.setChecked(False)
    assert page.gaps_proxy.rowCount() == 28
    assert page.gaps_stack.currentWidget() is page.gaps


def test_double_clicking_a_row_asks_to_open_that_project(qtbot, page: OrgGapsPage, demo_database: Database) -> None:
    row = next(number for number, shown in enumerate(shown_rows(page)) if shown[0] == "Warehouse demand forecast")
    index = page.gaps_proxy.index(row, SKILL)
    page.gaps.scrollTo(index)
    warehouse = demo_database.reader().scalar("SELECT id FROM project WHERE name = 'Warehouse demand forecast'")
    centre = page.gaps.visualRect(index).center()
    with qtbot.waitSignal(page.project_activated, timeout=2000) as signal:
        # A double-click is a press and release, then a second press that Qt reports as the double-click.
        qtbot.mousePress(page.gaps.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseRelease(page.gaps.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(page.gaps.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == [warehouse]


def test_scarce_skills_are_those_the_analysis_ranks(page: OrgGapsPage, demo_database: Database) -> None:
    reader = demo_database.reader()
    snapshot = load_matrix(reader)
    expected = scarce_skills(snapshot, analyse_all(reader, snapshot=snapshot))
    proxy = page.scarce_proxy
    assert proxy.rowCount() == len(expected) > 0
    assert proxy.index(0, SCARCE_SKILL).data() == expected[0].skill == "Adversarial ML defence"
    assert proxy.index(0, SCARCE_GAP).data() == f"{expected[0].total_gap_fte:.2f}"
    assert proxy.index(0, SCARCE_QUALIFIED).data() == str(expected[0].qualified_people)


def test_a_change_anywhere_refreshes_the_table(
    qtbot, page: OrgGapsPage, demo_context: AppContext, demo_database: Database
) -> None:
    warehouse = demo_database.reader().scalar("SELECT id FROM project WHERE name = 'Warehouse demand forecast'")
    skill = demo_database.reader().scalar("SELECT id FROM skill WHERE name = 'Incident response'")
    demo_context.hub.publish(staffing.add_requirement(demo_database, warehouse, skill, min_level=3, needed_fte=0.4))
    qtbot.waitUntil(lambda: page.gaps_model.rowCount() == 29)
    assert ("Warehouse demand forecast", "Incident response", "0.40") in shown_rows(page)


def test_a_hidden_page_waits_until_it_is_shown(
    qtbot, page: OrgGapsPage, demo_context: AppContext, demo_database: Database
) -> None:
    page.hide()
    warehouse = demo_database.reader().scalar("SELECT id FROM project WHERE name = 'Warehouse demand forecast'")
    skill = demo_database.reader().scalar("SELECT id FROM skill WHERE name = 'Incident response'")
    demo_context.hub.publish(staffing.add_requirement(demo_database, warehouse, skill, min_level=3, needed_fte=0.4))
    assert not page.is_loading() and page.gaps_model.rowCount() == 28
    page.show()
    qtbot.waitUntil(lambda: page.gaps_model.rowCount() == 29)


def test_the_item_models_follow_qts_rules(qtmodeltester, page: OrgGapsPage) -> None:
    qtmodeltester.check(page.gaps_model)
    qtmodeltester.check(page.scarce_model)
