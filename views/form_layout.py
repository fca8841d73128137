"""The pieces Steward's forms and dialogs are built of, so that every form reads and behaves alike.

A dialog's form is rows of (label, field) in a ``QFormLayout`` (``form_rows``),
its text fields saying what to type (``text_field``), a number of FTE in the
one spin box (``fte_spin_box``); under it, the line that says why it cannot be
saved as it stands (``problem_label``, styled as ``validationMessage``;
``show_problem`` says it and lets OK be pressed only without one), then OK
(named for what it does: "Add", "Save", "Create plan") and Cancel
(``ok_cancel``, ``ok_button``), or Close for a dialog that shows rather than asks
(``close_buttons``). A button whose action cannot be undone is painted as one
(``mark_danger``). ``edited_fields`` is what an edit dialog hands its undoable
edit: the fields that changed, before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from views.labels import tr

OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
# A form row: (its label, as words or a widget such as a check box; its field), or a widget across the form.
FormRow = tuple[str | QWidget, QWidget] | QWidget


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (as ``ok_text``) and Cancel, accepting and rejecting ``dialog``."""
    buttons = QDialogButtonBox(OK_CANCEL, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def close_buttons(dialog: QDialog, *actions: QPushButton) -> tuple[QDialogButtonBox, QPushButton]:
    """``actions`` and Close, for a dialog that shows rather than asks: Close is its accept button.

    Returns the button box and its Close button.
    """
    buttons = QDialogButtonBox(dialog)
    for action in actions:
        buttons.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
    close = buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, close


def ok_button(buttons: QDialogButtonBox) -> QPushButton:
    """The OK button of ``buttons`` (the one ``ok_cancel`` names for what it does)."""
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def problem_label(parent: QWidget, *, word_wrap: bool = True, lines: int = 0) -> QLabel:
    """The line where a form says why it cannot be saved as it stands (empty while it can).

    With ``lines``, the room for that many lines is kept from the start, so the
    dialog does not grow when a problem appears.
    """
    problem = QLabel("", parent)
    problem.setObjectName("validationMessage")
    problem.setWordWrap(word_wrap)
    if lines:
        problem.setMinimumHeight(lines * problem.fontMetrics().lineSpacing() + 2)
    return problem


def show_problem(label: QLabel, ok_button: QPushButton, problem: str, *, complete: bool = True) -> None:
    """Say ``problem`` in the form's ``label``; OK can be pressed only without one, once the form is ``complete``."""
    label.setText(problem)
    ok_button.setEnabled(complete and not problem)


def form_rows(*rows: FormRow, parent: QWidget | None = None, grow: bool = False) -> QFormLayout:
    """A form of ``rows``, top to bottom (the layout of ``parent`` when given).

    With ``grow``, every field that can grow takes the form's width, whatever the
    platform's style would do.
    """
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    if grow:
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for row in rows:
        if isinstance(row, tuple):
            label, field = row
            form.addRow(label, field)
        else:
            form.addRow(row)
    return form


def mark_danger(button: QPushButton) -> None:
    """Paint ``button`` as an action that cannot be undone (``dangerButton`` in the style sheet)."""
    button.setObjectName("dangerButton")
    # Named after the button box polished it: the style sheet is re-read only on a repolish.
    button.style().unpolish(button)
    button.style().polish(button)


def text_field(parent: QWidget, placeholder: str, *, name: str = "", max_length: int = 0) -> QLineEdit:
    """A one-line text field that says what to type in it (``placeholder``) until something is."""
    field = QLineEdit(parent)
    if name:
        field.setObjectName(name)
    if max_length:
        field.setMaxLength(max_length)
    field.setPlaceholderText(placeholder)
    return field


def fte_spin_box(
    parent: QWidget, *, minimum: float, maximum: float, step: float, value: float | None = None
) -> QDoubleSpinBox:
    """A number of full-time equivalents, to two decimals, with its unit."""
    spin = QDoubleSpinBox(parent)
    spin.setRange(minimum, maximum)
    spin.setDecimals(2)
    spin.setSingleStep(step)
    spin.setSuffix(" " + tr("FTE"))
    if value is not None:
        spin.setValue(value)
    return spin


def edited_fields(current: object, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of ``values`` that differ from ``current`` (the record edited, or its fields by name),
    as (before, after) for an edit and its undo."""
    read: Callable[[str], Any] = current.__getitem__ if isinstance(current, Mapping) else partial(getattr, current)
    after = {key: value for key, value in values.items() if read(key) != value}
    return {key: read(key) for key in after}, after
