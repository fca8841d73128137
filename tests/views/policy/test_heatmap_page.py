"""The organisation's governance heat map over the demo: every cell says what the analysis says (in words,
with blocking gaps marked), the filters, a policy approved elsewhere, and activating a row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.analysis.governance import COVERED, MISSING, NOT_APPLICABLE, STALE, organisation_heatmap
from app.db.database import Database
from app.services import policy as policy_services
from models.enums import PolicyCategory, Stage
from tests.views.pages import project_id
from views.changes import ChangeHub
from views.context import AppContext
from views.policy.heatmap_page import FILLS, PROJECT, STAGE, GovernanceHeatmapPage
from views.roles import IdRole

CARD_FRAUD = "Card fraud screening"
CONTRACTS = "Contract clause review"
TRIAGE = "Emergency triage assistant"
FORECAST = "Warehouse demand forecast"
WORDS = {COVERED: "Covered", STALE: "Stale", MISSING: "Missing", NOT_APPLICABLE: "n/a"}


@pytest.fixture
def page(
    qtbot, show_page: Callable[[GovernanceHeatmapPage], GovernanceHeatmapPage], demo_context: AppContext
) -> GovernanceHeatmapPage:
    heatmap_page = show_page(GovernanceHeatmapPage(demo_context))  # a shown page loads at once
    qtbot.waitUntil(lambda: heatmap_page.heatmap() is not None and not heatmap_page.is_loading())
    return heatmap_page


def shown_projects(page: GovernanceHeatmapPage) -> list[str]:
    return [page.proxy.index(row, PROJECT).data() for row in range(page.proxy.rowCount())]


def cell(page: GovernanceHeatmapPage, project: str, category: PolicyCategory):
    row = shown_projects(page).index(project)
    return page.proxy.index(row, page.model.column_of(category))


def test_every_cell_says_what_the_analysis_says_and_blocking_gaps_stand_out(
    page: GovernanceHeatmapPage, demo_database: Database
) -> None:
    heatmap = organisation_heatmap(demo_database.reader(), today=date.today())
    assert shown_projects(page) == [CARD_FRAUD, CONTRACTS, TRIAGE, FORECAST]
    for row in heatmap.rows:
        index = page.proxy.index(shown_projects(page).index(row.name), STAGE)
        assert (
            index.data()
            == {
                Stage.PRODUCTION: "Production",
                Stage.DEVELOPMENT: "Development",
                Stage.PRE_PRODUCTION: "Pre-production",
                Stage.PROOF_OF_CONCEPT: "Proof of concept",
            }[row.stage]
        )
        for column, category in enumerate(heatmap.categories):
            shown = cell(page, row.name, category)
            status, blocking = row.statuses[column], row.blocking[column]
            assert shown.data() == WORDS[status] + (" ■" if blocking else "")
            assert shown.data(Qt.ItemDataRole.BackgroundRole).color() == FILLS[status]
            font = shown.data(Qt.ItemDataRole.FontRole)
            assert (font is not None and font.bold()) == blocking
    # The demo's story (see the analysis tests): card fraud lacks its adversarial-ML policy in production
    # (blocking), the org-wide access policy is past review, and the forecast needs nothing yet.
    assert cell(page, CARD_FRAUD, PolicyCategory.ADVERSARIAL_ML).data() == "Missing ■"
    assert cell(page, CARD_FRAUD, PolicyCategory.HUMAN_OVERSIGHT).data() == "Covered"
    assert cell(page, CARD_FRAUD, PolicyCategory.ACCESS_CONTROL).data().startswith("Stale")
    assert {cell(page, FORECAST, category).data() for category in PolicyCategory} == {"n/a"}
    # The headline counts the open cells and the blocking ones.
    statuses = [status for row in heatmap.rows for status in row.statuses]
    blocking = sum(row.blocking_count for row in heatmap.rows)
    assert blocking > 0
    assert (
        f"<b>{statuses.count(MISSING)}</b> missing, <b>{statuses.count(STALE)}</b> stale across <b>4</b>"
        in page.summary.text()
    )
    assert f"<b>{blocking}</b> blocking the current stage" in page.summary.text()


def test_a_cells_tooltip_names_the_category_the_status_whether_it_blocks_and_the_policies(
    page: GovernanceHeatmapPage,
) -> None:
    tip = cell(page, CARD_FRAUD, PolicyCategory.HUMAN_OVERSIGHT).data(Qt.ItemDataRole.ToolTipRole)
    assert "Card fraud screening — Human oversight" in tip
    assert "Covered" in tip
    assert "Covering policies: Human oversight of automated card blocks" in tip
    tip = cell(page, CARD_FRAUD, PolicyCategory.ADVERSARIAL_ML).data(Qt.ItemDataRole.ToolTipRole)
    assert "Missing" in tip and "Blocking" in tip and "(Production)" in tip
    assert "Not approved yet:" in tip  # its hardening policy is only in review
    tip = cell(page, CONTRACTS, PolicyCategory.ACCESS_CONTROL).data(Qt.ItemDataRole.ToolTipRole)
    assert "Stale" in tip and "Not blocking at its current stage (Development)" in tip
    tip = cell(page, FORECAST, PolicyCategory.DATA_PRIVACY).data(Qt.ItemDataRole.ToolTipRole)
    assert "not needed" in tip and "Blocking" not in tip


def test_sorting_by_project_and_by_a_category(page: GovernanceHeatmapPage) -> None:
    page.table.sortByColumn(PROJECT, Qt.SortOrder.DescendingOrder)
    assert shown_projects(page) == [FORECAST, TRIAGE, CONTRACTS, CARD_FRAUD]
    # A category sorts the worst first: blocking missing, then missing, stale, covered and n/a.
    page.table.sortByColumn(page.model.column_of(PolicyCategory.ADVERSARIAL_ML), Qt.SortOrder.AscendingOrder)
    assert [cell(page, name, PolicyCategory.ADVERSARIAL_ML).data() for name in shown_projects(page)][:2] == [
        "Missing ■",
        "Missing",
    ]


def test_the_stage_filter_and_the_blocking_switch_narrow_the_projects(page: GovernanceHeatmapPage) -> None:
    page.stage.setCurrentIndex(page.stage.findData(Stage.PRODUCTION.value))
    assert shown_projects(page) == [CARD_FRAUD]
    page.stage.setCurrentIndex(page.stage.findData(Stage.PROOF_OF_CONCEPT.value))
    assert shown_projects(page) == [FORECAST]
    page.only_blocking.setChecked(True)  # the forecast needs nothing yet, so nothing blocks it
    assert shown_projects(page) == []
    assert page.stack.currentWidget() is page.no_match
    page.stage.setCurrentIndex(0)  # all stages
    blocked = [row.name for row in page.heatmap().rows if row.blocking_count]
    assert shown_projects(page) == blocked == [CARD_FRAUD, TRIAGE]
    assert page.stack.currentWidget() is page.table
    page.only_blocking.setChecked(False)
    assert len(shown_projects(page)) == 4


def test_a_policy_approved_elsewhere_fills_its_cell(
    qtbot, page: GovernanceHeatmapPage, demo_context: AppContext, demo_database: Database
) -> None:
    contracts = project_id(demo_database, CONTRACTS)
    assert cell(page, CONTRACTS, PolicyCategory.MODEL_TRAINING).data() == "Missing"
    hub = demo_context.hub
    created = policy_services.create_policy(
        demo_database, title="Retraining the clause model", category=PolicyCategory.MODEL_TRAINING, project_id=contracts
    )
    hub.publish(created)
    version = policy_services.add_version(demo_database, created.ids[0], text="# Retraining\n")
    hub.publish(version)
    hub.publish(policy_services.publish_version(demo_database, version.ids[0]))
    # Published for review, not approved: still missing, and the tooltip says why.
    qtbot.waitUntil(
        lambda: (
            "Retraining the clause model (in review)"
            in (cell(page, CONTRACTS, PolicyCategory.MODEL_TRAINING).data(Qt.ItemDataRole.ToolTipRole) or "")
        )
    )
    assert cell(page, CONTRACTS, PolicyCategory.MODEL_TRAINING).data() == "Missing"
    approver = demo_database.reader().scalar("SELECT min(id) FROM person")
    hub.publish(policy_services.approve_version(demo_database, version.ids[0], approver_id=approver))
    qtbot.waitUntil(lambda: cell(page, CONTRACTS, PolicyCategory.MODEL_TRAINING).data() == "Covered")
    assert "Retraining the clause model" in cell(page, CONTRACTS, PolicyCategory.MODEL_TRAINING).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_double_click_or_enter_on_a_row_asks_to_open_that_project(
    qtbot, page: GovernanceHeatmapPage, demo_database: Database
) -> None:
    index = cell(page, TRIAGE, PolicyCategory.EXIT_STRATEGY)
    assert index.data(IdRole) == project_id(demo_database, TRIAGE)
    centre = page.table.visualRect(index).center()
    with qtbot.waitSignal(page.project_activated, timeout=2000) as signal:
        qtbot.mousePress(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseRelease(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == [project_id(demo_database, TRIAGE)]

    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(shown_projects(page).index(CONTRACTS), PROJECT))
    with qtbot.waitSignal(page.project_activated, timeout=2000) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == [project_id(demo_database, CONTRACTS)]


def test_the_model_follows_qts_rules(qtmodeltester, page: GovernanceHeatmapPage) -> None:
    qtmodeltester.check(page.model)


def test_an_organisation_without_projects_says_how_to_start(
    qtbot, qapp, show_page: Callable[[GovernanceHeatmapPage], GovernanceHeatmapPage], database: Database
) -> None:
    empty = show_page(GovernanceHeatmapPage(AppContext(database, hub=ChangeHub())))
    qtbot.waitUntil(lambda: empty.heatmap() is not None and not empty.is_loading())
    assert empty.stack.currentWidget() is empty.empty
    assert "No projects yet" in empty.empty.text()
