"""The main window over a real database: browse projects, edit a profile, undo it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.db.database import Database
from app.services import projects
from models.enums import Stage
from tests.views.modal import answer_modal
from tests.views.pages import project_id
from tests.views.project_list import click_project
from views.lazy_page import LazyPage
from views.main_window import MainWindow
from views.projects.list_model import ProjectListModel
from views.projects.members_model import TOTAL_LOAD, MembersModel
from views.roles import RecordRole


def stage_in_db(database: Database, name: str) -> str:
    return database.reader().scalar("SELECT stage FROM project WHERE name = :name", {"name": name})


def database_names(database: Database) -> list[str]:
    return [name for (name,) in database.reader().rows("SELECT name FROM project ORDER BY name")]


def select(window: MainWindow, name: str) -> None:
    row = next(r for r in range(window.projects_proxy.rowCount()) if window.projects_proxy.index(r, 0).data() == name)
    window.project_list.setCurrentIndex(window.projects_proxy.index(row, 0))


def open_tab(window: MainWindow, tab: LazyPage) -> Any:
    """Fraud scoring's ``tab``, chosen as the user chooses it: its page, made once the tab is shown."""
    select(window, "Fraud scoring")
    window.tabs.setCurrentWidget(tab)
    assert tab.page is not None
    return tab.page


def test_the_list_shows_every_project_by_name_and_opens_the_first(window: MainWindow) -> None:
    names = [window.projects_proxy.index(row, 0).data() for row in range(window.projects_proxy.rowCount())]
    assert names == ["Clinical triage", "Demand forecast", "Fraud scoring"]
    assert window.header.name.text() == "Clinical triage"
    assert window.header.stage.text() == "Pre-production"


def test_selecting_a_project_shows_its_profile_members_and_counts(window: MainWindow) -> None:
    select(window, "Fraud scoring")
    overview = window.overview
    assert overview.name.text() == "Fraud scoring"
    assert overview.stage.currentData() == Stage.PRODUCTION
    assert overview.personal_data.isChecked()
    assert overview.cards["members"].number.text() == "2"
    assert "1.30 FTE" in overview.cards["members"].detail.text()
    members = [overview.members_proxy.index(row, 0).data() for row in range(overview.members_proxy.rowCount())]
    assert members == ["Ana Ruiz", "Ben Okafor"]
    # Ana is on two projects: 1.2 FTE in all, flagged.
    ana_load = overview.members_proxy.index(0, TOTAL_LOAD)
    assert ana_load.data() == "1.20 FTE"
    assert ana_load.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "1 booked over 100%" in overview.members_summary.text()


def test_editing_the_profile_saves_it_and_undo_redo_follow(qtbot, window: MainWindow, organisation: Database) -> None:
    select(window, "Demand forecast")
    overview = window.overview
    assert not overview.save_button.isEnabled()
    overview.stage.setCurrentIndex(overview.stage.findData(Stage.DEVELOPMENT))
    overview.personal_data.setChecked(True)
    assert overview.save_button.isEnabled()
    qtbot.mouseClick(overview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Demand forecast") == "development")
    qtbot.waitUntil(lambda: window.header.stage.text() == "Development")
    assert not overview.save_button.isEnabled()
    audit = organisation.reader().one("SELECT action, after FROM audit_event ORDER BY id DESC LIMIT 1")
    assert audit is not None and audit[0] == "updated" and '"stage": "development"' in audit[1]

    assert window.undo_action.text() == "&Undo Edit profile of Demand forecast"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Demand forecast") == "proof_of_concept")
    qtbot.waitUntil(lambda: overview.stage.currentData() == Stage.PROOF_OF_CONCEPT)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Demand forecast") == "development")


def test_an_impossible_profile_cannot_be_saved(window: MainWindow) -> None:
    overview = window.overview
    overview.start_on.enabled.setChecked(True)
    overview.start_on.editor.setDate(overview.start_on.editor.date().addDays(10))
    overview.end_on.enabled.setChecked(True)
    assert not overview.save_button.isEnabled()
    assert overview.validation.text() == "The end date is before the start date."
    overview.name.clear()
    overview.name.textEdited.emit("")
    assert overview.validation.text() == "A project needs a name."
    overview.revert()
    assert overview.name.text() == "Clinical triage" and not overview.is_dirty()


def test_a_refused_save_says_why_and_changes_nothing(qtbot, window: MainWindow, organisation: Database) -> None:
    select(window, "Demand forecast")
    window.overview.name.setText("Fraud scoring")
    window.overview.name.textEdited.emit("Fraud scoring")
    window.overview.save()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "userErrorBox") is not None)
    box = window.findChild(QMessageBox, "userErrorBox")
    assert box.text() == "A project with this name already exists."
    box.close()
    assert database_names(organisation) == ["Clinical triage", "Demand forecast", "Fraud scoring"]
    assert window.undo_stack.count() == 0
    # The user's edit is still in the form to correct, not thrown away.
    assert window.overview.name.text() == "Fraud scoring" and window.overview.is_dirty()
    window.overview.revert()


def test_a_project_created_elsewhere_appears_on_refresh(qtbot, window: MainWindow, organisation: Database) -> None:
    projects.create_project(organisation, name="Contract review")
    window.refresh_action.trigger()
    assert window.projects_proxy.rowCount() == 4


def test_the_filter_narrows_the_list(window: MainWindow) -> None:
    window.filter.setText("triage")
    assert window.projects_proxy.rowCount() == 1
    assert window.projects_proxy.index(0, 0).data(RecordRole).name == "Clinical triage"


def test_an_empty_organisation_is_offered_a_start(qtbot, database: Database, settings) -> None:
    window = MainWindow(database, settings=settings)
    qtbot.addWidget(window)
    assert window.pages.currentWidget() is window.empty_state
    assert not window.empty_state.demo_button.isHidden()
    assert not window.delete_project_action.isEnabled()


def test_the_item_models_follow_qts_rules(qtmodeltester, window: MainWindow) -> None:
    select(window, "Fraud scoring")
    assert isinstance(window.projects_model, ProjectListModel)
    qtmodeltester.check(window.projects_model)
    assert isinstance(window.overview.members_model, MembersModel)
    qtmodeltester.check(window.overview.members_model)


def test_closing_with_unsaved_edits_offers_to_save_them(qtbot, window: MainWindow, organisation: Database) -> None:
    select(window, "Demand forecast")
    window.overview.stage.setCurrentIndex(window.overview.stage.findData(Stage.IDEA))
    answer = answer_modal(qtbot, button="Save")
    window.close()
    qtbot.waitUntil(lambda: stage_in_db(organisation, "Demand forecast") == "idea")
    assert answer.text == "The profile of Demand forecast has unsaved changes."
    qtbot.waitUntil(lambda: not window.isVisible())  # closed once the edit is in the database


def test_closing_can_be_cancelled_and_keeps_the_edit(qtbot, window: MainWindow, organisation: Database) -> None:
    select(window, "Demand forecast")
    window.overview.stage.setCurrentIndex(window.overview.stage.findData(Stage.IDEA))
    answer_modal(qtbot, key=Qt.Key.Key_Escape)
    window.close()
    assert window.isVisible() and window.overview.is_dirty()
    assert stage_in_db(organisation, "Demand forecast") == "proof_of_concept"
    window.overview.revert()


def type_name(qtbot, window: MainWindow, name: str) -> None:
    window.overview.name.selectAll()
    qtbot.keyClicks(window.overview.name, name)


def test_leaving_a_project_with_an_unsaved_edit_asks_and_cancel_stays(
    qtbot, window: MainWindow, organisation: Database
) -> None:
    click_project(qtbot, window, "Demand forecast")
    type_name(qtbot, window, "Demand planning")
    assert window.isWindowModified()
    answer = answer_modal(qtbot, button="Cancel")
    click_project(qtbot, window, "Fraud scoring")
    assert answer.text == "The profile of Demand forecast has unsaved changes."
    # Still on the edited project, with the edit, and the list says so too.
    assert window.overview.name.text() == "Demand planning"
    assert window.header.name.text() == "Demand forecast"
    assert window.project_list.currentIndex().data() == "Demand forecast"
    window.overview.revert()


def test_leaving_with_discard_drops_the_edit_and_goes(qtbot, window: MainWindow, organisation: Database) -> None:
    click_project(qtbot, window, "Demand forecast")
    type_name(qtbot, window, "Demand planning")
    answer_modal(qtbot, button="Discard")
    click_project(qtbot, window, "Fraud scoring")
    assert window.header.name.text() == "Fraud scoring"
    click_project(qtbot, window, "Demand forecast")
    assert window.overview.name.text() == "Demand forecast"
    assert database_names(organisation) == ["Clinical triage", "Demand forecast", "Fraud scoring"]
    assert not window.isWindowModified()


def test_leaving_with_save_saves_then_goes(qtbot, window: MainWindow, organisation: Database) -> None:
    click_project(qtbot, window, "Demand forecast")
    type_name(qtbot, window, "Demand planning")
    answer_modal(qtbot, button="Save")
    click_project(qtbot, window, "Fraud scoring")
    qtbot.waitUntil(lambda: window.header.name.text() == "Fraud scoring")
    assert database_names(organisation) == ["Clinical triage", "Demand planning", "Fraud scoring"]


def test_a_refused_save_on_leaving_stays_on_the_form(qtbot, window: MainWindow, organisation: Database) -> None:
    click_project(qtbot, window, "Demand forecast")
    type_name(qtbot, window, "Fraud scoring")  # taken
    answer_modal(qtbot, button="Save")
    click_project(qtbot, window, "Clinical triage")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "userErrorBox") is not None)
    window.findChild(QMessageBox, "userErrorBox").close()
    assert window.header.name.text() == "Demand forecast"
    assert window.overview.name.text() == "Fraud scoring" and window.overview.is_dirty()
    window.overview.revert()


def test_an_organisation_page_asks_too(qtbot, window: MainWindow) -> None:
    click_project(qtbot, window, "Demand forecast")
    type_name(qtbot, window, "Demand planning")
    answer_modal(qtbot, button="Cancel")
    window.show_org_page("people")
    assert window.pages.currentWidget() is window._project_page
    answer_modal(qtbot, button="Discard")
    window.show_org_page("people")
    assert window.pages.currentWidget() is window.org_pages["people"]


def test_the_title_names_the_database_once(window: MainWindow) -> None:
    assert window.windowTitle() == "steward.db[*]"  # Qt shows it as "steward.db — Steward"
    assert "Steward" not in window.windowTitle()


def test_an_organisation_page_stays_when_the_window_regains_focus(qtbot, window: MainWindow) -> None:
    window.show_org_page("people")
    window.project_list.setFocus()
    window.org_list.setFocus()
    window.project_list.setFocus()
    assert window.pages.currentWidget() is window.org_pages["people"]
    # Clicking a project still goes back to it.
    select(window, "Fraud scoring")
    window.project_list.clicked.emit(window.project_list.currentIndex())
    assert window.pages.currentWidget() is window._project_page
    assert window.header.name.text() == "Fraud scoring"


def test_the_budget_tab_shows_the_selected_projects_plans(qtbot, window: MainWindow, organisation: Database) -> None:
    from app.services.budget import create_plan

    create_plan(organisation, project_id(organisation, "Fraud scoring"), name="Baseline", fiscal_year=2026)
    page = open_tab(window, window.budget_tab)
    qtbot.waitUntil(lambda: page.plans_model.rowCount() == 1, timeout=20_000)


def test_the_policies_tab_lists_the_projects_and_org_wide_policies(
    qtbot, window: MainWindow, organisation: Database
) -> None:
    from app.services.policy import create_policy

    fraud = project_id(organisation, "Fraud scoring")
    create_policy(organisation, title="Human oversight of card blocks", category="human_oversight", project_id=fraud)
    create_policy(organisation, title="Access to models", category="access_control")
    page = open_tab(window, window.policy_tab)
    qtbot.waitUntil(lambda: page.policies_model.rowCount() == 2, timeout=20_000)


def test_the_backlog_and_sprints_tabs_follow_the_selected_project(
    qtbot, window: MainWindow, organisation: Database
) -> None:
    from app.services.policy import create_item, plan_sprint

    fraud = organisation.reader().scalar("SELECT id FROM project WHERE name = 'Fraud scoring'")
    triage = organisation.reader().scalar("SELECT id FROM project WHERE name = 'Clinical triage'")
    create_item(organisation, fraud, title="Write the exit plan", points=3)
    plan_sprint(organisation, fraud, name="Sprint 1", start_on="2026-11-30", end_on="2026-12-11")
    select(window, "Fraud scoring")
    window.tabs.setCurrentWidget(window.backlog_tab)
    backlog = window.backlog_tab.page
    qtbot.waitUntil(lambda: backlog.model.rowCount() == 1, timeout=20_000)
    window.tabs.setCurrentWidget(window.sprints_tab)
    sprints = window.sprints_tab.page
    qtbot.waitUntil(lambda: sprints.sprint() is not None and sprints.sprint().name == "Sprint 1", timeout=20_000)
    select(window, "Clinical triage")
    qtbot.waitUntil(
        lambda: sprints.project_id() == triage and sprints.data() is not None and not sprints.data().sprints,
        timeout=20_000,
    )
    assert "no sprints yet" in sprints.headline.text()


def test_the_governance_heat_map_opens_a_projects_policies(qtbot, window: MainWindow, organisation: Database) -> None:
    triage = organisation.reader().scalar("SELECT id FROM project WHERE name = 'Clinical triage'")
    page = window.show_org_page("governance")
    qtbot.waitUntil(lambda: page.heatmap() is not None and not page.is_loading(), timeout=20_000)
    assert {row.name for row in page.heatmap().rows} == {"Fraud scoring", "Clinical triage", "Demand forecast"}
    page.project_activated.emit(triage)
    assert window.current_project_id() == triage
    assert window.tabs.currentWidget() is window.policy_tab


def test_the_overviews_gaps_open_the_backlog_with_the_gap_templates_ticked(
    qtbot, demo_window: MainWindow, demo_database: Database
) -> None:
    from views.policy.templates_dialog import TemplatesDialog

    fraud = demo_database.reader().scalar("SELECT id FROM project WHERE name = 'Card fraud screening'")
    demo_window.select_project(fraud)
    button = demo_window.overview.plan_gaps_button
    qtbot.waitUntil(button.isVisible, timeout=20_000)
    button.click()
    assert demo_window.tabs.currentWidget() is demo_window.backlog_tab
    page = demo_window.backlog_tab.page
    qtbot.waitUntil(lambda: isinstance(page.dialog, TemplatesDialog), timeout=20_000)
    chosen = page.dialog.chosen_keys()
    assert chosen, "the open gaps' categories come pre-ticked"
    from app.services.policy import list_templates

    categories = {template.category for template in list_templates() if template.key in chosen}
    assert categories <= set(page.data().gap_categories)
    page.dialog.reject()
