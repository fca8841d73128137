"""Windows no larger than the screen they open on.

A dialog sized for a large monitor (``resize(760, 860)``) opens on an 800-px-high
laptop screen with its buttons below the bottom edge, out of reach. A dialog asks
``fit_to_screen(self, width, height)`` instead of ``resize``: it gets that size,
or the room the screen it opens on has (its available geometry: without the task
bar, and leaving space for the window's frame and title bar), whichever is smaller.
Each time it is shown it is also kept on that screen: centred over a window that
reaches past the screen's edge, a dialog would start partly off it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

_KEEPER = "_steward_keep_on_screen"  # the attribute holding a window's _KeepOnScreen

# What a window manager adds around a window's contents (title bar and borders), at most, as usually drawn.
FRAME = QSize(16, 48)


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen ``widget`` opens on: its parent window's, for a dialog not shown yet; else the primary one."""
    parent = widget.parentWidget()
    screen: QScreen | None = parent.window().screen() if parent is not None else widget.screen()
    return screen if screen is not None else QGuiApplication.primaryScreen()


def room_on_screen(widget: QWidget) -> QSize:
    """The largest size of ``widget``'s contents that fits, frame included, on the screen it opens on."""
    screen = screen_of(widget)
    if screen is None:  # no screen at all (never in practice): leave sizes as asked
        return QSize(1 << 20, 1 << 20)
    available = screen.availableGeometry().size()
    return QSize(max(available.width() - FRAME.width(), 200), max(available.height() - FRAME.height(), 150))


def keep_on_screen(widget: QWidget) -> None:
    """Place the window ``widget`` wholly, frame included, on the available part of the screen it opens on.

    A window nobody has placed yet is first centred over its parent's window, as Qt
    would; then it is moved in from any edge it crosses.
    """
    screen = screen_of(widget) if not widget.testAttribute(Qt.WidgetAttribute.WA_Moved) else widget.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = widget.frameGeometry()
    if not widget.testAttribute(Qt.WidgetAttribute.WA_Moved):
        parent = widget.parentWidget()
        centre = parent.window().frameGeometry().center() if parent is not None else available.center()
        frame.moveCenter(centre)
    x = max(available.left(), min(frame.left(), available.right() + 1 - frame.width()))
    y = max(available.top(), min(frame.top(), available.bottom() + 1 - frame.height()))
    if (x, y) != (widget.frameGeometry().left(), widget.frameGeometry().top()):
        widget.move(x, y)


class _KeepOnScreen(QObject):
    """Keeps its window on its screen each time the window is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            keep_on_screen(watched)
        return False


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Resize ``widget`` to ``width`` × ``height``, or less where the screen it opens on has less room, and keep
    it on that screen whenever it is shown."""
    size = QSize(width, height).boundedTo(room_on_screen(widget))
    widget.resize(size)
    if not isinstance(getattr(widget, _KEEPER, None), _KeepOnScreen):
        keeper = _KeepOnScreen(widget)
        setattr(widget, _KEEPER, keeper)
        widget.installEventFilter(keeper)
    return size
