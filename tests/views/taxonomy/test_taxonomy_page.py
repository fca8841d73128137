"""The taxonomy page over a real database: rename, retire, merge, add, reword levels, with undo."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from app.db.database import Database
from app.services import people, projects, skills, staffing
from views.changes import ChangeHub
from views.context import AppContext
from views.taxonomy.taxonomy_model import LABEL, NAME, NOTES, PEOPLE, PROJECTS, LevelDescriptorModel, TaxonomyModel
from views.taxonomy.taxonomy_page import TaxonomyPage
from views.worker import wait_for_operations


def skill_id(database: Database, name: str) -> int:
    return database.reader().scalar("SELECT id FROM skill WHERE name = :name", {"name": name})


def area_id(database: Database, name: str) -> int:
    return database.reader().scalar("SELECT id FROM skill_area WHERE name = :name", {"name": name})


def scalar(database: Database, sql: str, **params: object) -> object:
    return database.reader().scalar(sql, params)


@pytest.fixture
def organisation(database: Database) -> Database:
    """Two people assessed in threat modelling and adversarial ML; one project requiring threat modelling."""
    ana = people.create_person(database, name="Ana", email="ana@example.org", department="CISO office").ids[0]
    ben = people.create_person(database, name="Ben", email="ben@example.org", department="CISO office").ids[0]
    threat, adversarial = skill_id(database, "Threat modelling"), skill_id(database, "Adversarial ML defence")
    skills.record_assessment(database, ana, threat, 3, assessed_on="2024-01-10")
    skills.record_assessment(database, ana, adversarial, 2, assessed_on="2024-02-10")
    skills.record_assessment(database, ben, adversarial, 4, assessed_on="2024-02-10")
    fraud = projects.create_project(database, name="Fraud scoring").ids[0]
    staffing.add_requirement(database, fraud, threat, min_level=3, needed_fte=1.0)
    return database


@pytest.fixture
def context(organisation: Database) -> AppContext:
    return AppContext(organisation, hub=ChangeHub())


@pytest.fixture
def page(qtbot, show_page: Callable[[TaxonomyPage], TaxonomyPage], context: AppContext) -> TaxonomyPage:
    widget = TaxonomyPage(context)
    with qtbot.waitSignal(widget.loaded):  # a shown page loads at once
        show_page(widget)
    return widget


def tree_row(page: TaxonomyPage, name: str) -> dict[str, str]:
    """The tree's visible texts of the area or skill called ``name``."""
    for row, area in enumerate(page.model.areas()):
        area_index = page.model.index(row, 0)
        if area.name == name:
            return {
                column: page.model.index(row, number).data()
                for column, number in (("name", NAME), ("people", PEOPLE), ("projects", PROJECTS), ("notes", NOTES))
            }
        for skill_row in range(page.model.rowCount(area_index)):
            if page.model.index(skill_row, NAME, area_index).data() == name:
                return {
                    column: page.model.index(skill_row, number, area_index).data()
                    for column, number in (("name", NAME), ("people", PEOPLE), ("projects", PROJECTS), ("notes", NOTES))
                }
    return {}


def skill_names(page: TaxonomyPage) -> set[str]:
    return {skill.name for area in page.model.areas() for skill in area.skills}


def test_the_tree_shows_areas_skills_and_how_much_each_is_used(page: TaxonomyPage) -> None:
    assert [area.name for area in page.model.areas()][:4] == [
        "Data science",
        "Machine learning",
        "Software engineering",
        "Cyber security",
    ]
    assert len(skill_names(page)) == 40
    assert tree_row(page, "Cyber security") == {
        "name": "Cyber security",
        "people": "2",
        "projects": "1",
        "notes": "6 skills · core MLOps discipline",
    }
    assert tree_row(page, "Adversarial ML defence")["people"] == "2"
    assert tree_row(page, "Threat modelling")["projects"] == "1"
    assert page.summary.text() == "7 areas, 40 skills in use"
    assert [page.levels_model.index(row, LABEL).data() for row in range(5)] == [
        "None",
        "Awareness",
        "Working",
        "Advanced",
        "Expert",
    ]


def test_renaming_a_skill_in_place_changes_it_and_undo_restores_it(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database
) -> None:
    threat = skill_id(organisation, "Threat modelling")
    index = page.model.skill_index(threat)
    assert index.flags() & Qt.ItemFlag.ItemIsEditable
    page.model.setData(index, "Threat modelling and analysis")
    qtbot.waitUntil(
        lambda: (
            scalar(organisation, "SELECT name FROM skill WHERE id = :id", id=threat) == "Threat modelling and analysis"
        )
    )
    qtbot.waitUntil(lambda: "Threat modelling and analysis" in skill_names(page))
    assert context.undo_stack.undoText() == "Rename Threat modelling to Threat modelling and analysis"
    context.undo_stack.undo()
    qtbot.waitUntil(
        lambda: scalar(organisation, "SELECT name FROM skill WHERE id = :id", id=threat) == "Threat modelling"
    )
    qtbot.waitUntil(lambda: "Threat modelling" in skill_names(page))


def test_renaming_an_area_to_a_taken_name_is_refused_and_changes_nothing(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database, shown_errors: list[str]
) -> None:
    page.model.setData(page.model.area_index(area_id(organisation, "Cyber security")), "Data science")
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert shown_errors == ["A skill area with this name already exists."]
    assert area_id(organisation, "Cyber security") is not None
    assert context.undo_stack.count() == 0


def test_merging_two_skills_moves_assessments_and_cannot_be_undone(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database
) -> None:
    adversarial, threat = skill_id(organisation, "Adversarial ML defence"), skill_id(organisation, "Threat modelling")
    assert page.select("skill", adversarial)
    dialog = page.merge_selected()
    assert dialog is not None and not dialog.ok_button.isEnabled()
    dialog.target.setCurrentIndex(dialog.target.findData(threat))
    assert dialog.effect.text().startswith(
        "2 assessments (2 people), 0 project requirements and 0 certifications "
        "move from Adversarial ML defence to Threat modelling"
    )
    assert dialog.warning.text() == "A merge cannot be undone."
    dialog.accept()
    qtbot.waitUntil(
        lambda: scalar(organisation, "SELECT count(*) FROM assessment WHERE skill_id = :id", id=threat) == 3
    )
    assert scalar(organisation, "SELECT count(*) FROM assessment WHERE skill_id = :id", id=adversarial) == 0
    assert scalar(organisation, "SELECT retired FROM skill WHERE id = :id", id=adversarial) == 1
    qtbot.waitUntil(lambda: "Adversarial ML defence" not in skill_names(page))
    qtbot.waitUntil(lambda: tree_row(page, "Threat modelling").get("people") == "2")
    assert page.dialog is None
    assert context.undo_stack.count() == 0
    # The merged skill is still there for history, shown as retired on request.
    page.show_retired.setChecked(True)
    assert tree_row(page, "Adversarial ML defence")["notes"].startswith("Retired")


def test_editing_a_level_label_in_place_persists_and_undo_restores(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database
) -> None:
    page.levels_model.setData(page.levels_model.index(2, LABEL), "Practitioner")
    qtbot.waitUntil(
        lambda: scalar(organisation, "SELECT label FROM level_descriptor WHERE level = 2") == "Practitioner"
    )
    qtbot.waitUntil(lambda: page.levels_model.index(2, LABEL).data() == "Practitioner")
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: scalar(organisation, "SELECT label FROM level_descriptor WHERE level = 2") == "Working")


def test_a_level_label_that_is_a_number_is_refused(
    qtbot, page: TaxonomyPage, organisation: Database, shown_errors: list[str]
) -> None:
    page.levels_model.setData(page.levels_model.index(3, LABEL), "3")
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert "cannot be a number" in shown_errors[0]
    assert scalar(organisation, "SELECT label FROM level_descriptor WHERE level = 3") == "Advanced"


def test_retiring_a_skill_hides_it_and_undo_brings_it_back(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database
) -> None:
    nlp = skill_id(organisation, "NLP")
    page.select("skill", nlp)
    assert page.retire_button.text() == "Retire"
    page.retire_button.click()
    qtbot.waitUntil(lambda: "NLP" not in skill_names(page))
    assert scalar(organisation, "SELECT retired FROM skill WHERE id = :id", id=nlp) == 1
    page.show_retired.setChecked(True)
    assert page.select("skill", nlp) and page.retire_button.text() == "Restore"
    assert not page.model.skill_index(nlp).flags() & Qt.ItemFlag.ItemIsEditable
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: scalar(organisation, "SELECT retired FROM skill WHERE id = :id", id=nlp) == 0)
    qtbot.waitUntil(lambda: not tree_row(page, "NLP")["notes"].startswith("Retired"))


def test_a_skill_a_project_requires_cannot_be_retired(
    qtbot, page: TaxonomyPage, organisation: Database, shown_errors: list[str]
) -> None:
    page.select("skill", skill_id(organisation, "Threat modelling"))
    page.retire_button.click()
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert "required by Fraud scoring" in shown_errors[0]
    assert scalar(organisation, "SELECT retired FROM skill WHERE name = 'Threat modelling'") == 0


def test_retiring_an_area_retires_its_skills_and_restoring_brings_them_back(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database
) -> None:
    legal = area_id(organisation, "Legal & compliance")
    page.select("area", legal)
    page.retire_button.click()
    qtbot.waitUntil(lambda: "Legal & compliance" not in {area.name for area in page.model.areas()})
    assert scalar(organisation, "SELECT count(*) FROM skill WHERE area_id = :id AND NOT retired", id=legal) == 0
    page.show_retired.setChecked(True)
    page.select("area", legal)
    assert page.retire_button.text() == "Restore"
    page.retire_button.click()  # restore, with the skills that went with it
    qtbot.waitUntil(
        lambda: scalar(organisation, "SELECT count(*) FROM skill WHERE area_id = :id AND NOT retired", id=legal) == 5
    )
    qtbot.waitUntil(lambda: not tree_row(page, "Legal & compliance")["notes"].startswith("Retired"))


def test_adding_an_area_and_a_skill_through_the_dialogs_with_undo(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database
) -> None:
    dialog = page.add_area()
    dialog.name.setText("Data science")
    assert dialog.problem.text() == "A skill area with this name already exists." and not dialog.ok_button.isEnabled()
    dialog.name.setText("Product design")
    dialog.accept()
    qtbot.waitUntil(lambda: area_id(organisation, "Product design") is not None)
    qtbot.waitUntil(lambda: page.selected() == ("area", area_id(organisation, "Product design")))

    skill_dialog = page.add_skill()
    assert skill_dialog.area.currentText() == "Product design"  # the selected area
    skill_dialog.name.setText("User research")
    skill_dialog.accept()
    qtbot.waitUntil(lambda: skill_id(organisation, "User research") is not None)
    qtbot.waitUntil(lambda: "User research" in skill_names(page))
    assert context.undo_stack.undoText() == "Add skill User research"

    context.undo_stack.undo()  # the skill is gone again, and its name free
    qtbot.waitUntil(lambda: "User research" not in skill_names(page))
    assert scalar(organisation, "SELECT count(*) FROM skill WHERE name = 'User research'") == 0
    context.undo_stack.redo()
    qtbot.waitUntil(lambda: "User research" in skill_names(page))
    assert scalar(organisation, "SELECT count(*) FROM skill WHERE name = 'User research'") == 1


def test_describing_a_skill_in_place(qtbot, page: TaxonomyPage, organisation: Database) -> None:
    nlp = skill_id(organisation, "NLP")
    page.model.setData(page.model.skill_index(nlp, NOTES), "Language models and text mining.")
    qtbot.waitUntil(
        lambda: (
            scalar(organisation, "SELECT description FROM skill WHERE id = :id", id=nlp)
            == "Language models and text mining."
        )
    )


def test_the_models_follow_qts_rules(qtmodeltester, qtbot, database: Database) -> None:
    from app.demo.generator import fill_demo
    from app.queries.people import level_descriptors, list_taxonomy

    fill_demo(database)
    skills.retire_skill(database, skill_id(database, "Data visualisation"))
    tree = TaxonomyModel()
    tree.set_areas(list_taxonomy(database.reader()))
    qtmodeltester.check(tree)
    assert tree.rowCount() == 7 and tree.rowCount(tree.index(0, 0)) == 6
    levels = LevelDescriptorModel()
    levels.set_levels(level_descriptors(database.reader()))
    qtmodeltester.check(levels)


def click_record(qtbot, page: TaxonomyPage, index) -> None:
    page.tree.scrollTo(index)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=page.tree.visualRect(index).center())


def test_after_retiring_a_skill_no_button_acts_on_its_neighbour(
    qtbot, page: TaxonomyPage, context: AppContext, organisation: Database
) -> None:
    """The retired skill leaves the tree; the buttons do not move on to the skill below it."""
    nlp = skill_id(organisation, "NLP")
    click_record(qtbot, page, page.model.skill_index(nlp))
    assert page.selected() == ("skill", nlp) and page.merge_button.isEnabled()
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "NLP" not in skill_names(page))
    assert page.selected() is None
    for button in (page.rename_button, page.retire_button, page.merge_button):
        assert not button.isEnabled(), button.text()
    retired_before = scalar(organisation, "SELECT count(*) FROM skill WHERE retired")
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    wait_for_operations()
    assert scalar(organisation, "SELECT count(*) FROM skill WHERE retired") == retired_before
