"""A pick list used as a cell's editor: it shows the cell's value, or no choice at all, never a stand-in.

A ``QComboBox`` editor set to ``max(0, findData(value))`` opens on its first
item whenever the value is not among its items (a cell never filled in, a level
never assessed, a period outside the list), and Enter then writes that first
item: an edit nobody chose. ``show_choice`` opens on the value or on nothing
(with a placeholder saying what "nothing" means), and ``chosen`` is None until
the user picks, so the delegate writes nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox


def show_choice(combo: QComboBox, value: Any, *, placeholder: str = "") -> bool:
    """Select the item whose data is ``value``, or none (``placeholder`` shown); True when it was found."""
    if placeholder:
        combo.setPlaceholderText(placeholder)
    found = combo.findData(value) if value is not None else -1
    combo.setCurrentIndex(found)
    return found >= 0


def chosen(combo: QComboBox) -> Any:
    """The picked item's data, or None while nothing is picked."""
    return combo.currentData() if combo.currentIndex() >= 0 else None
