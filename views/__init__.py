"""Everything Qt: the main window, pages, dialogs, item models over the core, the worker.

Views read through ``app.queries`` and write only by calling ``app.services``
(through an ``Operation`` on the single worker thread, wrapped in an undo command).
"""
