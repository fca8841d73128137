"""Undo that always tells the truth: each edit is a step of two service calls, checked before it is taken.

An edit runs as an operation on the worker; it becomes a step of the history
only once its first ``do`` has succeeded there, so the history never holds an
edit that did not happen. Undo and redo run ``undo``/``do`` as operations of
their own, through ``app.services.footprint.run_step``: in the same
transaction, the rows the step's last run wrote are compared with the database
first, so a step whose state has moved on (the plan was approved since, a
colleague changed the line) is refused with one sentence instead of
overwriting that work.

The history moves only when the database did: a refused or failed undo leaves
every other step where it was and drops the one that cannot be taken (it
would fail again), saying why. After every change, by anyone, the next undo and
redo steps are checked again on the worker, so the Edit menu never offers a
step it cannot take.

Undo and redo asked for while an edit or another step is still on its way wait
their turn: steps are taken strictly in order, after the edits before them.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.services.change import Action
from views.changes import ChangeHub
from views.labels import tr
from views.worker import Operation

if TYPE_CHECKING:
    from app.db.database import Database
    from app.services.change import Change
    from app.services.footprint import Footprint

log = logging.getLogger("steward.undo")

ServiceCall = Callable[[], "Change"]


class Step:
    """One undoable edit: its words, its two service calls and what each last left in the database."""

    def __init__(
        self, text: str, *, do: ServiceCall, undo: ServiceCall, done: Footprint, widget: QWidget | None = None
    ) -> None:
        self.text = text
        self.widget = widget  # where the edit was made: a refusal of its undo is said over it
        self.do = do
        self.undo = undo
        self.done = done  # the rows ``do`` wrote, as it left them
        self.undone: Footprint | None = None  # the rows ``undo`` wrote, once it has run


class UndoHistory(QObject):
    """The edits that can be undone and redone, in order; the one place that moves through them.

    ``changed`` fires whenever what can be undone or redone (or its words) changed;
    ``message`` carries a sentence for the status bar ("Undone: …", or why a step was dropped).
    """

    changed = Signal()
    message = Signal(str)

    def __init__(self, database: Callable[[], Database], hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._hub = hub
        self._steps: list[Step] = []
        self._index = 0  # steps[:index] are done (can be undone), steps[index:] undone (can be redone)
        self._edits_in_flight = 0
        self._busy = False  # an undo or redo is on the worker
        self._queue: deque[str] = deque()  # "undo"/"redo" asked for while busy
        self._verifying = False
        self._verify_again = False
        # Counts every move of the history: a check answered for an older history is asked again.
        self._generation = 0
        self.parent_widget: QWidget | None = None
        hub.changed.connect(self._verify_soon)

    # --- reading (QUndoStack's names, so tests and actions read alike) ------------------
    def count(self) -> int:
        return len(self._steps)

    def index(self) -> int:
        return self._index

    def canUndo(self) -> bool:
        return self._index > 0

    def canRedo(self) -> bool:
        return self._index < len(self._steps)

    def undoText(self) -> str:
        return self._steps[self._index - 1].text if self.canUndo() else ""

    def redoText(self) -> str:
        return self._steps[self._index].text if self.canRedo() else ""

    def is_busy(self) -> bool:
        """Whether an edit, an undo or a redo is still on its way (tests wait for it to end)."""
        return self._busy or self._edits_in_flight > 0 or bool(self._queue)

    # --- changing ----------------------------------------------------------------------
    def clear(self) -> None:
        self._steps.clear()
        self._index = 0
        self._queue.clear()
        self._moved()

    def _moved(self) -> None:
        self._generation += 1
        self.changed.emit()

    def push(self, step: Step) -> None:
        """A new edit has happened: it is the next to undo, and nothing can be redone any more."""
        del self._steps[self._index :]
        self._steps.append(step)
        self._index = len(self._steps)
        self._moved()

    def undo(self) -> None:
        self._request("undo")

    def redo(self) -> None:
        self._request("redo")

    def run_edit(
        self,
        text: str,
        *,
        do: ServiceCall,
        undo: ServiceCall | None,
        parent: QWidget | None,
        on_success: Callable[[Change], None] | None = None,
        on_refused: Callable[[str], None] | None = None,
        initiator: QObject | None = None,
    ) -> None:
        """Run ``do`` on the worker; when it succeeds, publish the change and make it a step (if it has an ``undo``).

        ``initiator`` is the page that made the edit and has queued its own reload behind it: the hub
        names it while the change is delivered, so that page need not load a second time.

        ``undo=None`` is for edits with no reverse (a merge, an erasure): they are
        published but not put in the history. With ``on_refused``, a ``UserError``
        goes back to the caller (a dialog that stays open to be corrected) instead
        of a message box; any other error is a bug and still reaches the crash dialog.
        """
        from app.services.footprint import run_step

        database = self._database()
        self._edits_in_flight += 1

        def work() -> tuple[Change, Footprint]:
            return run_step(database, do)

        def done(result: tuple[Change, Footprint]) -> None:
            change, footprint = result
            try:
                if undo is not None and change.action != Action.UNCHANGED:
                    self.push(Step(text, do=do, undo=undo, done=footprint, widget=parent))
                self._hub.publish(change, initiator=initiator)
                if on_success is not None:
                    on_success(change)
            finally:
                # Only now: an undo asked for while this edit was on its way is an undo of this edit.
                self._edit_finished()

        def failed(error: BaseException) -> None:
            self._edit_finished()
            from app.errors import UserError
            from views.errors import report_error

            if on_refused is None:
                report_error(parent, error)
            elif isinstance(error, UserError):
                on_refused(str(error))
            else:
                on_refused(tr("The change was not saved."))
                report_error(parent, error)

        Operation(parent, work).success(done).failure(failed).run()

    # --- actions for menus -----------------------------------------------------------
    def create_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Edit menu actions for undo and redo that name their step and are disabled without one."""
        undo_action = QAction(parent)
        undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        undo_action.setObjectName("undoAction")
        redo_action = QAction(parent)
        redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        redo_action.setObjectName("redoAction")
        undo_action.triggered.connect(self.undo)
        redo_action.triggered.connect(self.redo)

        def update() -> None:
            undo_action.setEnabled(self.canUndo())
            redo_action.setEnabled(self.canRedo())
            undo_action.setText(tr("&Undo {step}").format(step=self.undoText()) if self.canUndo() else tr("&Undo"))
            redo_action.setText(tr("&Redo {step}").format(step=self.redoText()) if self.canRedo() else tr("&Redo"))

        self.changed.connect(update)
        update()
        return undo_action, redo_action

    # --- taking steps ----------------------------------------------------------------
    def _request(self, direction: str) -> None:
        self._queue.append(direction)
        self._next()

    def _edit_finished(self) -> None:
        self._edits_in_flight -= 1
        self._next()

    def _next(self) -> None:
        """Take the next asked-for step, once the edits and the step before it have come back."""
        if self._busy or self._edits_in_flight or not self._queue:
            return
        direction = self._queue.popleft()
        if direction == "undo" and self.canUndo():
            self._take(self._steps[self._index - 1], undoing=True)
        elif direction == "redo" and self.canRedo():
            self._take(self._steps[self._index], undoing=False)
        else:
            self._next()

    def _take(self, step: Step, *, undoing: bool) -> None:
        from app.services.footprint import run_step

        database = self._database()
        call, expect = (step.undo, step.done) if undoing else (step.do, step.undone)
        refusal = (tr("Cannot undo “{step}”") if undoing else tr("Cannot redo “{step}”")).format(step=step.text)
        self._busy = True

        def work() -> tuple[Change, Footprint]:
            return run_step(database, call, expect=expect, refusal=refusal)

        def done(result: tuple[Change, Footprint]) -> None:
            change, footprint = result
            self._busy = False
            if step not in self._steps:  # dropped meanwhile (a check found it stale); the database has moved
                self._hub.publish(change)
                self._next()
                return
            if undoing:
                step.undone = footprint
                self._index -= 1
                words = tr("Undone: {step}.")
            else:
                step.done = footprint
                self._index += 1
                words = tr("Redone: {step}.")
            self._moved()
            self._hub.publish(change)
            self.message.emit(words.format(step=step.text))
            self._next()

        def failed(error: BaseException) -> None:
            self._busy = False
            from app.errors import UserError

            if isinstance(error, UserError):
                self._drop(step, str(error))
                # Asked for and refused: said where the user is looking, not only in the status bar.
                self._tell(str(error), step.widget)
            else:
                self._drop(step, tr("{refusal}: it failed; the details are in the log.").format(refusal=refusal))
                from views.errors import report_error

                report_error(self.parent_widget, error)
            # What was asked for after a step that could not be taken was asked of another state: forget it.
            self._queue.clear()

        Operation(self.parent_widget, work).success(done).failure(failed).run()

    def _tell(self, sentence: str, widget: QWidget | None) -> None:
        """A refused undo or redo the user asked for, in a box over the window (never a blocking one)."""
        from shiboken6 import isValid

        from views.errors import show_user_error

        for parent in (self.parent_widget, widget):
            if parent is not None and isValid(parent) and parent.isVisible():
                show_user_error(parent.window(), sentence)
                return

    def _drop(self, step: Step, reason: str) -> None:
        """Take ``step`` out: an undo step alone, a redo step with the redo steps after it (they build on it)."""
        if step not in self._steps:
            return
        position = self._steps.index(step)
        if position < self._index:
            del self._steps[position]
            self._index -= 1
        else:
            del self._steps[position:]
        log.info("undo history: dropped %r: %s", step.text, reason)
        self._moved()
        self.message.emit(reason if reason.endswith(".") else reason + ".")

    # --- keeping the offer true --------------------------------------------------------
    def _verify_soon(self, _change: object = None) -> None:
        """After any change, check on the worker that the next undo and redo steps can still be taken."""
        if self._verifying:
            self._verify_again = True
            return
        candidates: list[tuple[Step, Footprint, bool]] = []
        if self.canUndo():
            step = self._steps[self._index - 1]
            candidates.append((step, step.done, True))
        if self.canRedo():
            step = self._steps[self._index]
            if step.undone is not None:
                candidates.append((step, step.undone, False))
        if not candidates:
            return
        from app.services.footprint import check_footprint, describe_rows

        database = self._database()
        self._verifying = True
        generation = self._generation

        def work() -> list[tuple[Step, str]]:
            stale = []
            for step, footprint, undoing in candidates:
                moved = check_footprint(database, footprint)
                if moved:
                    verb = tr("Cannot undo “{step}”") if undoing else tr("Cannot redo “{step}”")
                    stale.append((step, f"{verb.format(step=step.text)}: {describe_rows(moved)} changed since"))
            return stale

        def done(stale: list[tuple[Step, str]]) -> None:
            self._verifying = False
            if generation != self._generation or self.is_busy():
                # The history moved (or is about to) while the check ran: what it found may no longer hold.
                self._verify_again = True
                stale = []
            for step, reason in stale:
                self._drop(step, reason)
            if (stale or self._verify_again) and not self.is_busy():
                self._verify_again = False
                self._verify_soon()

        def failed(error: BaseException) -> None:
            self._verifying = False
            log.warning("undo history: could not check the next steps: %s", error)

        Operation(self.parent_widget, work).success(done).failure(failed).run()


def run_edit(
    stack: UndoHistory,
    text: str,
    *,
    do: ServiceCall,
    undo: ServiceCall | None,
    hub: ChangeHub | None = None,
    parent: QWidget | None,
    on_success: Callable[[Change], None] | None = None,
    on_refused: Callable[[str], None] | None = None,
    initiator: QObject | None = None,
) -> None:
    """``stack.run_edit``, for callers that hold the history as a value (the hub is the history's own)."""
    del hub
    stack.run_edit(
        text, do=do, undo=undo, parent=parent, on_success=on_success, on_refused=on_refused, initiator=initiator
    )


def add_undone_by(add: ServiceCall, remove: Callable[[int], Change]) -> tuple[ServiceCall, ServiceCall]:
    """The ``do`` and ``undo`` of an edit that adds a row: the undo removes the row the latest ``do`` made.

    A redo adds the row afresh under a new id, so the undo reads the id its ``do`` was given, never one
    known when the edit was made.
    """
    made: dict[str, int] = {}

    def do() -> Change:
        change = add()
        made["id"] = change.ids[0]
        return change

    def undo() -> Change:
        return remove(made["id"])

    return do, undo
