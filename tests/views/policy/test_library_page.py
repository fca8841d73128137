"""The policy library page over the demo: the policies with the stale ones marked, versions and their
Markdown, the diff of two versions, publishing a new version (sign-offs start afresh), signing off with
undo and withdraw, feedback with its department and disposition, and the models' Qt rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.db.database import Database
from models.enums import Disposition, PolicyStatus, StakeholderDepartment
from tests.views.modal import answer_modal
from tests.views.pages import press_answering, project_id, wait_for_reload
from views.context import AppContext
from views.policy import models
from views.policy.diff import side_by_side
from views.policy.library_page import PolicyLibraryPage
from views.policy.wording import STALE

CARD_FRAUD = "Card fraud screening"
OVERSIGHT = "Human oversight of automated card blocks"


@pytest.fixture
def page(show_page: Callable[[PolicyLibraryPage], PolicyLibraryPage], demo_context: AppContext) -> PolicyLibraryPage:
    return show_page(PolicyLibraryPage(demo_context))


def policy_id(database: Database, title: str) -> int:
    return database.reader().scalar("SELECT id FROM policy WHERE title = :title", {"title": title})


def open_project(qtbot, page: PolicyLibraryPage, database: Database, name: str = CARD_FRAUD) -> None:
    page.show_project(project_id(database, name))
    qtbot.waitUntil(
        lambda: page.library() is not None and page.library().project_name == name and not page.is_loading()
    )


def select(qtbot, page: PolicyLibraryPage, title: str) -> None:
    assert page.select_policy(policy_id(page.context.database, title))
    qtbot.waitUntil(lambda: page.selected_policy() is not None and page.selected_policy().title == title)


def shown_titles(page: PolicyLibraryPage) -> dict[str, int]:
    proxy = page.policies_proxy
    return {proxy.index(row, models.TITLE).data(): row for row in range(proxy.rowCount())}


def test_the_projects_and_org_wide_policies_are_listed_with_the_stale_ones_marked(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    rows = shown_titles(page)
    proxy = page.policies_proxy
    # The project's own policies and the org-wide ones; another project's are not listed.
    assert OVERSIGHT in rows and "Retraining and release of the fraud model" in rows
    assert "Personal data in machine learning" in rows
    assert "Clinician oversight of triage suggestions" not in rows
    assert proxy.index(rows[OVERSIGHT], models.SCOPE).data() == "Project"
    assert proxy.index(rows["Personal data in machine learning"], models.SCOPE).data() == "Org-wide"
    stale = proxy.index(rows["Access to models, data and pipelines"], models.REVIEW_STATE)
    assert "Stale" in stale.data()
    assert stale.data(Qt.ItemDataRole.ForegroundRole).color() == STALE
    fresh = proxy.index(rows[OVERSIGHT], models.REVIEW_STATE)
    assert "Stale" not in fresh.data() and fresh.data(Qt.ItemDataRole.ForegroundRole) is None
    assert "2 stale" in page.summary.text()


def test_a_versions_markdown_is_shown_as_formatted_text(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, "Personal data in machine learning")
    assert page.versions_model.rowCount() == 3
    version = page.selected_version()
    assert version is not None and version.number == 3  # the current version
    assert "Synthetic data" in page.version_text.toPlainText()
    assert "#" not in page.version_text.toPlainText().splitlines()[0]  # headings rendered, not raw Markdown


def test_the_diff_of_two_versions_shows_a_changed_line(qtbot, page: PolicyLibraryPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, "Personal data in machine learning")
    by_number = {version.number: version for version in page.versions_model.rows()}
    page.compare(by_number[1].id, by_number[2].id)
    shown = page.diff.toPlainText()
    assert "Version 1" in shown and "Version 2" in shown
    assert "updated at every later stage gate" in shown  # the line version 2 changed
    changed = [row for row in side_by_side(by_number[1].text, by_number[2].text) if row.kind == "changed"]
    assert any("stage gate" in row.right and "stage gate" not in row.left for row in changed)
    assert "~" in shown
    page.changes_only.setChecked(True)
    only = page.diff.toPlainText()
    assert "updated at every later stage gate" in only and "## Purpose" not in only


def test_publishing_a_new_version_resets_the_sign_offs(qtbot, page: PolicyLibraryPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    before = page.current_version()
    assert before is not None and before.number == 2
    assert sum(row.signed for row in page.sign_offs_model.rows()) > 0

    dialog = page.new_version()
    dialog.text.setPlainText(before.text + "\n\n## Appeals\n\nA blocked customer can appeal within 14 days.")
    dialog.summary.setText("Adds appeals")
    dialog.accept()
    wait_for_reload(qtbot, page)
    newest = page.versions_model.rows()[0]
    assert (newest.number, newest.published_on, newest.change_summary) == (3, None, "Adds appeals")
    page.select_version(newest.id)
    assert page.publish_button.isEnabled()

    answer = press_answering(qtbot, page, page.publish_button, answer="Publish")
    assert answer.answered and "Publish version 3 of" in answer.text
    assert "version 2 keeps its" in answer.informative and "cannot be undone" in answer.informative
    current = page.current_version()
    assert current is not None and current.number == 3 and current.published_on is not None
    assert page.selected_policy().status == PolicyStatus.IN_REVIEW
    rows = page.sign_offs_model.rows()
    assert len(rows) == len(StakeholderDepartment) and not any(row.signed for row in rows)
    assert page.sign_offs_model.index(0, models.SIGN_STATE).data() == "✘ Missing"
    assert "version 3" in page.sign_offs_caption.text()
    # The superseded version keeps its own sign-offs.
    assert sum(row.signed for row in page.library().sign_offs[before.id]) > 0


def test_signing_off_is_stored_and_undo_or_withdraw_removes_it(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    missing = next(row for row in page.sign_offs_model.rows() if not row.signed)
    page.select_department(missing.department.value)
    dialog = page.sign_off()
    assert dialog.department.currentData() == missing.department.value
    signer = dialog.person.itemText(1)
    dialog.person.setCurrentIndex(1)
    dialog.accept()
    wait_for_reload(qtbot, page)

    def stored() -> int:
        return demo_database.reader().scalar(
            "SELECT count(*) FROM sign_off WHERE version_id = :version AND department = :department",
            {"version": missing.version_id, "department": missing.department.value},
        )

    assert stored() == 1
    row = next(row for row in page.sign_offs_model.rows() if row.department == missing.department)
    assert row.signed and signer.startswith(row.person)

    page.context.undo_stack.undo()
    wait_for_reload(qtbot, page)
    assert stored() == 0
    assert not next(row for row in page.sign_offs_model.rows() if row.department == missing.department).signed

    page.context.undo_stack.redo()
    wait_for_reload(qtbot, page)
    assert stored() == 1
    page.select_department(missing.department.value)
    assert page.withdraw_button.isEnabled()
    page.withdraw_sign_off()
    wait_for_reload(qtbot, page)
    assert stored() == 0
    assert page.sign_offs_model.index(page.sign_offs.currentIndex().row(), models.SIGN_STATE).data() == "✘ Missing"


def test_feedback_is_added_with_its_department_and_its_disposition_changes(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    version = page.selected_version()
    count = page.feedback_model.rowCount()
    dialog = page.add_feedback()
    dialog.department.setCurrentIndex(dialog.department.findData(StakeholderDepartment.FINANCE.value))
    dialog.comment.setPlainText("Say who pays for the appeal handling.")
    dialog.accept()
    wait_for_reload(qtbot, page)
    assert page.selected_version().id == version.id
    assert page.feedback_model.rowCount() == count + 1
    added = next(row for row in page.feedback_model.rows() if row.comment == "Say who pays for the appeal handling.")
    assert added.department == StakeholderDepartment.FINANCE and added.disposition == Disposition.OPEN
    shown = page.feedback_model.index(page.feedback_model.row_of(added.id), models.FEEDBACK_DEPARTMENT).data()
    assert shown == "Finance"

    row = page.feedback_proxy.mapFromSource(page.feedback_model.index(page.feedback_model.row_of(added.id), 0)).row()
    page.feedback.selectRow(row)
    page.set_disposition(Disposition.ACCEPTED)
    wait_for_reload(qtbot, page)
    assert (
        demo_database.reader().scalar("SELECT disposition FROM feedback WHERE id = :id", {"id": added.id}) == "accepted"
    )
    page.context.undo_stack.undo()
    wait_for_reload(qtbot, page)
    assert demo_database.reader().scalar("SELECT disposition FROM feedback WHERE id = :id", {"id": added.id}) == "open"


def test_a_new_policy_is_created_and_an_edit_is_undone(qtbot, page: PolicyLibraryPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    dialog = page.new_policy()
    dialog.title.setText("Prompt injection defences")
    dialog.owner.setEditText("CISO office")
    dialog.accept()
    wait_for_reload(qtbot, page)
    assert page.selected_policy().title == "Prompt injection defences"
    assert page.selected_policy().project_id == project_id(demo_database, CARD_FRAUD)

    dialog = page.edit_policy()
    dialog.cadence.setValue(6)
    dialog.accept()
    wait_for_reload(qtbot, page)
    assert page.selected_policy().review_cadence_months == 6
    page.context.undo_stack.undo()
    wait_for_reload(qtbot, page)
    assert page.selected_policy().review_cadence_months == 12

    # Retiring asks first (Enter would cancel), then cannot be undone.
    answer = answer_modal(qtbot, key=Qt.Key.Key_Return)
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert answer.answered and "cannot be undone" in answer.informative
    assert page.selected_policy().status != PolicyStatus.RETIRED
    answer_modal(qtbot, button="Retire")
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert page.selected_policy().status == PolicyStatus.RETIRED
    assert not page.edit_policy_button.isEnabled()


def test_the_models_follow_qts_rules(qtbot, qtmodeltester, page: PolicyLibraryPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    for model in (page.policies_model, page.versions_model, page.sign_offs_model, page.feedback_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_the_page_at_a_desktop_size(qtbot, page: PolicyLibraryPage, demo_database: Database, tmp_path: Path) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, "Personal data in machine learning")
    image = page.grab()
    assert (image.width(), image.height()) == (1280, 800)
    assert image.save(str(tmp_path / "policy_library.png"))
    # Every action is wide enough for its label.
    for button in (
        page.new_policy_button,
        page.edit_policy_button,
        page.retire_button,
        page.new_version_button,
        page.publish_button,
        page.approve_button,
    ):
        assert button.width() >= button.sizeHint().width()


def opened_dialog(qtbot, page: PolicyLibraryPage, button) -> object:
    """Click ``button`` and return the dialog it opens, shown and active (as the window system makes it)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def ok_button(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def version_count(database: Database, title: str) -> int:
    return database.reader().scalar(
        "SELECT count(*) FROM policy_version WHERE policy_id = (SELECT id FROM policy WHERE title = :t)", {"t": title}
    )


def test_a_new_version_with_the_same_text_or_no_summary_is_refused_and_the_dialog_keeps_what_was_typed(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    before = version_count(demo_database, OVERSIGHT)
    dialog = opened_dialog(qtbot, page, page.new_version_button)
    qtbot.keyClicks(dialog.summary, "Tidy up")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert dialog.isVisible() and dialog.summary.text() == "Tidy up"
    assert dialog.problem.text() == "The text is the same as version 2; change it before adding version 3."
    assert version_count(demo_database, OVERSIGHT) == before

    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.text, "A blocked customer can appeal within 14 days.")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Delete)
    assert dialog.problem.text() == "Say in the change summary what version 3 changes."  # follows the typing
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert dialog.isVisible() and "appeal within 14 days" in dialog.text.toPlainText()
    assert version_count(demo_database, OVERSIGHT) == before

    qtbot.keyClicks(dialog.summary, "Adds appeals")
    assert dialog.problem.text() == ""
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: version_count(demo_database, OVERSIGHT) == before + 1, timeout=20_000)
    wait_for_reload(qtbot, page)
    assert page.dialog is None
    assert page.versions_model.rows()[0].change_summary == "Adds appeals"


def test_approving_asks_for_the_owner_departments_people_first_then_confirms_and_shows_who_and_when(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    from datetime import date

    from app.services.policy import add_months

    title = "Personal data in machine learning"  # org-wide, owned by Legal; version 3 published, not approved
    open_project(qtbot, page, demo_database)
    select(qtbot, page, title)
    assert page.current_version().number == 3 and page.approve_button.isEnabled()
    dialog = opened_dialog(qtbot, page, page.approve_button)
    combo = dialog.person
    legal = [combo.itemText(index) for index in range(5)]
    assert all(text.endswith("— Legal") for text in legal)
    assert combo.itemData(5, Qt.ItemDataRole.AccessibleDescriptionRole) == "separator"
    assert not combo.itemText(6).endswith("— Legal")
    approver = combo.currentText().split(" — ")[0]
    assert combo.currentIndex() == 0  # the first of Legal, not whoever sorts first in the organisation

    answer = answer_modal(qtbot, button="Cancel")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert answer.answered and f"with {approver} as the approver" in answer.text
    today = date.today()
    review = add_months(today, page.selected_policy().review_cadence_months)
    assert (
        f"on {today.isoformat()}" in answer.informative and f"next review to {review.isoformat()}" in answer.informative
    )
    assert "cannot be undone" in answer.informative
    wait_for_reload(qtbot, page)
    assert dialog.isVisible()
    assert page.current_version().approved_on is None

    answer_modal(qtbot, button="Approve")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.current_version() is not None and page.current_version().approved_on == today, timeout=20_000
    )
    wait_for_reload(qtbot, page)
    assert demo_database.reader().one(
        "SELECT p.name, v.approved_on FROM policy_version AS v JOIN person AS p ON p.id = v.approved_by_id "
        "WHERE v.id = :v",
        {"v": page.current_version().id},
    ) == (approver, today.isoformat())
    row = page.versions_model.row_of(page.current_version().id)
    assert page.versions_model.index(row, models.APPROVED).data() == f"by {approver} on {today.isoformat()}"
    assert f"Approved by {approver} on {today.isoformat()}" in page.detail_title.text()


def test_a_sign_off_offers_the_departments_people_first_and_says_who_signed_for_another(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    row = next(row for row, record in enumerate(page.sign_offs_model.rows()) if record.department.value == "finance")
    assert not page.sign_offs_model.rows()[row].signed
    page.tabs.setCurrentIndex(2)
    table = page.sign_offs
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(page.sign_offs_model.index(row, 0)).center()
    )
    dialog = opened_dialog(qtbot, page, page.sign_off_button)
    assert dialog.stakeholder() == StakeholderDepartment.FINANCE
    combo = dialog.person
    assert combo.itemText(0) == "(nobody named)"
    assert [combo.itemText(index).split(" — ")[1] for index in range(1, 6)] == ["Finance"] * 5
    assert combo.itemData(6, Qt.ItemDataRole.AccessibleDescriptionRole) == "separator"

    # Another department chosen: its people lead instead.
    qtbot.keyClicks(dialog.department, "Legal")
    assert dialog.stakeholder() == StakeholderDepartment.LEGAL
    assert [combo.itemText(index).split(" — ")[1] for index in range(1, 6)] == ["Legal"] * 5
    qtbot.keyClick(dialog.department, Qt.Key.Key_Up)  # back to Finance, the one above
    assert dialog.stakeholder() == StakeholderDepartment.FINANCE

    # Noor of Payments signs for Finance: the dialog says it will be recorded, and it is.
    qtbot.keyClicks(combo, "Noor")
    assert combo.currentText() == "Noor Al-Hassan — Payments"
    assert dialog.note.text() == (
        "Noor Al-Hassan is in Payments, not Finance: the sign-off will record that they signed for Finance."
    )
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    version = page.current_version().id
    qtbot.waitUntil(
        lambda: (
            demo_database.reader().one(
                "SELECT signer_department FROM sign_off WHERE version_id = :v AND department = 'finance'",
                {"v": version},
            )
            == ("Payments",)
        ),
        timeout=20_000,
    )
    wait_for_reload(qtbot, page)
    finance = next(
        row for row, record in enumerate(page.sign_offs_model.rows()) if record.department.value == "finance"
    )
    assert page.sign_offs_model.index(finance, models.SIGNED_BY).data() == "Noor Al-Hassan (Payments) for Finance"
    # Someone of the CISO office signing for CISO is one of its own: nothing more is said.
    ciso = next(row for row, record in enumerate(page.sign_offs_model.rows()) if record.department.value == "ciso")
    assert page.sign_offs_model.index(ciso, models.SIGNED_BY).data() == "Grace Adeyemi"


def test_feedback_offers_the_chosen_departments_people_first(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    page.tabs.setCurrentIndex(3)
    dialog = opened_dialog(qtbot, page, page.add_feedback_button)
    assert [dialog.person.itemText(index).split(" — ")[1] for index in range(1, 6)] == ["Finance"] * 5
    qtbot.keyClicks(dialog.department, "HR")
    assert [dialog.person.itemText(index).split(" — ")[1] for index in range(1, 5)] == ["HR"] * 4
    assert dialog.person.itemData(5, Qt.ItemDataRole.AccessibleDescriptionRole) == "separator"
    dialog.reject()


# --- the actions follow the selection exactly -----------------------------------------------------------


def click_row(qtbot, table, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Click a row of ``table`` (Ctrl+click lets a selected row go) as the user does."""
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def show_tab(qtbot, page: PolicyLibraryPage, table) -> None:
    """Click the tab that holds ``table``."""
    bar = page.tabs.tabBar()
    tab = page.tabs.indexOf(table.parentWidget())
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
    assert page.tabs.currentIndex() == tab


def signed_count(database: Database, version_id: int) -> int:
    return database.reader().scalar("SELECT count(*) FROM sign_off WHERE version_id = :v", {"v": version_id})


def test_a_sign_off_let_go_or_withdrawn_leaves_withdraw_disabled(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    """Ctrl+click lets the row go but leaves the current index on it: Withdraw must not act on it then."""
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    show_tab(qtbot, page, page.sign_offs)
    version = page.current_version()
    row = next(row for row, record in enumerate(page.sign_offs_model.rows()) if record.signed)
    before = signed_count(demo_database, version.id)
    click_row(qtbot, page.sign_offs, row)
    assert page.withdraw_button.isEnabled()

    click_row(qtbot, page.sign_offs, row, Qt.KeyboardModifier.ControlModifier)
    assert page.sign_offs.currentIndex().row() == row  # Qt keeps the current index on the row let go
    assert not page.withdraw_button.isEnabled()
    assert page.selected_sign_off() is None
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    assert signed_count(demo_database, version.id) == before

    # Selected again and withdrawn: the row stays, now missing, and Withdraw is off for it.
    click_row(qtbot, page.sign_offs, row)
    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: signed_count(demo_database, version.id) == before - 1)
    wait_for_reload(qtbot, page)
    assert page.sign_offs_model.index(row, models.SIGN_STATE).data() == "✘ Missing"
    assert not page.withdraw_button.isEnabled()


def test_a_policy_let_go_leaves_no_action_on_it_even_after_a_reload(
    qtbot, page: PolicyLibraryPage, demo_database: Database
) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    actions = (
        page.edit_policy_button,
        page.retire_button,
        page.new_version_button,
        page.publish_button,
        page.approve_button,
        page.sign_off_button,
        page.withdraw_button,
        page.add_feedback_button,
        page.disposition_button,
    )
    assert page.edit_policy_button.isEnabled() and page.retire_button.isEnabled()

    click_row(qtbot, page.policies, shown_titles(page)[OVERSIGHT], Qt.KeyboardModifier.ControlModifier)
    assert [button.text() for button in actions if button.isEnabled()] == []
    assert page.selected_policy() is None
    assert "Select a policy" in page.detail_title.text()
    assert page.versions_model.rowCount() == 0 and page.sign_offs_model.rowCount() == 0
    qtbot.mouseClick(page.edit_policy_button, Qt.MouseButton.LeftButton)
    assert page.dialog is None  # Edit… opened for nobody

    # A reload (another page's change, say) does not pick a policy for the user.
    page.reload()
    wait_for_reload(qtbot, page)
    assert page.selected_policy() is None
    assert [button.text() for button in actions if button.isEnabled()] == []
    assert page.new_policy_button.isEnabled()


def test_feedback_let_go_cannot_be_given_a_disposition(qtbot, page: PolicyLibraryPage, demo_database: Database) -> None:
    open_project(qtbot, page, demo_database)
    select(qtbot, page, OVERSIGHT)
    show_tab(qtbot, page, page.feedback)
    assert page.feedback_proxy.rowCount() > 0, "the demo has feedback on the current version"
    click_row(qtbot, page.feedback, 0)
    feedback = page.selected_feedback()
    assert feedback is not None and page.disposition_button.isEnabled()
    other = next(disposition for disposition in Disposition if disposition != feedback.disposition)
    page.disposition_choice.setCurrentIndex(page.disposition_choice.findData(other.value))

    click_row(qtbot, page.feedback, 0, Qt.KeyboardModifier.ControlModifier)
    assert not page.disposition_button.isEnabled() and not page.disposition_choice.isEnabled()
    assert page.selected_feedback() is None
    qtbot.mouseClick(page.disposition_button, Qt.MouseButton.LeftButton)
    wait_for_reload(qtbot, page)
    stored = demo_database.reader().scalar("SELECT disposition FROM feedback WHERE id = :id", {"id": feedback.id})
    assert stored == feedback.disposition.value
