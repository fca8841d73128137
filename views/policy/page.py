"""What the policy pages (library, backlog, sprints) share beyond ``ProjectPage``: refusals said on the page,
asking before an edit that cannot be undone, and the changes all of them follow (``POLICY_ENTITIES``).

``PolicyPage`` is a mixin placed before ``ProjectPage`` among a page's bases
(``class BacklogPage(PolicyPage, ProjectPage)``): it is no page of its own, so
it declares no entities to listen for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.services.change import Entity
from views.confirm import confirm

if TYPE_CHECKING:
    from app.services.change import Change
    from views.project_page import ProjectPage

    _Page = ProjectPage  # what the mixin is mixed into, for the type checker
else:
    _Page = object

# What every policy page shows of its project: the project, its policies and their versions, the feedback
# on them and the people who gave it (an applied import can bring any of these).
POLICY_ENTITIES = frozenset(
    {
        Entity.FEEDBACK,
        Entity.IMPORT,
        Entity.PERSON,
        Entity.POLICY,
        Entity.POLICY_VERSION,
        Entity.PROJECT,
    }
)


class PolicyPage(_Page):
    """A project's policy page: a refused edit is said on its message line, and edits run as its own."""

    refusals_in_page = True

    def _confirm_then_run(
        self,
        edit: str,
        *,
        title: str,
        text: str,
        detail: str,
        action: str,
        destructive: bool = False,
        do: Callable[[], Change],
        on_success: Callable[[Change], None] | None = None,
    ) -> None:
        """Ask ``text`` (``views.confirm``); on its ``action`` button run ``do`` as the edit ``edit``, with no undo."""
        if confirm(self, title=title, text=text, detail=detail, action=action, destructive=destructive):
            self._run(edit, do=do, undo=None, on_success=on_success)

    def _update_actions(self) -> None:
        """Enable the page's actions for what is selected now."""
        raise TypeError(f"{type(self).__name__} must override _update_actions to say what its selection allows.")

    def _follow_selection(self, selected: object, shown: object, *, show: Callable[[], None]) -> None:
        """After the selection may have changed: ``show`` what is ``selected`` when it is not what is ``shown``,
        else only re-read the actions (what is shown stays, with whatever the user was reading in it)."""
        if selected != shown:
            show()
        else:
            self._update_actions()
