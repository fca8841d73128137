"""The "Add templates…" dialog over the real template library: every category listed, templates already in
the backlog not choosable, a governance gap's categories ticked from the start, a category row ticking its
templates (through the keyboard, as a user would), the live summary and OK button, the search by title and
framework reference, and the chosen keys in library order."""

from __future__ import annotations

from collections.abc import Callable, Collection

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QTextBrowser, QTreeWidget, QTreeWidgetItem

from app.services.policy import Template, list_templates
from models.enums import PolicyCategory
from views.policy.templates_dialog import TemplatesDialog
from views.policy.wording import name

MakeDialog = Callable[..., TemplatesDialog]


@pytest.fixture
def templates() -> list[Template]:
    return list_templates()


@pytest.fixture
def make_dialog(qtbot, templates: list[Template]) -> MakeDialog:
    def make(
        *, present_keys: Collection[str] = (), suggested_categories: Collection[PolicyCategory] = ()
    ) -> TemplatesDialog:
        dialog = TemplatesDialog(
            None,
            templates=templates,
            present_keys=present_keys,
            project_name="Card fraud screening",
            suggested_categories=suggested_categories,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def tree(dialog: TemplatesDialog) -> QTreeWidget:
    return dialog.findChild(QTreeWidget, "templatesTree")


def summary(dialog: TemplatesDialog) -> str:
    return dialog.findChild(QLabel, "templatesSummary").text()


def ok_button(dialog: TemplatesDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def category_row(dialog: TemplatesDialog, category: PolicyCategory) -> QTreeWidgetItem:
    view = tree(dialog)
    for index in range(view.topLevelItemCount()):
        row = view.topLevelItem(index)
        if row.text(0).startswith(name(category)):
            return row
    raise AssertionError(f"no row for {category}")


def template_row(dialog: TemplatesDialog, key: str) -> QTreeWidgetItem:
    view = tree(dialog)
    for index in range(view.topLevelItemCount()):
        parent = view.topLevelItem(index)
        for child_index in range(parent.childCount()):
            if parent.child(child_index).data(0, Qt.ItemDataRole.UserRole) == key:
                return parent.child(child_index)
    raise AssertionError(f"no row for {key}")


def press_space_on(qtbot, dialog: TemplatesDialog, row: QTreeWidgetItem) -> None:
    """Tick or untick a row the way a user does from the keyboard."""
    view = tree(dialog)
    view.setFocus()
    view.setCurrentItem(row)
    qtbot.keyClick(view, Qt.Key.Key_Space)


def visible_keys(dialog: TemplatesDialog) -> list[str]:
    view = tree(dialog)
    keys = []
    for index in range(view.topLevelItemCount()):
        parent = view.topLevelItem(index)
        for child_index in range(parent.childCount()):
            child = parent.child(child_index)
            if not parent.isHidden() and not child.isHidden():
                keys.append(child.data(0, Qt.ItemDataRole.UserRole))
    return keys


def points_of(templates: list[Template], keys: Collection[str]) -> int:
    return sum(template.points for template in templates if template.key in keys)


def test_every_category_is_listed_in_words_with_its_templates(
    make_dialog: MakeDialog, templates: list[Template]
) -> None:
    dialog = make_dialog()
    view = tree(dialog)
    assert view.topLevelItemCount() == len(PolicyCategory)
    for category in PolicyCategory:
        row = category_row(dialog, category)
        titles = [row.child(index).text(0) for index in range(row.childCount())]
        assert titles == [template.title for template in templates if template.category == category]
    first = templates[0]
    shown = template_row(dialog, first.key)
    assert shown.text(1) == str(first.points)
    assert shown.text(2) == first.owner_department
    assert all(reference in shown.text(3) for reference in first.framework_refs)
    assert dialog.windowTitle() == "Add templates to Card fraud screening"


def test_nothing_chosen_means_ok_is_disabled(make_dialog: MakeDialog) -> None:
    dialog = make_dialog()
    assert dialog.chosen_keys() == []
    assert summary(dialog) == "No templates chosen."
    assert not ok_button(dialog).isEnabled()


def test_templates_already_in_the_backlog_cannot_be_chosen(
    qtbot, make_dialog: MakeDialog, templates: list[Template]
) -> None:
    privacy = [template.key for template in templates if template.category == PolicyCategory.DATA_PRIVACY]
    present = privacy[:2]
    dialog = make_dialog(present_keys=present)
    for key in present:
        row = template_row(dialog, key)
        assert not row.flags() & Qt.ItemFlag.ItemIsUserCheckable
        assert row.text(0).startswith("Already in the backlog: ")
        press_space_on(qtbot, dialog, row)
    assert dialog.chosen_keys() == []
    category = category_row(dialog, PolicyCategory.DATA_PRIVACY)
    assert "2 of 3 already in the backlog" in category.text(0)
    press_space_on(qtbot, dialog, category)
    assert dialog.chosen_keys() == privacy[2:]
    assert category.checkState(0) == Qt.CheckState.Checked

    all_present = make_dialog(present_keys=privacy)
    row = category_row(all_present, PolicyCategory.DATA_PRIVACY)
    assert "all already in the backlog" in row.text(0)
    assert not row.flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_suggested_categories_start_ticked_except_what_is_present(
    make_dialog: MakeDialog, templates: list[Template]
) -> None:
    adversarial = [template.key for template in templates if template.category == PolicyCategory.ADVERSARIAL_ML]
    oversight = [template.key for template in templates if template.category == PolicyCategory.HUMAN_OVERSIGHT]
    dialog = make_dialog(
        present_keys=[oversight[0]],
        suggested_categories=[PolicyCategory.HUMAN_OVERSIGHT, PolicyCategory.ADVERSARIAL_ML],
    )
    expected = adversarial + oversight[1:]
    assert dialog.chosen_keys() == [template.key for template in templates if template.key in expected]
    for category in (PolicyCategory.ADVERSARIAL_ML, PolicyCategory.HUMAN_OVERSIGHT):
        row = category_row(dialog, category)
        assert "suggested: open governance gap" in row.text(0)
        assert row.checkState(0) == Qt.CheckState.Checked
    assert "suggested" not in category_row(dialog, PolicyCategory.DATA_PRIVACY).text(0)
    assert summary(dialog) == f"{len(expected)} templates chosen, {points_of(templates, expected)} points"
    assert ok_button(dialog).text() == f"Add {len(expected)} to the backlog"
    assert ok_button(dialog).isEnabled()


def test_ticking_a_category_ticks_its_templates_and_updates_the_summary(
    qtbot, make_dialog: MakeDialog, templates: list[Template]
) -> None:
    dialog = make_dialog()
    training = [template.key for template in templates if template.category == PolicyCategory.MODEL_TRAINING]
    category = category_row(dialog, PolicyCategory.MODEL_TRAINING)
    press_space_on(qtbot, dialog, category)
    assert all(template_row(dialog, key).checkState(0) == Qt.CheckState.Checked for key in training)
    assert summary(dialog) == f"3 templates chosen, {points_of(templates, training)} points"
    assert ok_button(dialog).text() == "Add 3 to the backlog"
    assert ok_button(dialog).isEnabled()

    press_space_on(qtbot, dialog, template_row(dialog, training[1]))
    assert category.checkState(0) == Qt.CheckState.PartiallyChecked
    assert ok_button(dialog).text() == "Add 2 to the backlog"

    press_space_on(qtbot, dialog, category)  # partly ticked: a click ticks them all again
    assert dialog.chosen_keys() == training
    press_space_on(qtbot, dialog, category)
    assert dialog.chosen_keys() == []
    assert category.checkState(0) == Qt.CheckState.Unchecked
    assert summary(dialog) == "No templates chosen."
    assert not ok_button(dialog).isEnabled()


def test_one_template_is_worded_in_the_singular(qtbot, make_dialog: MakeDialog, templates: list[Template]) -> None:
    dialog = make_dialog()
    press_space_on(qtbot, dialog, template_row(dialog, templates[0].key))
    assert summary(dialog) == f"1 template chosen, {templates[0].points} points"
    assert ok_button(dialog).text() == "Add 1 to the backlog"


def test_chosen_keys_are_in_library_order(qtbot, make_dialog: MakeDialog, templates: list[Template]) -> None:
    dialog = make_dialog()
    picked = [templates[index].key for index in (25, 3, 17, 0)]
    for key in picked:
        press_space_on(qtbot, dialog, template_row(dialog, key))
    assert dialog.chosen_keys() == [template.key for template in templates if template.key in picked]


@pytest.mark.parametrize("text", ["AML.M0003", "GOVERN", "gdpr art. 35", "poisoning"])
def test_search_finds_templates_by_title_or_framework_reference(
    qtbot, make_dialog: MakeDialog, templates: list[Template], text: str
) -> None:
    dialog = make_dialog()
    search = dialog.findChild(QLineEdit, "templateSearch")
    qtbot.keyClicks(search, text)
    expected = [
        template.key
        for template in templates
        if text.casefold() in " ".join((template.title, *template.framework_refs)).casefold()
    ]
    assert expected
    assert visible_keys(dialog) == expected
    search.clear()
    assert len(visible_keys(dialog)) == len(templates)


def test_search_for_a_reference_leaves_one_template_and_its_category(qtbot, make_dialog: MakeDialog) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "templateSearch"), "AML.M0003")
    [key] = visible_keys(dialog)
    assert "AML.M0003" in template_row(dialog, key).text(3)
    shown_categories = [
        row for row in (category_row(dialog, category) for category in PolicyCategory) if not row.isHidden()
    ]
    assert [row.text(0) for row in shown_categories] == [name(PolicyCategory.ADVERSARIAL_ML)]


def test_a_category_ticked_while_searching_ticks_only_what_is_shown(
    qtbot, make_dialog: MakeDialog, templates: list[Template]
) -> None:
    dialog = make_dialog()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "templateSearch"), "GOVERN")
    governed = [
        template.key
        for template in templates
        if template.category == PolicyCategory.AUDIT_COMPLIANCE
        and any("GOVERN" in reference for reference in template.framework_refs)
    ]
    assert governed
    press_space_on(qtbot, dialog, category_row(dialog, PolicyCategory.AUDIT_COMPLIANCE))
    assert dialog.chosen_keys() == governed


def test_the_detail_pane_shows_the_selected_template(make_dialog: MakeDialog, templates: list[Template]) -> None:
    dialog = make_dialog()
    template = next(template for template in templates if len(template.framework_refs) > 1)
    tree(dialog).setCurrentItem(template_row(dialog, template.key))
    shown = dialog.findChild(QTextBrowser, "templateDetail").toPlainText()
    assert template.title in shown
    assert template.acceptance_criteria in shown
    assert all(reference in shown for reference in template.framework_refs)
