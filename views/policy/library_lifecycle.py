"""The steps of a policy's life that cannot be undone, and what the library has selected: a base of the page.

``PolicyLibraryPage`` (``views.policy.library_page``) builds on this: here is
what the user has selected (never a row the current index merely moved to), and
the edits that have no reverse: creating a policy (there is no deleting),
retiring one, adding a version, publishing and approving it, and adding
feedback. Each asks first where it freezes something, and runs through
``ProjectPage._run`` so the page is the edit's initiator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from app.queries.policy import FeedbackRow, PolicyRow, SignOffRow, VersionRow
from models.enums import PolicyStatus
from views.confirm import confirm
from views.labels import tr
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
from views.policy.library_data import LibraryData
from views.policy.library_questions import approval_prompt, approval_question, publish_question
from views.policy.page import PolicyPage

if TYPE_CHECKING:
    from app.services.change import Change
    from views.selection import SelectionFollower


class PolicyLifecycle(PolicyPage):
    """What the library has selected, and the edits with no undo; the page supplies the widgets.

    A mixin like ``PolicyPage``: ``PolicyLibraryPage(PolicyLifecycle, ProjectPage)``.
    """

    _data: LibraryData | None
    _select_policy_after_load: int | None
    policy_selection: SelectionFollower[PolicyRow]
    version_selection: SelectionFollower[VersionRow]
    sign_off_selection: SelectionFollower[SignOffRow]
    feedback_selection: SelectionFollower[FeedbackRow]

    # --- reading -------------------------------------------------------------------
    def library(self) -> LibraryData | None:
        return self._data

    def selected_policy(self) -> PolicyRow | None:
        """The selected policy, or None: never a row the current index moved to on its own."""
        return self.policy_selection.selected()

    def selected_version(self) -> VersionRow | None:
        return self.version_selection.selected()

    def current_version(self) -> VersionRow | None:
        """The selected policy's current version (newest published), whose sign-offs count."""
        policy = self.selected_policy()
        if policy is None or self._data is None or policy.current_number is None:
            return None
        return next(
            (version for version in self._data.versions.get(policy.id, ()) if version.number == policy.current_number),
            None,
        )

    def selected_sign_off(self) -> SignOffRow | None:
        return self.sign_off_selection.selected()

    def selected_feedback(self) -> FeedbackRow | None:
        return self.feedback_selection.selected()

    # --- the edits with no undo ------------------------------------------------------
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

    def retire_policy(self) -> None:
        """Retire the selected policy after asking (no undo: a retired policy cannot be edited back)."""
        from app.services import policy as policy_services

        policy = self.selected_policy()
        if policy is None or policy.status == PolicyStatus.RETIRED:
            return
        database = self.context.database
        self._confirm_then_run(
            tr("Retire {title}").format(title=policy.title),
            title=tr("Retire {title}").format(title=policy.title),
            text=tr("Retire {title}?").format(title=policy.title),
            detail=tr(
                "It is kept with its versions, sign-offs and feedback for the record, but no longer reviewed, "
                "edited or signed off, and no longer covers a governance gap. Retiring cannot be undone."
            ),
            action=tr("Retire"),
            destructive=True,
            do=lambda: policy_services.retire_policy(database, policy.id),
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

    def publish_version(self) -> None:
        """Publish the selected draft after asking: it becomes the current version, with no sign-offs yet."""
        from app.services import policy as policy_services

        version = self.selected_version()
        if version is None or version.published_on is not None:
            return
        policy, current = self.selected_policy(), self.current_version()
        text, detail = publish_question(
            version,
            title=policy.title if policy is not None else "",
            current=current,
            current_signed=(
                sum(row.signed for row in self._data.sign_offs.get(current.id, []))
                if current is not None and self._data is not None
                else None
            ),
        )
        database = self.context.database
        self._confirm_then_run(
            tr("Publish version {number}").format(number=version.number),
            title=tr("Publish version {number}").format(number=version.number),
            text=text,
            detail=detail,
            action=tr("Publish"),
            do=lambda: policy_services.publish_version(database, version.id),
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
            prompt=approval_prompt(policy, version, owner_listed_first=of_the_owner is not None),
            people=self._data.people,
            first=of_the_owner,
            confirmation=lambda asking, values: self._confirm_approval(asking, policy, version, values["person_id"]),
            ok_text=tr("Approve…"),
        )
        dialog.submitted.connect(lambda values: self.approve(version.id, values["person_id"], dialog=dialog))
        self._open(dialog)
        return dialog

    def _confirm_approval(self, asking: QWidget, policy: PolicyRow, version: VersionRow, person_id: int) -> bool:
        approver = (
            next((person.name for person in self._data.people if person.id == person_id), "") if self._data else ""
        )
        sign_offs = self._data.sign_offs.get(version.id, []) if self._data is not None else []
        text, detail = approval_question(policy, version, approver, sign_offs=sign_offs)
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
