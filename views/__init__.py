"""Everything Qt: the main window, pages, dialogs, item models over the core, the worker.

Views read through ``app.queries`` and write only by calling ``app.services``
(through an ``Operation`` on the single worker thread, wrapped in an undo command).
"""

from views.qt_safety import install as _guard_qt_overrides

# Before any widget class is defined: an exception in an override must not take PySide down (see qt_safety).
_guard_qt_overrides()
