"""A project's policy library: its policies and the org-wide ones, with versions, diffs, sign-offs and feedback.

The page shows one project (``show_project``), loaded on the worker through
``ProjectPage`` (``views.project_page``): every policy that applies (the
project's own and the org-wide ones, marked), each with its versions, the
sign-offs of every version per stakeholder department and the feedback on
every version, so choosing a policy or a version needs no further read.

Top to bottom: the policies table (a stale one says so in text and in red)
with new / edit / retire; then, for the selected policy, tabs: its versions
beside the selected version's Markdown, with new version / publish / approve;
a side-by-side diff of any two versions; the sign-offs of the current version
(sign off / withdraw); and the feedback on the selected version (add, change
disposition). Every write is a service call through ``run_edit``; those with a
reverse (editing a policy, signing off and withdrawing, a disposition) are
undoable; creating, retiring, adding, publishing and approving have none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.queries.people import PersonRow
from app.queries.policy import FeedbackRow, PolicyRow, SignOffRow, VersionRow
from models.enums import Disposition, PolicyStatus, StakeholderDepartment
from views.confirm import confirm
from views.context import AppContext
from views.full_text import show_full_text
from views.labels import tr
from views.policy import models
from views.policy.dialogs import (
    FeedbackDialog,
    PersonDialog,
    PolicyDialog,
    SubmitDialog,
    VersionDialog,
    of_department,
    when_refused,
    when_saved,
)
from views.policy.diff import diff_html, side_by_side
from views.policy.wording import name
from views.project_page import ProjectPage
from views.roles import SortRole
from views.selection import SelectionFollower
from views.tables import COMPACT_ROW_HEIGHT, read_only_table

if TYPE_CHECKING:
    from app.db.database import Database
    from app.services.unit import Change

RELEVANT_ENTITIES = ("policy", "sign_off", "feedback", "person", "project", "demo", "import")


class LibraryData(NamedTuple):
    """Everything the page shows for a project, read on the worker in one go."""

    project_name: str
    policies: tuple[PolicyRow, ...]
    versions: dict[int, list[VersionRow]]  # by policy id, newest first
    sign_offs: dict[int, list[SignOffRow]]  # by version id, one per stakeholder department
    feedback: dict[int, list[FeedbackRow]]  # by version id
    people: tuple[PersonRow, ...]  # active people, for the pickers
    departments: tuple[str, ...]


def load_library(database: Database, project_id: int) -> LibraryData:
    """The project's policies with their versions, sign-offs and feedback (worker thread)."""
    from app.errors import UserError
    from app.queries.people import list_departments, list_people
    from app.queries.policy import list_policies, list_versions, version_feedback, version_sign_offs

    reader = database.reader()
    project_name = reader.scalar("SELECT name FROM project WHERE id = :id", {"id": project_id})
    if project_name is None:
        raise UserError(tr("The project no longer exists."))
    policies = tuple(list_policies(reader, project_id, today=date.today()))
    versions = list_versions(reader, [policy.id for policy in policies])
    version_ids = [version.id for rows in versions.values() for version in rows]
    return LibraryData(
        project_name=project_name,
        policies=policies,
        versions=versions,
        sign_offs={version_id: version_sign_offs(reader, version_id) for version_id in version_ids},
        feedback={version_id: version_feedback(reader, version_id) for version_id in version_ids},
        people=tuple(person for person in list_people(reader) if person.active and not person.erased),
        departments=tuple(list_departments(reader)),
    )


def _proxy(model: models.ColouredTableModel, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    return proxy


def _caption(text: str, parent: QWidget) -> QLabel:
    caption = QLabel(text, parent)
    caption.setObjectName("listCaption")
    return caption


class PolicyLibraryPage(ProjectPage):
    """One project's policies. ``status_message`` carries a line for the window's status bar."""

    relevant_entities = RELEVANT_ENTITIES
    refusals_in_page = True

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

        # Headline and the policy actions.
        self.summary = QLabel("", self)
        self.summary.setObjectName("policySummary")
        self.summary.setWordWrap(True)
        self.new_policy_button = QPushButton(tr("New policy…"), self)
        self.edit_policy_button = QPushButton(tr("Edit…"), self)
        self.retire_button = QPushButton(tr("Retire"), self)
        self.retire_button.setToolTip(
            tr("Keep the policy and its versions for the record; it is no longer reviewed or edited. Cannot be undone.")
        )
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        for button in (self.new_policy_button, self.edit_policy_button, self.retire_button):
            top.addWidget(button)

        self.policies_model = models.policies_model(self)
        self.policies_proxy = _proxy(self.policies_model, self)
        self.policies = read_only_table(
            self,
            self.policies_proxy,
            name="policiesTable",
            sortable=True,
            highlight_header=True,
            stretch_column=models.TITLE,
        )
        self.policies.sortByColumn(models.TITLE, Qt.SortOrder.AscendingOrder)
        header = self.policies.horizontalHeader()
        for column, width in (
            # Tight enough that the policy's title, the column that matters, keeps most of a 1280-px window.
            (models.SCOPE, 72),
            (models.CATEGORY, 140),
            (models.OWNER, 100),
            (models.STATUS, 80),
            (models.CADENCE, 98),
            (models.NEXT_REVIEW, 92),
            (models.REVIEW_STATE, 165),
        ):
            header.resizeSection(column, width)

        # The selected policy, in tabs.
        self.detail_title = QLabel("", self)
        self.detail_title.setObjectName("policyDetailTitle")
        self.detail_title.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("policyTabs")
        self.tabs.addTab(self._versions_tab(), tr("Versions"))
        self.tabs.addTab(self._compare_tab(), tr("Compare versions"))
        self.tabs.addTab(self._sign_offs_tab(), tr("Sign-offs"))
        self.tabs.addTab(self._feedback_tab(), tr("Feedback"))
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 4, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.tabs, 1)

        policies_box = QWidget(self)
        policies_layout = QVBoxLayout(policies_box)
        policies_layout.setContentsMargins(0, 0, 0, 0)
        policies_layout.addLayout(top)
        policies_layout.addWidget(self.policies, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(policies_box)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([350, 430])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._status_row())

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
        self.policies.doubleClicked.connect(lambda _index: self.edit_policy())
        self.compare_left.currentIndexChanged.connect(lambda _index: self._show_diff())
        self.compare_right.currentIndexChanged.connect(lambda _index: self._show_diff())
        self.changes_only.toggled.connect(lambda _checked: self._show_diff())
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
        show_full_text(self)  # every cut text (cells, titles, pick lists) readable whole in its tooltip
        self._show_nothing()

    # --- building the tabs -------------------------------------------------------------
    def _versions_tab(self) -> QWidget:
        tab = QWidget(self)
        self.versions_model = models.versions_model(self)
        self.versions = read_only_table(
            tab, self.versions_model, name="versionsTable", row_height=COMPACT_ROW_HEIGHT, stretch_column=models.SUMMARY
        )
        header = self.versions.horizontalHeader()
        for column, width in (
            (models.NUMBER, 60),
            (models.CREATED, 88),
            (models.PUBLISHED, 88),
            (models.APPROVED, 250),
            (models.AUTHOR, 125),
        ):
            header.resizeSection(column, width)
        self.new_version_button = QPushButton(tr("New version…"), tab)
        self.publish_button = QPushButton(tr("Publish"), tab)
        self.publish_button.setToolTip(
            tr(
                "Publish the selected draft for review: it becomes the current version "
                "and starts with no sign-offs. Cannot be undone."
            )
        )
        self.approve_button = QPushButton(tr("Approve…"), tab)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_version_button)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.approve_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.versions, 1)
        left.addLayout(buttons)
        self.version_text = QTextBrowser(tab)
        self.version_text.setObjectName("versionText")
        self.version_text.setOpenExternalLinks(True)
        layout = QHBoxLayout(tab)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(left, 5)
        layout.addWidget(self.version_text, 3)
        return tab

    def _compare_tab(self) -> QWidget:
        tab = QWidget(self)
        self.compare_left = QComboBox(tab)
        self.compare_left.setObjectName("compareLeft")
        self.compare_right = QComboBox(tab)
        self.compare_right.setObjectName("compareRight")
        for combo in (self.compare_left, self.compare_right):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.changes_only = QCheckBox(tr("Changed lines only"), tab)
        self.changes_only.setObjectName("diffChangesOnly")
        self.diff = QTextBrowser(tab)
        self.diff.setObjectName("versionDiff")
        choose = QHBoxLayout()
        choose.addWidget(QLabel(tr("Compare"), tab))
        choose.addWidget(self.compare_left)
        choose.addWidget(QLabel(tr("with"), tab))
        choose.addWidget(self.compare_right)
        choose.addStretch(1)
        choose.addWidget(self.changes_only)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(choose)
        layout.addWidget(self.diff, 1)
        return tab

    def _sign_offs_tab(self) -> QWidget:
        tab = QWidget(self)
        self.sign_offs_caption = _caption("", tab)
        self.sign_offs_caption.setWordWrap(True)
        self.sign_offs_model = models.sign_offs_model(self)
        self.sign_offs = read_only_table(
            tab,
            self.sign_offs_model,
            name="signOffsTable",
            row_height=COMPACT_ROW_HEIGHT,
            stretch_column=models.SIGNED_BY,
        )
        header = self.sign_offs.horizontalHeader()
        for column, width in ((models.SIGN_DEPARTMENT, 140), (models.SIGNED_ON, 110), (models.SIGN_STATE, 120)):
            header.resizeSection(column, width)
        self.sign_off_button = QPushButton(tr("Sign off…"), tab)
        self.withdraw_button = QPushButton(tr("Withdraw sign-off"), tab)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_off_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.sign_offs_caption)
        layout.addWidget(self.sign_offs, 1)
        layout.addLayout(buttons)
        return tab

    def _feedback_tab(self) -> QWidget:
        tab = QWidget(self)
        self.feedback_caption = _caption("", tab)
        self.feedback_model = models.feedback_model(self)
        self.feedback_proxy = _proxy(self.feedback_model, self)
        self.feedback = read_only_table(
            tab,
            self.feedback_proxy,
            name="feedbackTable",
            sortable=True,
            row_height=COMPACT_ROW_HEIGHT,
            stretch_column=models.COMMENT,
        )
        header = self.feedback.horizontalHeader()
        for column, width in (
            (models.FEEDBACK_DEPARTMENT, 110),
            (models.FEEDBACK_PERSON, 150),
            (models.RECEIVED, 90),
            (models.DISPOSITION, 95),
        ):
            header.resizeSection(column, width)
        self.add_feedback_button = QPushButton(tr("Add feedback…"), tab)
        self.disposition_choice = QComboBox(tab)
        self.disposition_choice.setObjectName("dispositionChoice")
        for disposition in Disposition:
            self.disposition_choice.addItem(name(disposition), disposition.value)
        self.disposition_button = QPushButton(tr("Set disposition"), tab)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_feedback_button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(tr("Disposition of the selected feedback:"), tab))
        buttons.addWidget(self.disposition_choice)
        buttons.addWidget(self.disposition_button)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.feedback_caption)
        layout.addWidget(self.feedback, 1)
        layout.addLayout(buttons)
        return tab

    # --- reading -------------------------------------------------------------------
    def library(self) -> LibraryData | None:
        return self._data

    def selected_policy(self) -> PolicyRow | None:
        """The selected policy, or None: never a row the current index moved to on its own."""
        policy: PolicyRow | None = self.policy_selection.selected()
        return policy

    def selected_version(self) -> VersionRow | None:
        version: VersionRow | None = self.version_selection.selected()
        return version

    def current_version(self) -> VersionRow | None:
        """The selected policy's current version (newest published), whose sign-offs count."""
        policy = self.selected_policy()
        if policy is None or self._data is None or policy.current_number is None:
            return None
        return next(
            (version for version in self._data.versions.get(policy.id, ()) if version.number == policy.current_number),
            None,
        )

    def _tab_of(self, table: QWidget) -> int:
        page = table.parentWidget()
        assert page is not None  # each table sits on its tab's page
        return self.tabs.indexOf(page)

    def selected_sign_off(self) -> SignOffRow | None:
        sign_off: SignOffRow | None = self.sign_off_selection.selected()
        return sign_off

    def selected_feedback(self) -> FeedbackRow | None:
        feedback: FeedbackRow | None = self.feedback_selection.selected()
        return feedback

    def select_policy(self, policy_id: int) -> bool:
        row = self.policies_model.row_of(policy_id)
        if row < 0:
            return False
        index = self.policies_proxy.mapFromSource(self.policies_model.index(row, models.TITLE))
        self.policies.selectRow(index.row())
        self.policies.scrollTo(index)
        return True

    def select_version(self, version_id: int) -> bool:
        row = self.versions_model.row_of(version_id)
        if row < 0:
            return False
        self.versions.selectRow(row)
        return True

    def select_department(self, department: str) -> bool:
        """Select a stakeholder department's row in the sign-offs table."""
        row = next(
            (row for row, record in enumerate(self.sign_offs_model.rows()) if record.department.value == department), -1
        )
        if row >= 0:
            self.sign_offs.selectRow(row)
        return row >= 0

    # --- loading (the hooks of ProjectPage) --------------------------------------------
    def _loader(self, project_id: int) -> Callable[[], LibraryData]:
        database = self.context.database
        return lambda: load_library(database, project_id)

    def _concerns_another_project(self, change: Change) -> bool:
        details = change.details or {}
        if change.entity == "project":
            return change.action == "updated" and self._project_id not in change.ids
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
        stale = sum(policy.stale for policy in data.policies)
        org_wide = sum(policy.org_wide for policy in data.policies)
        summary = tr("{count} policies for {project} ({own} of the project, {org} org-wide)").format(
            count=len(data.policies), project=data.project_name, own=len(data.policies) - org_wide, org=org_wide
        )
        if stale:
            summary += " · " + tr("<span style='color:#a1251b'><b>{stale} stale</b> (review overdue)</span>").format(
                stale=stale
            )
        self.summary.setText(summary)
        if not (keep_policy is not None and self.select_policy(keep_policy)) and data.policies and first_load:
            self.policies.selectRow(0)
        self._policy_selected()
        if keep_version is not None:
            self.select_version(keep_version)
        if keep_department is not None:
            self.select_department(keep_department)
        if keep_feedback is not None:
            row = self.feedback_model.row_of(keep_feedback)
            if row >= 0:
                self.feedback.selectRow(self.feedback_proxy.mapFromSource(self.feedback_model.index(row, 0)).row())
        self.tabs.setCurrentIndex(keep_tab)

    def _policy_selection_changed(self) -> None:
        policy = self.selected_policy()
        if (policy.id if policy is not None else None) != self._shown_policy_id:
            self._policy_selected()
        else:
            self._update_actions()

    def _version_selection_changed(self) -> None:
        version = self.selected_version()
        if (version.id if version is not None else None) != self._shown_version_id:
            self._version_selected()
        else:
            self._update_actions()

    def _policy_selected(self) -> None:
        policy = self.selected_policy()
        self._shown_policy_id = policy.id if policy is not None else None
        versions = self._data.versions.get(policy.id, []) if policy is not None and self._data else []
        self.versions_model.set_rows(versions)
        if policy is None:
            self.detail_title.setText(
                tr("Select a policy to see its versions, sign-offs and feedback.")
                if self._data is not None and self._data.policies
                else ""
            )
        else:
            scope = tr("org-wide") if policy.org_wide else tr("this project's")
            current = (
                tr("current version {number}").format(number=policy.current_number)
                if policy.current_number is not None
                else tr("no version published yet")
            )
            shown = next((row for row in versions if row.number == policy.current_number), None)
            if shown is not None and shown.approved_on is not None:
                current += " · " + models.approval_text(shown)
            refs = " · " + policy.framework_refs if policy.framework_refs else ""
            self.detail_title.setText(
                tr("<b>{title}</b> — {scope} policy, {status}, {current}{refs}").format(
                    title=policy.title, scope=scope, status=name(policy.status).lower(), current=current, refs=refs
                )
            )
        # The current version is where the work is; a draft after it is the next thing to publish.
        current_version = self.current_version()
        if versions:
            self.versions.selectRow(self.versions_model.row_of(current_version.id) if current_version else 0)
        self._fill_compare(versions)
        self._show_sign_offs()
        self._version_selected()

    def _version_selected(self) -> None:
        version = self.selected_version()
        self._shown_version_id = version.id if version is not None else None
        if version is None:
            self.version_text.setMarkdown("")
            self.version_text.setPlaceholderText(tr("This policy has no version yet: add one with “New version…”."))
        else:
            self.version_text.setMarkdown(version.text)
        self._show_feedback()
        self._update_actions()

    def _fill_compare(self, versions: list[VersionRow]) -> None:
        for combo in (self.compare_left, self.compare_right):
            combo.blockSignals(True)
            combo.clear()
            for version in sorted(versions, key=lambda row: row.number):
                state = version.published_on.isoformat() if version.published_on else tr("draft")
                combo.addItem(tr("Version {number} ({state})").format(number=version.number, state=state), version.id)
            combo.blockSignals(False)
        # By default the newest against the one before it.
        count = len(versions)
        self.compare_left.setCurrentIndex(max(count - 2, 0) if count else -1)
        self.compare_right.setCurrentIndex(count - 1)
        self._show_diff()

    def compare(self, left_version_id: int, right_version_id: int) -> None:
        """Show the diff of two of the selected policy's versions."""
        self.compare_left.setCurrentIndex(self.compare_left.findData(left_version_id))
        self.compare_right.setCurrentIndex(self.compare_right.findData(right_version_id))
        self._show_diff()

    def _version(self, version_id: int | None) -> VersionRow | None:
        return next((version for version in self.versions_model.rows() if version.id == version_id), None)

    def _show_diff(self) -> None:
        left = self._version(self.compare_left.currentData())
        right = self._version(self.compare_right.currentData())
        if left is None or right is None:
            self.diff.setHtml("")
            self.diff.setPlaceholderText(tr("A policy with two versions or more can be compared here."))
            return
        rows = side_by_side(left.text, right.text)
        if self.changes_only.isChecked():
            rows = [row for row in rows if row.kind != "same"]
        self.diff.setHtml(
            diff_html(
                rows,
                left_title=tr("Version {number}").format(number=left.number),
                right_title=tr("Version {number}").format(number=right.number),
            )
        )

    def _show_sign_offs(self) -> None:
        current = self.current_version()
        rows = self._data.sign_offs.get(current.id, []) if current is not None and self._data else []
        self.sign_offs_model.set_rows(rows)
        if self.selected_policy() is None:
            self.sign_offs_caption.setText("")
        elif current is None:
            self.sign_offs_caption.setText(
                tr("No version is published yet; stakeholders sign off the current (newest published) version.")
            )
        else:
            signed = sum(row.signed for row in rows)
            self.sign_offs_caption.setText(
                tr("Sign-offs of the current version {number}: {signed} of {total} departments signed.").format(
                    number=current.number, signed=signed, total=len(rows)
                )
            )
        tab = self._tab_of(self.sign_offs)
        self.tabs.setTabText(
            tab,
            tr("Sign-offs ({signed}/{total})").format(signed=sum(row.signed for row in rows), total=len(rows))
            if rows
            else tr("Sign-offs"),
        )

    def _show_feedback(self) -> None:
        version = self.selected_version()
        rows = self._data.feedback.get(version.id, []) if version is not None and self._data else []
        self.feedback_model.set_rows(rows)
        if version is None:
            self.feedback_caption.setText("")
        else:
            still_open = sum(row.disposition == Disposition.OPEN for row in rows)
            self.feedback_caption.setText(
                tr("Feedback on version {number}: {count}, {open} open.").format(
                    number=version.number, count=len(rows), open=still_open
                )
            )
        tab = self._tab_of(self.feedback)
        self.tabs.setTabText(tab, tr("Feedback ({count})").format(count=len(rows)) if rows else tr("Feedback"))

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
    def new_policy(self) -> PolicyDialog | None:
        """Ask for a new policy of the project (or org-wide); it cannot be undone (there is no deleting)."""
        if self._data is None or self._project_id is None:
            return None
        dialog = PolicyDialog(self, departments=self._data.departments, project_name=self._data.project_name)
        dialog.accepted.connect(lambda: self.create_policy(dialog.values()))
        self._open(dialog)
        return dialog

    def create_policy(self, values: dict[str, Any]) -> None:
        from app.services import policy as policy_services

        database = self.context.database
        fields = dict(values)
        project_id = None if fields.pop("org_wide", False) else self._project_id

        def select_it(change: Change) -> None:
            self._select_policy_after_load = change.ids[0]

        self._run(
            tr("New policy {title}").format(title=fields["title"]),
            do=lambda: policy_services.create_policy(database, project_id=project_id, **fields),
            undo=None,
            on_success=select_it,
        )

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

    def retire_policy(self) -> None:
        """Retire the selected policy after asking (no undo: a retired policy cannot be edited back)."""
        from app.services import policy as policy_services

        policy = self.selected_policy()
        if policy is None or policy.status == PolicyStatus.RETIRED:
            return
        if not confirm(
            self,
            title=tr("Retire {title}").format(title=policy.title),
            text=tr("Retire {title}?").format(title=policy.title),
            detail=tr(
                "It is kept with its versions, sign-offs and feedback for the record, but no longer reviewed, "
                "edited or signed off, and no longer covers a governance gap. Retiring cannot be undone."
            ),
            action=tr("Retire"),
            destructive=True,
        ):
            return
        database = self.context.database
        self._run(
            tr("Retire {title}").format(title=policy.title),
            do=lambda: policy_services.retire_policy(database, policy.id),
            undo=None,
            on_success=lambda _change: self._say(tr("{title} is retired.").format(title=policy.title)),
        )

    def new_version(self) -> VersionDialog | None:
        """Ask for the next version's text (starting from the newest) and change summary."""
        policy = self.selected_policy()
        if policy is None or self._data is None:
            return None
        newest = next(iter(self._data.versions.get(policy.id, [])), None)
        dialog = VersionDialog(
            self,
            policy_title=policy.title,
            text=newest.text if newest else "",
            newest_number=newest.number if newest else None,
            people=self._data.people,
        )
        dialog.submitted.connect(lambda values: self.add_version(policy.id, values, dialog=dialog))
        self._open(dialog)
        return dialog

    def add_version(self, policy_id: int, values: dict[str, Any], *, dialog: SubmitDialog | None = None) -> None:
        """Add the next version as a draft; a refusal (same text, no summary) is said in ``dialog``, which stays."""
        from app.services import policy as policy_services

        database = self.context.database

        def added(change: Change) -> None:
            self._say(tr("Version {number} added as a draft.").format(number=change.details.get("number")))

        self._run(
            tr("New policy version"),
            do=lambda: policy_services.add_version(database, policy_id, **values),
            undo=None,
            on_success=when_saved(dialog, added) if dialog is not None else added,
            on_refused=when_refused(dialog, self._say) if dialog is not None else None,
        )

    def publish_question(self, version: VersionRow) -> tuple[str, str]:
        """What publishing ``version`` asks, and what it says publishing freezes."""
        policy = self.selected_policy()
        title = policy.title if policy is not None else ""
        current = self.current_version()
        text = tr("Publish version {number} of {title} for review?").format(number=version.number, title=title)
        if current is not None and self._data is not None:
            signed = sum(row.signed for row in self._data.sign_offs.get(current.id, []))
            detail = tr(
                "It becomes the current version, which stakeholders sign off afresh; version {current} keeps its "
                "{signed} sign-off(s) as they are, no longer open to change, and the policy is in review until "
                "version {number} is approved. Publishing cannot be undone."
            ).format(current=current.number, signed=signed, number=version.number)
        else:
            detail = tr(
                "It becomes the current version, for the stakeholder departments to sign off, and the policy is "
                "in review until it is approved. Publishing cannot be undone."
            )
        return text, detail

    def publish_version(self) -> None:
        """Publish the selected draft after asking: it becomes the current version, with no sign-offs yet."""
        from app.services import policy as policy_services

        version = self.selected_version()
        if version is None or version.published_on is not None:
            return
        text, detail = self.publish_question(version)
        if not confirm(
            self,
            title=tr("Publish version {number}").format(number=version.number),
            text=text,
            detail=detail,
            action=tr("Publish"),
        ):
            return
        database = self.context.database
        self._run(
            tr("Publish version {number}").format(number=version.number),
            do=lambda: policy_services.publish_version(database, version.id),
            undo=None,
            on_success=lambda _change: self._say(
                tr("Version {number} is published; its sign-offs start afresh.").format(number=version.number)
            ),
        )

    def approve_version(self) -> PersonDialog | None:
        """Ask who approves the current version (the owner department's people first), then confirm."""
        version = self.current_version()
        policy = self.selected_policy()
        if version is None or policy is None or self._data is None:
            return None
        of_the_owner = of_department(policy.owner_department)

        dialog = PersonDialog(
            self,
            title=tr("Approve version {number}").format(number=version.number),
            prompt=tr("Who approves version {number} of {title}?").format(number=version.number, title=policy.title)
            + (
                " "
                + tr("The people of {owner}, the owner department, are listed first.").format(
                    owner=policy.owner_department
                )
                if of_the_owner is not None
                else ""
            ),
            people=self._data.people,
            first=of_the_owner,
            confirmation=lambda asking, values: self._confirm_approval(asking, policy, version, values["person_id"]),
            ok_text=tr("Approve…"),
        )
        dialog.submitted.connect(lambda values: self.approve(version.id, values["person_id"], dialog=dialog))
        self._open(dialog)
        return dialog

    def approval_question(self, policy: PolicyRow, version: VersionRow, approver: str) -> tuple[str, str]:
        """What approving asks, and what it records and freezes."""
        from app.services.policy import add_months

        today = date.today()
        rows = self._data.sign_offs.get(version.id, []) if self._data is not None else []
        signed = sum(row.signed for row in rows)
        text = tr("Approve version {number} of {title}, with {person} as the approver?").format(
            number=version.number, title=policy.title, person=approver
        )
        detail = tr(
            "{signed} of {total} stakeholder departments have signed it off. Approving records {person} as the "
            "approver on {today}, makes the policy approved and sets its next review to {review}. An approval "
            "cannot be undone or changed: a later change needs a new version."
        ).format(
            signed=signed,
            total=len(rows),
            person=approver,
            today=today.isoformat(),
            review=add_months(today, policy.review_cadence_months).isoformat(),
        )
        return text, detail

    def _confirm_approval(self, asking: QWidget, policy: PolicyRow, version: VersionRow, person_id: int) -> bool:
        approver = (
            next((person.name for person in self._data.people if person.id == person_id), "") if self._data else ""
        )
        text, detail = self.approval_question(policy, version, approver)
        return confirm(
            asking,
            title=tr("Approve version {number}").format(number=version.number),
            text=text,
            detail=detail,
            action=tr("Approve"),
        )

    def approve(self, version_id: int, approver_id: int, *, dialog: SubmitDialog | None = None) -> None:
        from app.services import policy as policy_services

        database = self.context.database

        def approved(change: Change) -> None:
            self._say(
                tr("Approved; the next review is due on {day}.").format(
                    day=change.details["next_review_on"].isoformat()
                )
            )

        self._run(
            tr("Approve policy version"),
            do=lambda: policy_services.approve_version(database, version_id, approver_id=approver_id),
            undo=None,
            on_success=when_saved(dialog, approved) if dialog is not None else approved,
            on_refused=when_refused(dialog, self._say) if dialog is not None else None,
        )

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

    def add_feedback(self) -> FeedbackDialog | None:
        """Ask for a stakeholder's comment on the selected version."""
        version = self.selected_version()
        if version is None or self._data is None:
            return None
        dialog = FeedbackDialog(
            self, version_title=tr("version {number}").format(number=version.number), people=self._data.people
        )
        dialog.accepted.connect(lambda: self.record_feedback(version.id, dialog.values()))
        self._open(dialog)
        return dialog

    def record_feedback(self, version_id: int, values: dict[str, Any]) -> None:
        from app.services import policy as policy_services

        database = self.context.database
        self._run(
            tr("Add feedback"),
            do=lambda: policy_services.add_feedback(database, version_id=version_id, **values),
            undo=None,
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
