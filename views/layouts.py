"""Rows and columns of a page said in one call: what goes in them, in order, and what takes the spare room.

Every page and section lays out its parts the same few ways (a headline that
takes the width beside its buttons, the filters at the left and the actions at
the right, a column of sections of which one grows), and wrote each out as a
line a widget. ``side_by_side`` and ``top_to_bottom`` take the parts in order instead:

- a widget or a layout, added as it is (no stretch);
- ``(part, stretch)``, the part with its stretch factor (it takes that share of the spare room);
- a bare number, that much empty stretch between its neighbours.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

Part = QWidget | QLayout | tuple[QWidget | QLayout, int] | int


def fill(layout: QBoxLayout, *parts: Part) -> QBoxLayout:
    """Add ``parts`` to ``layout`` in order (see the module's docstring), and return it."""
    for part in parts:
        if isinstance(part, int):
            layout.addStretch(part)
            continue
        item, stretch = part if isinstance(part, tuple) else (part, 0)
        if isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)
    return layout


def side_by_side(*parts: Part) -> QHBoxLayout:
    """A new row of ``parts``, left to right (placed in a page by its parent layout)."""
    layout = QHBoxLayout()
    fill(layout, *parts)
    return layout


def top_to_bottom(owner: QWidget, *parts: Part, margin: int = 0) -> QVBoxLayout:
    """``owner``'s own layout: ``parts`` top to bottom, ``margin`` pixels from each of its edges."""
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(margin, margin, margin, margin)
    fill(layout, *parts)
    return layout
