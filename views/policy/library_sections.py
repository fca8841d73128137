"""The sections of the policy library page, by what the user sees: the policy list and the selected policy's tabs.

``PolicyList`` is the headline, the policy actions and the table of policies;
``PolicyDetail`` is the selected policy's title above four tabs: its versions
beside the selected version's text (``VersionsTab``), a side-by-side diff of two
versions (``CompareTab``), the current version's sign-offs (``SignOffsTab``) and
the feedback on the selected version (``FeedbackTab``). Each section builds its
widgets and shows what it is given; what is selected, loaded and edited stays
with the page (``views.policy.library_page``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.queries.policy import FeedbackRow, PolicyRow, SignOffRow, VersionRow
from models.enums import Disposition
from views.labels import tr
from views.layouts import side_by_side as buttons_beside
from views.layouts import top_to_bottom
from views.policy import models
from views.policy.diff import diff_html, side_by_side
from views.policy.widgets import (
    button_row,
    caption,
    feedback_list,
    named_label,
    set_widths,
    sort_proxy,
)
from views.policy.wording import name
from views.tables import COMPACT_ROW_HEIGHT, read_only_table


class PolicyList(QWidget):
    """The headline with new / edit / retire, above the table of the project's policies."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.summary = named_label(self, "policySummary")
        self.new_policy_button = QPushButton(tr("New policy…"), self)
        self.edit_policy_button = QPushButton(tr("Edit…"), self)
        self.retire_button = QPushButton(tr("Retire"), self)
        self.retire_button.setToolTip(
            tr("Keep the policy and its versions for the record; it is no longer reviewed or edited. Cannot be undone.")
        )
        top = buttons_beside((self.summary, 1), self.new_policy_button, self.edit_policy_button, self.retire_button)
        self.model = models.policies_model(self)
        self.proxy = sort_proxy(self.model, self)
        self.table = read_only_table(
            self, self.proxy, name="policiesTable", sortable=True, highlight_header=True, stretch_column=models.TITLE
        )
        self.table.sortByColumn(models.TITLE, Qt.SortOrder.AscendingOrder)
        # Tight enough that the policy's title, the column that matters, keeps most of a 1280-px window.
        set_widths(
            self.table,
            (
                (models.SCOPE, 72),
                (models.CATEGORY, 140),
                (models.OWNER, 100),
                (models.STATUS, 80),
                (models.CADENCE, 98),
                (models.NEXT_REVIEW, 92),
                (models.REVIEW_STATE, 165),
            ),
        )
        top_to_bottom(self, top, (self.table, 1))

    def show_summary(self, policies: tuple[PolicyRow, ...], project_name: str) -> None:
        """The headline: how many policies, the project's own and org-wide, and the stale ones in red."""
        stale = sum(policy.stale for policy in policies)
        org_wide = sum(policy.org_wide for policy in policies)
        summary = tr("{count} policies for {project} ({own} of the project, {org} org-wide)").format(
            count=len(policies), project=project_name, own=len(policies) - org_wide, org=org_wide
        )
        if stale:
            summary += " · " + tr("<span style='color:#a1251b'><b>{stale} stale</b> (review overdue)</span>").format(
                stale=stale
            )
        self.summary.setText(summary)

    def select_policy(self, policy_id: int) -> bool:
        row = self.model.row_of(policy_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, models.TITLE))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True


class VersionsTab(QWidget):
    """The selected policy's versions with new version / publish / approve, beside the selected one's text."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = models.versions_model(self)
        self.table = read_only_table(
            self, self.model, name="versionsTable", row_height=COMPACT_ROW_HEIGHT, stretch_column=models.SUMMARY
        )
        set_widths(
            self.table,
            (
                (models.NUMBER, 60),
                (models.CREATED, 88),
                (models.PUBLISHED, 88),
                (models.APPROVED, 250),
                (models.AUTHOR, 125),
            ),
        )
        self.new_version_button = QPushButton(tr("New version…"), self)
        self.publish_button = QPushButton(tr("Publish"), self)
        self.publish_button.setToolTip(
            tr(
                "Publish the selected draft for review: it becomes the current version "
                "and starts with no sign-offs. Cannot be undone."
            )
        )
        self.approve_button = QPushButton(tr("Approve…"), self)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(button_row(self.new_version_button, self.publish_button, self.approve_button))
        self.text = QTextBrowser(self)
        self.text.setObjectName("versionText")
        self.text.setOpenExternalLinks(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(left, 5)
        layout.addWidget(self.text, 3)

    def show_version(self, version: VersionRow | None) -> None:
        if version is None:
            self.text.setMarkdown("")
            self.text.setPlaceholderText(tr("This policy has no version yet: add one with “New version…”."))
        else:
            self.text.setMarkdown(version.text)


class CompareTab(QWidget):
    """Two of the policy's versions side by side, their changed lines marked (or only those)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._versions: list[VersionRow] = []
        self.left = QComboBox(self)
        self.left.setObjectName("compareLeft")
        self.right = QComboBox(self)
        self.right.setObjectName("compareRight")
        for combo in (self.left, self.right):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.changes_only = QCheckBox(tr("Changed lines only"), self)
        self.changes_only.setObjectName("diffChangesOnly")
        self.diff = QTextBrowser(self)
        self.diff.setObjectName("versionDiff")
        choose = QHBoxLayout()
        choose.addWidget(QLabel(tr("Compare"), self))
        choose.addWidget(self.left)
        choose.addWidget(QLabel(tr("with"), self))
        choose.addWidget(self.right)
        choose.addStretch(1)
        choose.addWidget(self.changes_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(choose)
        layout.addWidget(self.diff, 1)
        self.left.currentIndexChanged.connect(lambda _index: self.show_diff())
        self.right.currentIndexChanged.connect(lambda _index: self.show_diff())
        self.changes_only.toggled.connect(lambda _checked: self.show_diff())

    def fill(self, versions: list[VersionRow]) -> None:
        """Offer ``versions`` on both sides, by default the newest against the one before it."""
        self._versions = list(versions)
        for combo in (self.left, self.right):
            combo.blockSignals(True)
            combo.clear()
            for version in sorted(versions, key=lambda row: row.number):
                state = version.published_on.isoformat() if version.published_on else tr("draft")
                combo.addItem(tr("Version {number} ({state})").format(number=version.number, state=state), version.id)
            combo.blockSignals(False)
        count = len(versions)
        self.left.setCurrentIndex(max(count - 2, 0) if count else -1)
        self.right.setCurrentIndex(count - 1)
        self.show_diff()

    def compare(self, left_version_id: int, right_version_id: int) -> None:
        self.left.setCurrentIndex(self.left.findData(left_version_id))
        self.right.setCurrentIndex(self.right.findData(right_version_id))
        self.show_diff()

    def _version(self, version_id: int | None) -> VersionRow | None:
        return next((version for version in self._versions if version.id == version_id), None)

    def show_diff(self) -> None:
        left = self._version(self.left.currentData())
        right = self._version(self.right.currentData())
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


class SignOffsTab(QWidget):
    """The current version's sign-off per stakeholder department, with sign off / withdraw."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.caption = caption("", self)
        self.caption.setWordWrap(True)
        self.model = models.sign_offs_model(self)
        self.table = read_only_table(
            self, self.model, name="signOffsTable", row_height=COMPACT_ROW_HEIGHT, stretch_column=models.SIGNED_BY
        )
        set_widths(self.table, ((models.SIGN_DEPARTMENT, 140), (models.SIGNED_ON, 110), (models.SIGN_STATE, 120)))
        self.sign_off_button = QPushButton(tr("Sign off…"), self)
        self.withdraw_button = QPushButton(tr("Withdraw sign-off"), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.sign_off_button, self.withdraw_button))

    def show_rows(self, rows: list[SignOffRow], *, policy_selected: bool, current: VersionRow | None) -> None:
        self.model.set_rows(rows)
        if not policy_selected:
            self.caption.setText("")
        elif current is None:
            self.caption.setText(
                tr("No version is published yet; stakeholders sign off the current (newest published) version.")
            )
        else:
            signed = sum(row.signed for row in rows)
            self.caption.setText(
                tr("Sign-offs of the current version {number}: {signed} of {total} departments signed.").format(
                    number=current.number, signed=signed, total=len(rows)
                )
            )

    def select_department(self, department: str) -> bool:
        row = next((row for row, record in enumerate(self.model.rows()) if record.department.value == department), -1)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0


class FeedbackTab(QWidget):
    """The feedback on the selected version, with add feedback and the selected one's disposition."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.caption = caption("", self)
        self.model = models.feedback_model(self)
        self.proxy = sort_proxy(self.model, self)
        feedback = feedback_list(
            self,
            self.proxy,
            name="feedbackTable",
            sortable=True,
            widths=(110, 150, 90, 95),
            choice_name="dispositionChoice",
            set_text=tr("Set disposition"),
            label=tr("Disposition of the selected feedback:"),
        )
        self.table, self.add_feedback_button = feedback.table, feedback.add_button
        self.disposition_choice, self.disposition_button = feedback.choice, feedback.set_button
        top_to_bottom(self, self.caption, (self.table, 1), feedback.buttons, margin=6)

    def show_rows(self, rows: list[FeedbackRow], version: VersionRow | None) -> None:
        self.model.set_rows(rows)
        if version is None:
            self.caption.setText("")
        else:
            still_open = sum(row.disposition == Disposition.OPEN for row in rows)
            self.caption.setText(
                tr("Feedback on version {number}: {count}, {open} open.").format(
                    number=version.number, count=len(rows), open=still_open
                )
            )

    def select_feedback(self, feedback_id: int) -> None:
        row = self.model.row_of(feedback_id)
        if row >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())


class PolicyDetail(QWidget):
    """The selected policy's title above its tabs: versions, compare, sign-offs and feedback."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = named_label(self, "policyDetailTitle")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("policyTabs")
        self.versions_tab = VersionsTab(self)
        self.compare_tab = CompareTab(self)
        self.sign_offs_tab = SignOffsTab(self)
        self.feedback_tab = FeedbackTab(self)
        self.tabs.addTab(self.versions_tab, tr("Versions"))
        self.tabs.addTab(self.compare_tab, tr("Compare versions"))
        self.tabs.addTab(self.sign_offs_tab, tr("Sign-offs"))
        self.tabs.addTab(self.feedback_tab, tr("Feedback"))
        top_to_bottom(self, self.title, (self.tabs, 1), top=4)

    def show_title(self, policy: PolicyRow | None, versions: list[VersionRow], *, any_policies: bool) -> None:
        """The policy's title, scope, status and current version; a hint when none is selected."""
        if policy is None:
            self.title.setText(
                tr("Select a policy to see its versions, sign-offs and feedback.") if any_policies else ""
            )
            return
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
        self.title.setText(
            tr("<b>{title}</b> — {scope} policy, {status}, {current}{refs}").format(
                title=policy.title, scope=scope, status=name(policy.status).lower(), current=current, refs=refs
            )
        )

    def show_sign_offs(self, rows: list[SignOffRow], *, policy_selected: bool, current: VersionRow | None) -> None:
        self.sign_offs_tab.show_rows(rows, policy_selected=policy_selected, current=current)
        self.tabs.setTabText(
            self.tabs.indexOf(self.sign_offs_tab),
            tr("Sign-offs ({signed}/{total})").format(signed=sum(row.signed for row in rows), total=len(rows))
            if rows
            else tr("Sign-offs"),
        )

    def show_feedback(self, rows: list[FeedbackRow], version: VersionRow | None) -> None:
        self.feedback_tab.show_rows(rows, version)
        self.tabs.setTabText(
            self.tabs.indexOf(self.feedback_tab),
            tr("Feedback ({count})").format(count=len(rows)) if rows else tr("Feedback"),
        )
