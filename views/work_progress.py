"""A progress dialog fed from the worker, whose Cancel stops the work: the whole-database export and
import (``views.database_export``) and a large skill-matrix import (``views.import_preview``).

``WorkProgress`` is called on the worker as ``progress(done, total)`` (each use
says what the call answers) and carries the numbers to the GUI thread by a
signal; the dialog appears only when the work takes longer than
``PROGRESS_AFTER_MS``, and goes once ``finish`` says the work is over, after
which its closing is no cancel.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from views.labels import tr

PROGRESS_AFTER_MS = 400  # work quicker than this shows no progress dialog


class WorkProgress(QObject):
    """The window-modal dialog ``name`` titled ``title``, reading ``text`` first; ``cancelled`` after Cancel."""

    advanced = Signal(int, int)

    def __init__(self, parent: QWidget, *, title: str, text: str, name: str) -> None:
        super().__init__(parent)
        self._cancelled = threading.Event()
        self._finished = False
        self.dialog = QProgressDialog(text, tr("Cancel"), 0, 0, parent)
        self.dialog.setObjectName(name)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.advanced.connect(self._advanced)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        if self._finished:
            return  # the dialog closing once the work is over is not a cancel
        self._cancelled.set()
        self._cancelling()

    def _cancelling(self) -> None:
        """What the dialog says once Cancel was pressed, while the worker stops (by default, nothing new)."""

    def _advanced(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (on the GUI thread)."""
        raise TypeError(f"{type(self).__name__} must override _advanced to show how far the work is.")

    def finish(self) -> None:
        """The work is over (done, refused or cancelled): the dialog goes."""
        self._finished = True
        self.dialog.close()
        self.dialog.deleteLater()
        self.deleteLater()
