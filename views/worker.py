"""Operations: work off the GUI thread, results back on it (after Anki's ``op`` objects).

One worker thread runs every operation in order, so database writes are
serialised and a slow query never freezes the window::

    Operation(self, lambda: services.update_project(db, pid, changes)) \\
        .success(self._saved).run()

``success`` and ``failure`` callbacks run on the GUI thread. Without a
``failure`` callback a ``UserError`` shows as a message box over the parent and
anything else goes to the crash handler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from app.errors import DatabaseClosed

log = logging.getLogger("steward.worker")

_pool: QThreadPool | None = None
_running: set[Operation] = set()


def worker_pool() -> QThreadPool:
    """The single worker thread every operation runs on."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(-1)
    return _pool


def wait_for_operations(timeout_ms: int = 30_000) -> bool:
    """Block until queued operations finished (on quit, and in tests)."""
    return _pool.waitForDone(timeout_ms) if _pool is not None else True


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits into it, Qt queues the call across."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # handed to the GUI thread, which decides
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class Operation:
    """A piece of work for the worker thread, with callbacks for the GUI thread."""

    def __init__(self, parent: QWidget | None, work: Callable[[], Any]) -> None:
        self._parent = parent
        self._work = work
        self._on_success: Callable[[Any], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._relay = _Relay()
        self._relay.succeeded.connect(self._succeeded)
        self._relay.failed.connect(self._failed)

    def success(self, callback: Callable[[Any], None]) -> Operation:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        self._on_failure = callback
        return self

    def run(self) -> None:
        _running.add(self)
        worker_pool().start(_Task(self._work, self._relay))

    def _succeeded(self, result: Any) -> None:
        _running.discard(self)
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, error: BaseException) -> None:
        _running.discard(self)
        if isinstance(error, DatabaseClosed):  # its database was closed under it: nobody waits for it
            log.info("operation abandoned: %s", error)
            return
        if self._on_failure is not None:
            self._on_failure(error)
            return
        from views.errors import report_error

        report_error(self._parent, error)
