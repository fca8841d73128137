"""No Python exception may escape into Qt: every override of a Qt method is guarded.

When a Python override of a Qt virtual method (a model's ``data()``, a
delegate's ``paint()``, a widget's ``keyPressEvent()``…) raises while Qt's C++
code is calling it, PySide has to turn the exception into something C++ can
live with; for many built-in exceptions (an ``IndexError`` from a list, a
``ValueError`` from ``int()``) PySide 6.10 and 6.11 crash the whole process
doing so (a segmentation fault in shiboken's error handling). One bug in one
cell would then cost the user the app, and any edit not yet saved.

So :func:`install` (run when ``views`` is imported, before any widget class
exists) makes every Python subclass of a Qt class wrap its overrides of Qt
methods: an exception is logged with its traceback, the crash dialog is shown
once for that method (after the current event, not inside Qt's call), and Qt
gets the base class's answer (or a neutral one: no data, no rows, no flags).
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from types import FunctionType
from typing import Any

log = logging.getLogger("steward.qt")

# What a guarded method answers when the base class has no implementation to fall back on.
_NEUTRAL: dict[str, Any] = {
    "rowCount": 0,
    "columnCount": 0,
    "setData": False,
    "lessThan": False,
    "filterAcceptsRow": True,
    "filterAcceptsColumn": True,
    "eventFilter": False,
    "event": False,
    "hasChildren": False,
    "canDropMimeData": False,
    "dropMimeData": False,
}
_reported: set[str] = set()
_installed = False


def _is_qt_class(klass: type) -> bool:
    return type(klass).__name__ == "ObjectType" and klass.__module__.startswith(("PySide6", "Shiboken"))


@functools.cache
def _public_names(klass: type) -> frozenset[str]:
    return frozenset(name for name in vars(klass) if not name.startswith("_"))


def _qt_names(cls: type) -> set[str]:
    names: set[str] = set()
    for klass in cls.__mro__[1:]:
        if _is_qt_class(klass):
            names |= _public_names(klass)
    return names


def _report(where: str, error: BaseException) -> None:
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("exception in %s, answered for Qt:\n%s", where, text)
    if where in _reported:
        return
    _reported.add(where)
    from PySide6.QtCore import QTimer

    def show() -> None:
        from PySide6.QtWidgets import QApplication

        from views.errors import show_crash

        show_crash(QApplication.activeWindow(), text)

    # Not from inside Qt's call (a paint, a sort): once the event loop is back in charge.
    QTimer.singleShot(0, show)


def _guard(cls: type, name: str, method: FunctionType) -> Callable[..., Any]:
    where = f"{cls.__module__}.{cls.__qualname__}.{name}"

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            _report(where, error)
            try:
                return getattr(super(cls, self), name)(*args, **kwargs)
            except Exception:  # the base has nothing to offer (a pure virtual): a neutral answer
                return _NEUTRAL.get(name)

    guarded.__qt_guarded__ = True  # type: ignore[attr-defined]  # a marker for tests
    return guarded


def _guard_overrides(cls: type, /, **kwargs: Any) -> None:
    names = _qt_names(cls)
    for name, value in list(vars(cls).items()):
        if name in names and isinstance(value, FunctionType) and not getattr(value, "__qt_guarded__", False):
            setattr(cls, name, _guard(cls, name, value))


def install() -> None:
    """Guard the Qt overrides of every class defined from now on (idempotent)."""
    global _installed
    if _installed:
        return
    import shiboken6

    shiboken6.Shiboken.Object.__init_subclass__ = classmethod(_guard_overrides)  # type: ignore[assignment]  # on purpose
    _installed = True
