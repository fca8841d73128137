"""Rows and columns of a page said in one call: what goes in them, in order, and what takes the spare room.

Every page and section lays out its parts the same few ways (a headline that
takes the width beside its buttons, the filters at the left and the actions at
the right, a column of sections of which one grows), and wrote each out as a
line a widget. ``side_by_side`` and ``top_to_bottom`` take the parts in order instead:

- a widget or a layout, added as it is (no stretch);
- ``(part, stretch)``, the part with its stretch factor (it takes that share of the spare room);
- a bare number, that much empty stretch between its neighbours.

``split_vertically`` is the other shape pages share: two sections, one over the other, the
line between them dragged by the user. ``named_label`` is the wrapped headline or title they place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLayout, QSplitter, QVBoxLayout, QWidget

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


def side_by_side(*parts: Part, owner: QWidget | None = None, margin: int = 0) -> QHBoxLayout:
    """A row of ``parts``, left to right: ``owner``'s own layout (``margin`` pixels from its edges), or else
    a new one that its parent layout places."""
    layout = QHBoxLayout()
    if owner is not None:
        layout = QHBoxLayout(owner)
        layout.setContentsMargins(margin, margin, margin, margin)
    fill(layout, *parts)
    return layout


def top_to_bottom(owner: QWidget, *parts: Part, margin: int | None = 0, top: int | None = None) -> QVBoxLayout:
    """``owner``'s own layout: ``parts`` top to bottom, ``margin`` pixels from each of its edges (``top``
    pixels from its top edge, when that differs; ``margin=None`` keeps the style's margins, as a box has)."""
    layout = QVBoxLayout(owner)
    if margin is not None:
        layout.setContentsMargins(margin, margin if top is None else top, margin, margin)
    fill(layout, *parts)
    return layout


def split_vertically(
    owner: QWidget, top: QWidget, bottom: QWidget, *, shares: tuple[int, int], heights: list[int] | None = None
) -> QSplitter:
    """``top`` over ``bottom`` in a splitter that never collapses either to nothing.

    ``shares`` is how the two divide spare height; ``heights``, where the line between them starts.
    """
    splitter = QSplitter(Qt.Orientation.Vertical, owner)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(top)
    splitter.addWidget(bottom)
    for index, share in enumerate(shares):
        splitter.setStretchFactor(index, share)
    if heights is not None:
        splitter.setSizes(heights)
    return splitter


def named_label(parent: QWidget, object_name: str, text: str = "", *, rich: bool = False) -> QLabel:
    """A label the style sheet and the tests know by ``object_name``, wrapping its words (rich text if ``rich``).

    Wrapping, a headline never holds the page (and the window's sidebar) to the width of its one line.
    """
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    if rich:
        label.setTextFormat(Qt.TextFormat.RichText)
    return label
