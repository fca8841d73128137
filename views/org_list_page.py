"""A page of the organisation's own lists (its people, its skill taxonomy), edited where it is shown.

The people and the taxonomy pages have the same frame, so ``OrgListPage``
holds it once: a heading of the page's title with a headline beside it
(``summary``), a ``ReloadGate`` that reloads after every change the hub
reports (while the page is hidden, only remembering to), edits through the
undo history refused over the page, and the one add or edit dialog the page
has open (``dialog``), forgotten once it closes, whose every submission is
one edit (``_open_submitting``, ``_edit_from``). A page supplies ``_load``.
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
from views.undo import ServiceCall, run_edit

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

    def _edit_from(
        self,
        dialog: QDialog,
        text: str,
        *,
        do: ServiceCall,
        undo: ServiceCall | None,
        then: Callable[[Change], object] | None = None,
    ) -> None:
        """``_edit`` of what ``dialog`` submitted: once done the dialog is ``saved`` (and ``then`` runs),
        and a refusal is said in the dialog, which stays open."""
        form = cast("Submitting", dialog)

        def done(change: Change) -> None:
            form.saved()
            if then is not None:
                then(change)

        self._edit(text, do=do, undo=undo, on_success=done, on_refused=form.refused)

    def _open_submitting(self, dialog: DialogT, submitted: Callable[[dict[str, Any]], None]) -> DialogT:
        """``_open`` a dialog whose every submission of its values goes to ``submitted``."""
        cast("Submitting", dialog).submitted.connect(submitted)
        return self._open(dialog)

    def _open(self, dialog: DialogT) -> DialogT:
        """Open ``dialog`` window-modal as the page's ``dialog``; it is deleted, and forgotten, once closed."""
        self.dialog = dialog
        return open_deleted_on_close(dialog, closed=lambda: setattr(self, "dialog", None))
