"""A page of the organisation's own lists (its people, its skill taxonomy), edited where it is shown.

The people and the taxonomy pages have the same frame, so ``OrgListPage``
holds it once: a heading of the page's title with a headline beside it
(``summary``), a ``ReloadGate`` that reloads after every change the hub
reports (while the page is hidden, only remembering to), edits through the
undo history refused over the page, and the one add or edit dialog the page
has open (``dialog``), forgotten once it closes, whose every submission is
one edit (``_submit_edits``). A page supplies ``_load``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QWidget

from views.context import AppContext
from views.dialogs import open_deleted_on_close
from views.layouts import side_by_side
from views.reload_gate import ReloadGate
from views.undo import ServiceCall, add_undone_by, run_edit

if TYPE_CHECKING:
    from app.services.change import Change

DialogT = TypeVar("DialogT", bound=QDialog)


class Submitting(Protocol):
    """A dialog that stays open while its edit runs: ``submitted`` its values, then ``saved`` or ``refused``."""

    submitted: Any  # Signal(dict[str, Any])

    def saved(self) -> None: ...

    def refused(self, message: str) -> None: ...


class OrgListPage(QWidget):
    """One of the organisation's lists; ``defer_on_show`` as ``ReloadGate`` has it."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, name: str, defer_on_show: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.context = context
        self._reload = ReloadGate(self, self._load, defer_on_show=defer_on_show)
        self.dialog: QDialog | None = None  # the open add/edit dialog, if any
        context.hub.changed.connect(self._on_changed)

    def _build_heading(self, title: str) -> QHBoxLayout:
        """The page's title, and beside it ``summary``, the headline the page fills at each load."""
        title_label = QLabel(title, self)
        title_label.setObjectName("orgPageTitle")
        self.summary = QLabel("", self)
        self.summary.setObjectName("orgPageSummary")
        heading = side_by_side(title_label)
        heading.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        return heading

    # --- what a page supplies --------------------------------------------------------
    def _load(self) -> None:
        raise TypeError(f"{type(self).__name__} must override _load to say how its lists are read.")

    # --- reading -------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the lists afresh, keeping what is selected (while the page is hidden, only remember to)."""
        self._reload.request()

    def _on_changed(self, _change: Change) -> None:
        self.refresh()

    # --- writing -------------------------------------------------------------------
    def _edit(self, text: str, **arguments: Any) -> None:
        """An undoable edit through this page's context, refused over the page; see ``views.undo.run_edit``."""
        run_edit(self.context.undo_stack, text, hub=self.context.hub, parent=self, **arguments)

    def _submit_edits(
        self,
        dialog: DialogT,
        edit: Callable[[dict[str, Any]], tuple[str, ServiceCall, ServiceCall | None]],
        *,
        then: Callable[[dict[str, Any], Change], object] | None = None,
    ) -> DialogT:
        """Open ``dialog``; each of its submissions runs ``edit(values)``'s (text, do, undo) as an edit.

        Once the edit is done the dialog is ``saved`` (and ``then`` runs); a refusal is said in the open dialog.
        """
        form = cast("Submitting", dialog)

        def submitted(values: dict[str, Any]) -> None:
            text, do, undo = edit(values)

            def done(change: Change) -> None:
                form.saved()
                if then is not None:
                    then(values, change)

            self._edit(text, do=do, undo=undo, on_success=done, on_refused=form.refused)

        form.submitted.connect(submitted)
        return self._open(dialog)

    def _submit_adds(
        self,
        dialog: DialogT,
        *,
        text: Callable[[dict[str, Any]], str],
        add: Callable[[dict[str, Any]], Change],
        remove: Callable[[int], Change],
        then: Callable[[dict[str, Any], Change], object] | None = None,
    ) -> DialogT:
        """``_submit_edits`` of a dialog that adds a row: ``add(values)``, undone by ``remove`` of the row's id."""

        def edit(values: dict[str, Any]) -> tuple[str, ServiceCall, ServiceCall]:
            return (text(values), *add_undone_by(lambda: add(values), remove))

        return self._submit_edits(dialog, edit, then=then)

    def _open(self, dialog: DialogT) -> DialogT:
        """Open ``dialog`` window-modal as the page's ``dialog``; it is deleted, and forgotten, once closed."""
        self.dialog = dialog
        return open_deleted_on_close(dialog, closed=lambda: setattr(self, "dialog", None))
