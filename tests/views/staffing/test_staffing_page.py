"""A project's staffing page over the demo: requirements with their gaps, edits in place with undo,
adding a requirement or a candidate, the discipline mix and the export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QMessageBox

from app.analysis.skills import load_matrix
from app.analysis.staffing import ProjectStaffing, RequirementGap, analyse_project, load_staffing_frame
from app.db.database import Database
from app.services import projects, staffing
from tests.views.pages import project_id
from views.context import AppContext
from views.roles import RecordRole
from views.staffing.dialogs import AddMemberDialog, AddRequirementDialog
from views.staffing.people_model import CANDIDATE_NAME, MEMBER_NAME
from views.staffing.requirements_model import (
    COVERED,
    CRITICALITY,
    GAP,
    KEY_PERSON,
    MIN_LEVEL,
    NEEDED,
    SKILL,
)
from views.staffing.staffing_page import StaffingPage


@pytest.fixture
def page(show_page: Callable[[StaffingPage], StaffingPage], demo_context: AppContext) -> StaffingPage:
    return show_page(StaffingPage(demo_context))


def analysis(database: Database, name: str) -> ProjectStaffing:
    reader = database.reader()
    return analyse_project(load_matrix(reader), load_staffing_frame(reader), project_id(database, name))


def open_project(qtbot, page: StaffingPage, database: Database, name: str) -> None:
    wanted = project_id(database, name)
    page.show_project(wanted)
    qtbot.waitUntil(
        lambda: page.staffing() is not None and page.staffing().project_id == wanted and not page.is_loading()
    )


def show_new_project(qtbot, page: StaffingPage, database: Database, name: str) -> int:
    """A project made now, with no requirements yet, shown on the page."""
    new = projects.create_project(database, name=name).ids[0]
    page.show_project(new)
    qtbot.waitUntil(lambda: page.staffing() is not None and page.staffing().project_id == new)
    return new


def row_of(page: StaffingPage, skill: str) -> int:
    proxy = page.requirements_proxy
    return next(row for row in range(proxy.rowCount()) if proxy.index(row, SKILL).data() == skill)


def cell(page: StaffingPage, skill: str, column: int) -> QModelIndex:
    return page.requirements_proxy.index(row_of(page, skill), column)


def shown_gap(page: StaffingPage, skill: str) -> RequirementGap:
    return cell(page, skill, SKILL).data(RecordRole)


def requirement_in_db(database: Database, name: str, skill: str) -> tuple | None:
    return database.reader().one(
        """SELECT r.min_level, r.needed_fte, r.criticality FROM skill_requirement AS r
           JOIN skill AS s ON s.id = r.skill_id JOIN project AS p ON p.id = r.project_id
           WHERE p.name = :project AND s.name = :skill""",
        {"project": name, "skill": skill},
    )


def select(qtbot, page: StaffingPage, skill: str) -> None:
    page.requirements.selectRow(row_of(page, skill))
    qtbot.waitUntil(lambda: page.selected_requirement() is not None and page.selected_requirement().skill == skill)


def test_the_page_shows_every_requirement_with_the_analysis_numbers(
    qtbot, page: StaffingPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    expected = analysis(demo_database, "Card fraud screening")
    assert page.requirements_proxy.rowCount() == len(expected.requirements) == 9
    for gap in expected.requirements:
        assert cell(page, gap.skill, NEEDED).data() == f"{gap.needed_fte:.2f}"
        assert cell(page, gap.skill, COVERED).data() == f"{gap.covered_fte:.2f}"
        assert cell(page, gap.skill, GAP).data() == f"{gap.gap_fte:.2f}"
        # A gap stands out; a covered requirement does not.
        highlighted = cell(page, gap.skill, GAP).data(Qt.ItemDataRole.BackgroundRole) is not None
        assert highlighted == (gap.gap_fte > 0)
        risk = cell(page, gap.skill, KEY_PERSON).data()
        assert risk == (f"Only {gap.covering_members[0].name}" if gap.key_person_risk else "")
    assert cell(page, "Model monitoring", MIN_LEVEL).data() == "3 · Advanced"
    assert cell(page, "Model monitoring", CRITICALITY).data() == "Critical"
    # The biggest gap comes first, and the headline adds them up.
    assert page.requirements_proxy.index(0, SKILL).data() == "Adversarial ML defence"
    assert "1.80 FTE" in page.summary.text() and "2</b> key-person" in page.summary.text()


def test_the_selected_requirement_shows_who_covers_it_and_who_could(
    qtbot, page: StaffingPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    select(qtbot, page, "Incident response")
    gap = next(
        g for g in analysis(demo_database, "Card fraud screening").requirements if g.skill == "Incident response"
    )
    assert page.covering_model.rowCount() == 0
    assert page.covering.stack.currentWidget() is page.covering.empty
    assert [page.training_model.index(row, MEMBER_NAME).data() for row in range(page.training_model.rowCount())] == [
        member.name for member in gap.training_candidates
    ]
    candidates = page.candidates_model
    assert [candidates.index(row, CANDIDATE_NAME).data() for row in range(candidates.rowCount())] == [
        candidate.name for candidate in gap.internal_candidates
    ]
    assert "0.50 FTE short" in page.detail_title.text()


def test_editing_the_minimum_level_in_place_writes_it_and_undo_restores_it(
    qtbot, page: StaffingPage, demo_context: AppContext, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    assert requirement_in_db(demo_database, "Card fraud screening", "Supervised learning")[0] == 3
    covered_before = shown_gap(page, "Supervised learning").covered_fte

    index = cell(page, "Supervised learning", MIN_LEVEL)
    page.requirements.setCurrentIndex(index)
    page.requirements.edit(index)
    editor = page.requirements.findChild(QComboBox)
    assert editor is not None and editor.currentData() == 3
    editor.setCurrentIndex(editor.findData(4))
    editor.activated.emit(editor.currentIndex())

    qtbot.waitUntil(lambda: requirement_in_db(demo_database, "Card fraud screening", "Supervised learning")[0] == 4)
    qtbot.waitUntil(lambda: shown_gap(page, "Supervised learning").min_level == 4 and not page.is_loading())
    expected = next(
        g for g in analysis(demo_database, "Card fraud screening").requirements if g.skill == "Supervised learning"
    )
    assert cell(page, "Supervised learning", MIN_LEVEL).data() == "4 · Expert"
    assert cell(page, "Supervised learning", COVERED).data() == f"{expected.covered_fte:.2f}"
    assert expected.covered_fte < covered_before
    assert demo_context.undo_stack.undoText() == "Change minimum level of Supervised learning"

    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: requirement_in_db(demo_database, "Card fraud screening", "Supervised learning")[0] == 3)
    qtbot.waitUntil(lambda: cell(page, "Supervised learning", MIN_LEVEL).data() == "3 · Advanced")
    assert cell(page, "Supervised learning", COVERED).data() == f"{covered_before:.2f}"


def test_needed_fte_and_criticality_are_edited_in_place_too(
    qtbot, page: StaffingPage, demo_context: AppContext, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    index = cell(page, "Observability", NEEDED)
    page.requirements.edit(index)
    spin = page.requirements.findChild(QDoubleSpinBox)
    spin.setValue(2.5)
    page.requirements.commitData(spin)
    page.requirements.closeEditor(spin, page.requirements.itemDelegate().EndEditHint.NoHint)
    qtbot.waitUntil(lambda: requirement_in_db(demo_database, "Card fraud screening", "Observability")[1] == 2.5)
    # 1.80 FTE covered of the 2.50 now needed.
    qtbot.waitUntil(lambda: cell(page, "Observability", GAP).data() == "0.70")

    index = cell(page, "Observability", CRITICALITY)
    page.requirements.edit(index)
    combo = page.requirements.findChild(QComboBox)
    combo.setCurrentIndex(combo.findData("critical"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: requirement_in_db(demo_database, "Card fraud screening", "Observability")[2] == "critical")
    qtbot.waitUntil(lambda: cell(page, "Observability", CRITICALITY).data() == "Critical")
    qtbot.waitUntil(lambda: demo_context.undo_stack.count() == 2)


def test_adding_an_internal_candidate_makes_them_a_member_and_closes_the_gap(
    qtbot, page: StaffingPage, demo_context: AppContext, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    select(qtbot, page, "Adversarial ML defence")
    assert cell(page, "Adversarial ML defence", GAP).data() == "0.70"
    page.candidates.table.selectRow(0)
    candidate = page.candidates.selected_record()
    assert candidate.name == "Pieter de Vries"

    qtbot.mouseClick(page.add_candidate_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(AddMemberDialog)
    assert dialog is not None and dialog.isVisible()
    # Offered: the smaller of their free capacity (1.00) and the gap (0.70).
    assert dialog.allocation.value() == pytest.approx(0.7)
    dialog.role.setText("Adversarial ML engineer")
    dialog.accept()

    fraud = project_id(demo_database, "Card fraud screening")

    def membership() -> tuple | None:
        return demo_database.reader().one(
            "SELECT role, allocation FROM membership WHERE project_id = :p AND person_id = :person",
            {"p": fraud, "person": candidate.person_id},
        )

    qtbot.waitUntil(lambda: membership() == ("Adversarial ML engineer", 0.7))
    qtbot.waitUntil(lambda: cell(page, "Adversarial ML defence", GAP).data() == "0.00")
    assert cell(page, "Adversarial ML defence", COVERED).data() == "1.00"
    # Two members cover it now: no longer a key-person risk; the new member is listed, no longer a candidate.
    assert cell(page, "Adversarial ML defence", KEY_PERSON).data() == ""
    select(qtbot, page, "Adversarial ML defence")
    assert "Pieter de Vries" in [
        page.covering_model.index(row, MEMBER_NAME).data() for row in range(page.covering_model.rowCount())
    ]
    assert page.candidates_model.rowCount() == 0
    assert "Pieter de Vries joined Card fraud screening" in page.message.text()

    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: membership() is None)
    qtbot.waitUntil(lambda: cell(page, "Adversarial ML defence", GAP).data() == "0.70")


def test_a_requirement_is_added_from_the_dialog_and_removed_with_undo(
    qtbot, page: StaffingPage, demo_context: AppContext, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(AddRequirementDialog)
    assert dialog is not None
    # Skills the project already requires cannot be picked twice; area headings cannot be picked at all.
    picker = dialog.skill.model()
    texts = {
        picker.item(row).text(): bool(picker.item(row).flags() & Qt.ItemFlag.ItemIsEnabled)
        for row in range(picker.rowCount())
    }
    assert texts["Cyber security"] is False
    assert texts["Model monitoring (already required)"] is False
    assert texts["Threat modelling"] is True
    threat_modelling = demo_database.reader().scalar("SELECT id FROM skill WHERE name = 'Threat modelling'")
    dialog.select_skill(threat_modelling)
    dialog.min_level.setCurrentIndex(dialog.min_level.findData(2))
    dialog.needed_fte.setValue(0.5)
    dialog.criticality.setCurrentIndex(dialog.criticality.findData("high"))
    dialog.accept()

    qtbot.waitUntil(
        lambda: requirement_in_db(demo_database, "Card fraud screening", "Threat modelling") == (2, 0.5, "high")
    )
    qtbot.waitUntil(lambda: page.requirements_proxy.rowCount() == 10)
    # The new requirement is selected, so its people show at once.
    qtbot.waitUntil(
        lambda: page.selected_requirement() is not None and page.selected_requirement().skill == "Threat modelling"
    )
    assert cell(page, "Threat modelling", MIN_LEVEL).data() == "2 · Working"

    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: requirement_in_db(demo_database, "Card fraud screening", "Threat modelling") is None)
    qtbot.waitUntil(lambda: page.requirements_proxy.rowCount() == 9)
    assert demo_context.undo_stack.undoText() == "Remove requirement Threat modelling"

    demo_context.undo_stack.undo()
    qtbot.waitUntil(
        lambda: requirement_in_db(demo_database, "Card fraud screening", "Threat modelling") == (2, 0.5, "high")
    )
    qtbot.waitUntil(lambda: page.requirements_proxy.rowCount() == 10)
    # Undo twice more: the requirement was added, then it is gone again.
    demo_context.undo_stack.undo()
    qtbot.waitUntil(lambda: requirement_in_db(demo_database, "Card fraud screening", "Threat modelling") is None)
    demo_context.undo_stack.redo()
    qtbot.waitUntil(lambda: requirement_in_db(demo_database, "Card fraud screening", "Threat modelling") is not None)


def test_the_discipline_mix_flags_a_missing_discipline_in_words(
    qtbot, page: StaffingPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Contract clause review")
    rows = {row.label: row for row in page.discipline_mix.chart.rows()}
    assert set(rows) == {"Data science", "Machine learning", "Software engineering", "Cyber security"}
    assert rows["Cyber security"].warn and rows["Cyber security"].text == "missing"
    assert not rows["Data science"].warn and rows["Data science"].text == "4 people"
    assert page.discipline_mix.verdict.text() == "⚠ Missing: Cyber security."
    shapes = {row.label: row.value for row in page.shapes.rows()}
    assert shapes == {"T-shaped": 2, "Π-shaped": 0, "I-shaped": 3, "Generalist": 0, "Developing": 1}

    open_project(qtbot, page, demo_database, "Card fraud screening")
    assert not any(row.warn for row in page.discipline_mix.chart.rows())
    assert page.discipline_mix.verdict.text() == "All four core disciplines are on the team."


def test_a_project_without_requirements_says_what_to_do(
    qtbot, page: StaffingPage, demo_context: AppContext, demo_database: Database
) -> None:
    new = show_new_project(qtbot, page, demo_database, "Chatbot pilot")
    assert page.requirements_stack.currentWidget() is page.empty_requirements
    assert "Add the skills this project needs" in page.empty_text.text()
    assert page.empty_add_button.isEnabled()
    assert not page.remove_button.isEnabled()
    assert page.detail_stack.currentWidget() is page.detail_empty

    # A requirement added elsewhere (another window, the command line) shows once it is announced.
    skill = demo_database.reader().scalar("SELECT id FROM skill WHERE name = 'NLP'")
    demo_context.hub.publish(staffing.add_requirement(demo_database, new, skill, min_level=3, needed_fte=1.0))
    qtbot.waitUntil(lambda: page.requirements_proxy.rowCount() == 1)
    assert page.requirements_stack.currentWidget() is page.requirements
    assert cell(page, "NLP", GAP).data() == "1.00"


def test_the_gap_report_is_exported_with_names_pseudonymised(
    qtbot, page: StaffingPage, demo_database: Database, tmp_path: Path
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    target = tmp_path / "fraud-gaps.json"
    page.export_report(target, pseudonymise=True)
    qtbot.waitUntil(lambda: "written to" in page.message.text())
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["project"]["name"] == "Card fraud screening"
    assert document["pseudonymised"] is True
    assert "Elena Petrova" not in target.read_text(encoding="utf-8")


def test_an_export_the_report_refuses_says_why(
    qtbot, page: StaffingPage, demo_database: Database, tmp_path: Path
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    page.export_report(tmp_path / "gaps.txt")
    qtbot.waitUntil(lambda: page.findChild(QMessageBox, "userErrorBox") is not None)
    box = page.findChild(QMessageBox, "userErrorBox")
    assert ".pdf, .xlsx, .csv or .json" in box.text()
    box.close()
    assert not (tmp_path / "gaps.txt").exists()
    assert page.export_button.isEnabled()


def test_the_item_models_follow_qts_rules(qtbot, qtmodeltester, page: StaffingPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    select(qtbot, page, "Model monitoring")
    assert page.covering_model.rowCount() and page.training_model.rowCount() and page.candidates_model.rowCount()
    for model in (page.requirements_model, page.covering_model, page.training_model, page.candidates_model):
        qtmodeltester.check(model)


def test_a_project_deleted_elsewhere_leaves_an_empty_page_not_an_error(
    qtbot, page: StaffingPage, demo_context: AppContext, demo_database: Database
) -> None:
    new = show_new_project(qtbot, page, demo_database, "Short-lived")
    demo_context.hub.publish(projects.delete_project(demo_database, new))
    assert page.project_id() is None and page.staffing() is None
    assert not page.add_button.isEnabled()
    # Asked again for it (say, by a stale selection), the page says what happened in itself.
    page.show_project(new)
    qtbot.waitUntil(lambda: "does not exist" in page.message.text())
    assert page.findChild(QMessageBox) is None


def test_removing_a_requirement_leaves_nothing_selected_for_a_second_removal(
    qtbot, page: StaffingPage, demo_database: Database
) -> None:
    """Remove stays on the requirement the user chose: once it is gone, nothing is selected and nothing removed."""
    open_project(qtbot, page, demo_database, "Card fraud screening")
    index = cell(page, "Incident response", SKILL)
    qtbot.mouseClick(
        page.requirements.viewport(), Qt.MouseButton.LeftButton, pos=page.requirements.visualRect(index).center()
    )
    assert page.selected_requirement().skill == "Incident response" and page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.requirements_proxy.rowCount() == 8 and not page.is_loading())
    assert page.selected_requirement() is None
    assert not page.remove_button.isEnabled() and not page.remove_action.isEnabled()
    assert page.detail_stack.currentWidget() is page.detail_empty
    page.requirements.setFocus()
    qtbot.keyClick(page.requirements, Qt.Key.Key_Delete)
    qtbot.wait_until(lambda: not page.context.undo_stack.is_busy())
    assert page.requirements_proxy.rowCount() == 8
    assert (
        demo_database.reader().scalar(
            "SELECT count(*) FROM skill_requirement WHERE project_id = :p",
            {"p": project_id(demo_database, "Card fraud screening")},
        )
        == 8
    )


def plain(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)


def test_the_selected_requirement_is_said_in_one_sentence_without_repeats(
    qtbot, page: StaffingPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database, "Card fraud screening")
    requirements = analysis(demo_database, "Card fraud screening").requirements
    covered = next(gap for gap in requirements if gap.gap_fte == 0)
    short = next(gap for gap in requirements if gap.gap_fte > 0 and gap.covered_fte > 0)
    select(qtbot, page, covered.skill)
    sentence = plain(page.detail_title.text())
    assert sentence.count("covered") == 1 and "covered, covered" not in sentence
    assert f"covered, with {covered.covered_fte:.2f} FTE for the {covered.needed_fte:.2f} FTE needed." in sentence
    select(qtbot, page, short.skill)
    sentence = plain(page.detail_title.text())
    assert sentence.endswith(
        f": {short.covered_fte:.2f} FTE for the {short.needed_fte:.2f} FTE needed, {short.gap_fte:.2f} FTE short."
    )
    assert "risk(s)" not in plain(page.summary.text()) and "key-person risks" in plain(page.summary.text())


def test_one_requirement_is_counted_in_the_singular(qtbot, page: StaffingPage, demo_database: Database) -> None:
    project = projects.create_project(demo_database, name="Tiny pilot").ids[0]
    skill = demo_database.reader().scalar("SELECT id FROM skill WHERE name = 'Threat modelling'")
    staffing.add_requirement(demo_database, project, skill, min_level=2, needed_fte=0.5)
    open_project(qtbot, page, demo_database, "Tiny pilot")
    summary = plain(page.summary.text())
    assert summary.startswith("1 requirement ·") and "requirements" not in summary
    assert "nobody on the team yet for the 0.50 FTE needed, 0.50 FTE short." in plain(page.detail_title.text())
