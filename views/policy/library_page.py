"""A project's policy library: its policies and the org-wide ones, with versions, diffs, sign-offs and feedback.

The page shows one project (``show_project``), loaded on the worker through
``ProjectPage`` (``views.project_page``): every policy that applies (the
project's own and the org-wide ones, marked), each with its versions, the
sign-offs of every version per stakeholder department and the feedback on
every version, so choosing a policy or a version needs no further read
(``views.policy.library_data``).

Top to bottom (``views.policy.library_sections``): the policies table (a stale
one says so in text and in red) with new / edit / retire; then, for the
selected policy, tabs: its versions beside the selected version's Markdown,
with new version / publish / approve; a side-by-side diff of any two versions;
the sign-offs of the current version (sign off / withdraw); and the feedback on
the selected version (add, change disposition). Every write is a service call
through ``run_edit``; those with a reverse (editing a policy, signing off and
withdrawing, a disposition) are undoable and made here; creating, retiring,
adding, publishing and approving have none (``views.policy.library_lifecycle``,
the page's base, with what is selected).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.services.change import Action, Entity
from models.enums import Disposition, PolicyStatus, StakeholderDepartment
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.layouts import split_vertically, top_to_bottom
from views.policy.dialogs import (
    PersonDialog,
    PolicyDialog,
    SubmitDialog,
    when_refused,
    when_saved,
)
from views.policy.library_data import LibraryData, load_library
from views.policy.library_lifecycle import PolicyLifecycle
from views.policy.library_sections import PolicyDetail, PolicyList
from views.policy.page import POLICY_ENTITIES
from views.policy.wording import name
from views.project_page import ProjectPage
from views.selection import SelectionFollower

if TYPE_CHECKING:
    from app.services.change import Change

__all__ = ["RELEVANT_ENTITIES", "LibraryData", "PolicyLibraryPage", "load_library"]

# The entities whose changes can alter what the page shows (matched exactly).
RELEVANT_ENTITIES = POLICY_ENTITIES | {Entity.SIGN_OFF}


class PolicyLibraryPage(PolicyLifecycle, ProjectPage):
    """One project's policies. ``status_message`` carries a line for the window's status bar."""

    relevant_entities = RELEVANT_ENTITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent, message_name="policyMessage", loading_text=tr("Loading policies…"))
        self.setObjectName("policyLibraryPage")
        self._data: LibraryData | None = None
        self._select_policy_after_load: int | None = None
        # The policy and version the tabs show (they follow the selection), and whether the next load is a
        # project's first, which selects its first policy (later loads keep what the user selected, or nothing).
        self._shown_policy_id: int | None = None
        self._shown_version_id: int | None = None
        self._first_load = True
        self._build_sections()
        self.splitter = split_vertically(self, self.policy_list, self.detail, shares=(2, 3), heights=[350, 430])
        top_to_bottom(self, (self.splitter, 1), self._status_row(), margin=12)
        self._follow_selections()
        self._connect_actions()
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    # --- building ----------------------------------------------------------------------
    def _build_sections(self) -> None:
        """The policy list and the selected policy's tabs, their widgets under the names the page always had."""
        self.policy_list = PolicyList(self)
        self.summary = self.policy_list.summary
        self.new_policy_button = self.policy_list.new_policy_button
        self.edit_policy_button = self.policy_list.edit_policy_button
        self.retire_button = self.policy_list.retire_button
        self.policies_model = self.policy_list.model
        self.policies_proxy = self.policy_list.proxy
        self.policies = self.policy_list.table
        self.detail = PolicyDetail(self)
        self.detail_title = self.detail.title
        self.tabs = self.detail.tabs
        versions, compare = self.detail.versions_tab, self.detail.compare_tab
        sign_offs, feedback = self.detail.sign_offs_tab, self.detail.feedback_tab
        self.versions_model, self.versions, self.version_text = versions.model, versions.table, versions.text
        self.new_version_button = versions.new_version_button
        self.publish_button = versions.publish_button
        self.approve_button = versions.approve_button
        self.compare_left, self.compare_right = compare.left, compare.right
        self.changes_only, self.diff = compare.changes_only, compare.diff
        self.sign_offs_caption, self.sign_offs_model, self.sign_offs = (
            sign_offs.caption,
            sign_offs.model,
            sign_offs.table,
        )
        self.sign_off_button, self.withdraw_button = sign_offs.sign_off_button, sign_offs.withdraw_button
        self.feedback_caption, self.feedback_model = feedback.caption, feedback.model
        self.feedback_proxy, self.feedback = feedback.proxy, feedback.table
        self.add_feedback_button = feedback.add_feedback_button
        self.disposition_choice, self.disposition_button = feedback.disposition_choice, feedback.disposition_button

    def _follow_selections(self) -> None:
        # Every button acts on the selected rows only (never on a row the current index merely moved to),
        # and is re-read whenever they may have changed: a click, a reload, a table sorted.
        self.policy_selection = SelectionFollower(self.policies)
        self.version_selection = SelectionFollower(self.versions)
        self.sign_off_selection = SelectionFollower(self.sign_offs)
        self.feedback_selection = SelectionFollower(self.feedback)
        self.policy_selection.changed.connect(self._policy_selection_changed)
        self.version_selection.changed.connect(self._version_selection_changed)
        self.sign_off_selection.changed.connect(self._update_actions)
        self.feedback_selection.changed.connect(self._update_actions)

    def _connect_actions(self) -> None:
        self.policies.doubleClicked.connect(lambda _index: self.edit_policy())
        self.new_policy_button.clicked.connect(self.new_policy)
        self.edit_policy_button.clicked.connect(self.edit_policy)
        self.retire_button.clicked.connect(self.retire_policy)
        self.new_version_button.clicked.connect(self.new_version)
        self.publish_button.clicked.connect(self.publish_version)
        self.approve_button.clicked.connect(self.approve_version)
        self.sign_off_button.clicked.connect(self.sign_off)
        self.withdraw_button.clicked.connect(self.withdraw_sign_off)
        self.add_feedback_button.clicked.connect(self.add_feedback)
        self.disposition_button.clicked.connect(
            lambda: self.set_disposition(Disposition(self.disposition_choice.currentData()))
        )

    def select_policy(self, policy_id: int) -> bool:
        return self.policy_list.select_policy(policy_id)

    def select_version(self, version_id: int) -> bool:
        row = self.versions_model.row_of(version_id)
        if row < 0:
            return False
        self.versions.selectRow(row)
        return True

    def select_department(self, department: str) -> bool:
        """Select a stakeholder department's row in the sign-offs table."""
        return self.detail.sign_offs_tab.select_department(department)

    # --- loading (the hooks of ProjectPage) --------------------------------------------
    def _loader(self, project_id: int) -> Callable[[], LibraryData]:
        database = self.context.database
        return lambda: load_library(database, project_id)

    def _concerns_another_project(self, change: Change) -> bool:
        details = change.details or {}
        if change.entity is Entity.PROJECT:
            return change.action is Action.UPDATED and self._project_id not in change.ids
        return details.get("project_id") not in (None, self._project_id)

    def _show_nothing(self) -> None:
        self._first_load = True
        self.summary.setText("")
        self.policies_model.set_rows(())
        self._policy_selected()

    def _show(self, data: LibraryData) -> None:
        keep_policy = self._select_policy_after_load
        old_policy, old_version = self.selected_policy(), self.selected_version()
        old_sign_off, old_feedback = self.selected_sign_off(), self.selected_feedback()
        if keep_policy is None and old_policy is not None:
            keep_policy = old_policy.id
        keep_version = old_version.id if old_version is not None else None
        keep_tab = self.tabs.currentIndex()
        keep_department = old_sign_off.department.value if old_sign_off else None
        keep_feedback = old_feedback.id if old_feedback else None
        self._select_policy_after_load = None
        first_load, self._first_load = self._first_load, False
        self.policies_model.set_rows(data.policies)
        self.policy_list.show_summary(data.policies, data.project_name)
        if not (keep_policy is not None and self.select_policy(keep_policy)) and data.policies and first_load:
            self.policies.selectRow(0)
        self._policy_selected()
        if keep_version is not None:
            self.select_version(keep_version)
        if keep_department is not None:
            self.select_department(keep_department)
        if keep_feedback is not None:
            self.detail.feedback_tab.select_feedback(keep_feedback)
        self.tabs.setCurrentIndex(keep_tab)

    def _policy_selection_changed(self) -> None:
        policy = self.selected_policy()
        policy_id = policy.id if policy is not None else None
        self._follow_selection(policy_id, self._shown_policy_id, show=self._policy_selected)

    def _version_selection_changed(self) -> None:
        version = self.selected_version()
        version_id = version.id if version is not None else None
        self._follow_selection(version_id, self._shown_version_id, show=self._version_selected)

    def _policy_selected(self) -> None:
        policy = self.selected_policy()
        self._shown_policy_id = policy.id if policy is not None else None
        versions = self._data.versions.get(policy.id, []) if policy is not None and self._data else []
        self.versions_model.set_rows(versions)
        self.detail.show_title(policy, versions, any_policies=self._data is not None and bool(self._data.policies))
        # The current version is where the work is; a draft after it is the next thing to publish.
        current_version = self.current_version()
        if versions:
            self.versions.selectRow(self.versions_model.row_of(current_version.id) if current_version else 0)
        self.detail.compare_tab.fill(versions)
        self.detail.show_sign_offs(
            self._data.sign_offs.get(current_version.id, []) if current_version is not None and self._data else [],
            policy_selected=policy is not None,
            current=current_version,
        )
        self._version_selected()

    def _version_selected(self) -> None:
        version = self.selected_version()
        self._shown_version_id = version.id if version is not None else None
        self.detail.versions_tab.show_version(version)
        self.detail.show_feedback(
            self._data.feedback.get(version.id, []) if version is not None and self._data else [], version
        )
        self._update_actions()

    def compare(self, left_version_id: int, right_version_id: int) -> None:
        """Show the diff of two of the selected policy's versions."""
        self.detail.compare_tab.compare(left_version_id, right_version_id)

    def _update_actions(self) -> None:
        loaded = self._data is not None
        policy = self.selected_policy()
        editable = policy is not None and policy.status != PolicyStatus.RETIRED
        version = self.selected_version()
        current = self.current_version()
        sign_off = self.selected_sign_off()
        self.new_policy_button.setEnabled(loaded)
        self.edit_policy_button.setEnabled(editable)
        self.retire_button.setEnabled(editable)
        self.new_version_button.setEnabled(editable)
        newest = max((row.number for row in self.versions_model.rows()), default=None)
        self.publish_button.setEnabled(
            editable and version is not None and version.published_on is None and version.number == newest
        )
        self.approve_button.setEnabled(
            editable
            and current is not None
            and version is not None
            and version.id == current.id
            and current.approved_on is None
        )
        self.sign_off_button.setEnabled(
            editable and current is not None and any(not row.signed for row in self.sign_offs_model.rows())
        )
        self.withdraw_button.setEnabled(editable and sign_off is not None and sign_off.signed)
        self.add_feedback_button.setEnabled(version is not None)
        self.disposition_button.setEnabled(self.selected_feedback() is not None)
        self.disposition_choice.setEnabled(self.selected_feedback() is not None)

    # --- writing -------------------------------------------------------------------
    def edit_policy(self) -> PolicyDialog | None:
        """Edit the selected policy's fields (undo puts them back)."""
        from app.services import policy as policy_services

        policy = self.selected_policy()
        if policy is None or policy.status == PolicyStatus.RETIRED or self._data is None:
            return None
        dialog = PolicyDialog(self, policy=policy, departments=self._data.departments)
        database = self.context.database

        def save() -> None:
            before, after = dialog.changes()
            if not after:
                return
            self._run(
                tr("Edit {title}").format(title=policy.title),
                do=lambda: policy_services.update_policy(database, policy.id, after),
                undo=lambda: policy_services.update_policy(database, policy.id, before),
            )

        dialog.accepted.connect(save)
        self._open(dialog)
        return dialog

    def sign_off(self) -> PersonDialog | None:
        """Ask which department signs the current version off, and who for it (that department's people first)."""
        version = self.current_version()
        if version is None or self._data is None:
            return None
        chosen = self.selected_sign_off()
        missing = [row for row in self.sign_offs_model.rows() if not row.signed]
        if not missing:
            return None
        department = chosen.department if chosen is not None and not chosen.signed else missing[0].department
        dialog = PersonDialog(
            self,
            title=tr("Sign off version {number}").format(number=version.number),
            prompt=tr(
                "Record a stakeholder department's sign-off on version {number}. The department's own people "
                "are listed first."
            ).format(number=version.number),
            people=self._data.people,
            department=department,
            optional=True,
            ok_text=tr("Sign off"),
        )
        dialog.submitted.connect(lambda values: self.record_sign_off(version.id, **values, dialog=dialog))
        self._open(dialog)
        return dialog

    def record_sign_off(
        self,
        version_id: int,
        *,
        department: str,
        person_id: int | None = None,
        comment: str = "",
        dialog: SubmitDialog | None = None,
    ) -> None:
        """Sign ``version_id`` off for ``department`` (undo withdraws it)."""
        from app.services import policy as policy_services

        database = self.context.database
        current: dict[str, int] = {}
        today = date.today()  # the day it was signed, also after a redo on a later day

        def sign() -> Change:
            change = policy_services.sign_off(
                database, version_id, department=department, person_id=person_id, comment=comment, signed_on=today
            )
            current["id"] = change.ids[0]
            return change

        self._run(
            tr("Sign-off by {department}").format(department=name(StakeholderDepartment(department))),
            do=sign,
            undo=lambda: policy_services.withdraw_sign_off(database, current["id"]),
            on_success=when_saved(dialog) if dialog is not None else None,
            on_refused=when_refused(dialog, self._say) if dialog is not None else None,
        )

    def withdraw_sign_off(self) -> None:
        """Withdraw the selected department's sign-off (undo signs it again as it was)."""
        from app.services import policy as policy_services

        row = self.selected_sign_off()
        if row is None or row.id is None:
            return
        database = self.context.database
        current = {"id": row.id}

        def sign_again() -> Change:
            change = policy_services.sign_off(
                database,
                row.version_id,
                department=row.department,
                person_id=row.person_id,
                comment=row.comment,
                signed_on=row.signed_on,
            )
            current["id"] = change.ids[0]
            return change

        self._run(
            tr("Withdraw sign-off by {department}").format(department=name(row.department)),
            do=lambda: policy_services.withdraw_sign_off(database, current["id"]),
            undo=sign_again,
        )

    def set_disposition(self, disposition: Disposition) -> None:
        """Give the selected feedback ``disposition`` (undo puts the previous one back)."""
        from app.services import policy as policy_services

        row = self.selected_feedback()
        if row is None or row.disposition == disposition:
            return
        database = self.context.database
        before, resolved_before = row.disposition, row.resolved_on
        today = date.today()  # the day it was resolved, also after a redo on a later day
        self._run(
            tr("Mark feedback {disposition}").format(disposition=name(disposition).lower()),
            do=lambda: policy_services.set_disposition(database, row.id, disposition, resolved_on=today),
            undo=lambda: policy_services.set_disposition(database, row.id, before, resolved_on=resolved_before),
        )
