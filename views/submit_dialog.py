"""How a dialog stays open until what it holds is written: ``SubmitFlow``.

A dialog that writes through a service on the worker must not close before the
write is done, or a refusal (a duplicate name, a rule of the database) would
land with nobody to read it and what was typed would be lost. ``submit()``
emits the dialog's ``submitted`` with ``values()`` and waits, its buttons
disabled; the page runs the service call, then calls ``saved()`` (the dialog
closes) or ``refused(sentence)`` (the sentence shows in ``problem`` and the
user corrects what they typed). Cancel and Escape wait for a write in flight.

``SubmitFlow`` is a mixin for a ``QDialog`` subclass that declares the
``submitted`` signal (a Qt signal lives on a Qt class) and makes ``buttons``
and ``problem``; the dialog decides in its own ``accept`` when to ``submit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

    _Dialog = QDialog
else:
    _Dialog = object  # at run time the dialog class brings QDialog itself, after this mixin


class SubmitFlow(_Dialog):
    """Submitting a dialog's values and waiting, open, for the write's outcome."""

    submitted: SignalInstance  # dict[str, Any], from values()
    buttons: QDialogButtonBox
    problem: QLabel
    _busy = False

    def values(self) -> dict[str, Any]:
        raise TypeError(f"{type(self).__name__} must override values to say what it holds.")

    def is_busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        self.problem.setText("")
        self._set_busy(True)
        self.submitted.emit(self.values())

    def reject(self) -> None:
        if not self._busy:  # a write in flight finishes first: it would otherwise land unseen
            super().reject()

    def saved(self) -> None:
        self._set_busy(False)
        super().accept()

    def refused(self, sentence: str) -> None:
        """The service refused what was typed: say why, and keep it for the user to correct."""
        self._set_busy(False)
        self.problem.setText(sentence)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttons.setEnabled(not busy)
