"""A page that shows one project, loaded on the worker and kept fresh by the change hub.

The staffing and the budget pages share how they follow a project, and it is
easy to get subtly wrong twice, so ``ProjectPage`` holds it once:

- ``show_project`` switches project (clearing what the last one showed) and
  asks the ``ReloadGate`` for a load: only while the page is shown, one at a time;
- a load's result shows only if it is the newest and still of the shown project;
- a ``UserError`` from a load (typically: the project went away) is said in
  the page; any other error is a bug and goes to the crash dialog;
- after a change the page reloads when the change can alter it, clears itself
  when its project is deleted, ignores what happened to another project, and
  skips the signal of its own edit (the hub names the page as its initiator)
  when the load queued behind that edit is already on its way.

A page supplies what differs: how to load (``_loader``), how to show a result
(``_show``) or nothing (``_show_nothing``), which entities concern it
(``relevant_entities``, matched exactly) and, where it knows better than the default, which
changes are another project's (``_concerns_another_project``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QLabel, QWidget

from app.errors import UserError
from app.services.change import Action, Entity
from views.context import AppContext
from views.dialogs import open_deleted_on_close
from views.errors import report_error
from views.reload_gate import ReloadGate
from views.worker import Operation

if TYPE_CHECKING:
    from app.services.change import Change


class ProjectPage(QWidget):
    """One project's page. ``status_message`` carries a line for the window's status bar.

    ``message_name`` is the object name of the page's two bottom labels (the
    message and, while a load runs, ``loading_text``); a page places them with
    ``_status_row()``.
    """

    status_message = Signal(str)
    # What the page said is out of date (a change it did not make arrived, or another project is shown):
    # the window takes these words off its status bar if they are still there.
    status_withdrawn = Signal(str)

    # The entities whose changes can alter what the page shows.
    relevant_entities: frozenset[Entity] = frozenset()
    # Whether a refused edit is said on the page's message line (else in a message box).
    refusals_in_page = False

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, message_name: str, loading_text: str
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QDialog | None = None  # the dialog the page has open, if any
        self._project_id: int | None = None
        self._data: Any = None
        self._held: Any = None  # a load's result waiting for an open cell editor to close
        self._reload = ReloadGate(self, self._load, ready=lambda: self._project_id is not None)
        self.message = QLabel("", self)
        self.message.setObjectName(message_name)
        self.loading_label = QLabel(loading_text, self)
        self.loading_label.setObjectName(message_name)
        self.loading_label.hide()
        self.context.hub.changed.connect(self._on_changed)

    # --- what a page supplies --------------------------------------------------------
    def _loader(self, project_id: int) -> Callable[[], Any]:
        """The work that loads ``project_id`` on the worker, made on the GUI thread with all it reads of the page."""
        raise TypeError(f"{type(self).__name__} must override _loader to say how its data is loaded.")

    def _show(self, data: Any) -> None:
        """Fill the widgets from a load's result (``self._data`` already holds it)."""
        raise TypeError(f"{type(self).__name__} must override _show to show what it loaded.")

    def _show_nothing(self) -> None:
        """Empty the widgets: no project, or it could not be loaded."""
        raise TypeError(f"{type(self).__name__} must override _show_nothing to clear its widgets.")

    def _concerns_another_project(self, change: Change) -> bool:
        """Whether a relevant ``change`` is only another project's; by default, when its details name another."""
        return (change.details or {}).get("project_id") not in (None, self._project_id)

    # --- reading -------------------------------------------------------------------
    def project_id(self) -> int | None:
        return self._project_id

    def is_loading(self) -> bool:
        """Whether a load is on its way (tests wait for it to end)."""
        return self._reload.loading

    def show_project(self, project_id: int) -> None:
        """Show ``project_id``; the load runs on the worker (deferred until the page is shown)."""
        if project_id != self._project_id:
            self._project_id = project_id
            self._data = None
            self._unsay()
            self._held = None
            self._show_nothing()
        self.reload()

    def reload(self) -> None:
        """Load the shown project afresh; while the page is hidden, only remember to."""
        self._reload.request()

    # --- loading -------------------------------------------------------------------
    def _load(self) -> None:
        self.loading_label.show()
        project_id = self._project_id
        assert project_id is not None  # the gate loads only once there is a project
        Operation(self, self._loader(project_id)).success(partial(self._loaded, project_id=project_id)).failure(
            self._load_failed
        ).run()

    def _load_finished(self) -> bool:
        """Bookkeeping after a load; False when a newer load was asked for (its result wins)."""
        if not self._reload.finished():
            return False
        self.loading_label.hide()
        return True

    def _loaded(self, data: Any, *, project_id: int) -> None:
        if not self._load_finished() or project_id != self._project_id:
            return
        editing = self._editing_views()
        if editing:
            # Showing now would reset the model under the open editor and throw away what is being typed:
            # hold the result until the editor closes (its commit then asks for a newer load anyway).
            self._held = data
            for view in editing:
                view.itemDelegate().closeEditor.connect(self._show_held, Qt.ConnectionType.UniqueConnection)
            return
        self._data = data
        self._show(data)

    def _editing_views(self) -> list[QAbstractItemView]:
        return [
            view
            for view in self.findChildren(QAbstractItemView)
            if view.state() == QAbstractItemView.State.EditingState
        ]

    def _show_held(self, *_args: Any) -> None:
        # Queued: the editor is still closing when its delegate says so.
        QTimer.singleShot(0, self, self._apply_held)

    def _apply_held(self) -> None:
        if self._held is None or self._editing_views():
            return
        data, self._held = self._held, None
        self._data = data
        self._show(data)

    def _load_failed(self, error: BaseException) -> None:
        if not self._load_finished():
            return
        if isinstance(error, UserError):
            # Typically the project went away (deleted elsewhere, another database opened): say so in
            # the page rather than in a box the user did not ask for.
            self._data = None
            self._show_nothing()
            self._say(str(error))
            return
        report_error(self, error)

    def _reload_after_edit(self) -> None:
        """Reload behind an edit just queued on the single worker, so the load shows the edit's outcome.

        The outcome even of an edit that failed or was refused: then what the
        page shows goes back to what the database holds.
        """
        self.reload()

    # --- writing -------------------------------------------------------------------
    def _run(
        self,
        text: str,
        *,
        do: Callable[[], Change],
        undo: Callable[[], Change] | None,
        on_success: Callable[[Change], None] | None = None,
        on_refused: Callable[[str], None] | None = None,
    ) -> None:
        """Run an edit on the worker (undoable when it has an ``undo``), then reload behind it.

        Whatever the outcome, the page goes back to what the database holds. A
        refusal goes to ``on_refused`` (a dialog that stays open), else to the
        page's message line when ``refusals_in_page``.
        """
        from views.undo import run_edit

        self._edit_starting()
        run_edit(
            self.context.undo_stack,
            text,
            do=do,
            undo=undo,
            hub=self.context.hub,
            parent=self,
            on_success=on_success,
            on_refused=on_refused or (self._say if self.refusals_in_page else None),
            initiator=self,
        )
        self._reload_after_edit()

    def _edit_starting(self) -> None:
        """Before an edit is queued: a page that shows something until its next edit takes it back here."""

    def _open(self, dialog: QDialog) -> QDialog:
        """Open ``dialog`` window-modal as the page's ``dialog``; it is deleted once closed."""
        self.dialog = dialog
        return open_deleted_on_close(dialog, closed=lambda: setattr(self, "dialog", None))

    # --- following changes ----------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        if self._project_id is None or change.entity not in self.relevant_entities:
            return
        if change.entity is Entity.PROJECT and change.action is Action.DELETED and self._project_id in change.ids:
            self._project_id = None
            self._data = None
            self._show_nothing()
            return
        if self._concerns_another_project(change):
            return
        # Whoever made it (an undo, another page, this page's edit about to say its own words), what the
        # page said before it is stale now.
        self._unsay()
        if self._reload.loading and self.context.hub.initiated_by(self):
            return  # this page's own edit: the load queued behind it shows its outcome
        self.reload()

    # --- showing -------------------------------------------------------------------
    def _status_row(self) -> QHBoxLayout:
        """The page's bottom row: the message, and beside it the loading label."""
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.loading_label)
        return row

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.status_message.emit(text)

    def _unsay(self) -> None:
        """Take back the page's last words, on its message line and on the window's status bar."""
        said = self.message.text()
        if said:
            self.message.clear()
            self.status_withdrawn.emit(said)
