"""A filter's pick list refilled after a reload: the pages that filter a table by a combo box share it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


def refill_choices(combo: QComboBox, entries: list[tuple[str, Any]]) -> None:
    """Refill a filter's choices after its first ("any"), keeping the chosen one when it is still there.

    When the chosen value went away the combo falls back to its first choice and
    says so (``currentIndexChanged``), so that what it filters follows it.
    """
    chosen = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, value in entries:
        combo.addItem(text, value)
    index = combo.findData(chosen) if chosen is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
    if index < 0:
        combo.currentIndexChanged.emit(0)
