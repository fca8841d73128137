"""When a page reloads its data: the one gate every page that follows the change hub goes through.

Pages read their data on the worker and reload it when ``context.hub.changed``
says something changed. Done naively that costs a full analysis per change,
for pages nobody is looking at, and overlapping loads that land out of order.
``ReloadGate`` holds the three rules once:

- only a shown page loads; a hidden one only remembers it is stale and loads
  when it is shown again;
- one load at a time: asked again while loading, the gate loads once more after
  (however often it was asked), and only that newest load's result is shown.

It watches the page's Show events through an event filter, so a page keeps its
own ``showEvent`` (if any) to itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class ReloadGate(QObject):
    """Decides when ``page`` calls ``load``.

    The page calls ``request()`` whenever its data may be out of date, and
    ``finished()`` when a load's result (or error) is back; ``finished()`` says
    whether to show that result: False when a newer load was asked for meanwhile.
    ``load`` starts one load; a synchronous ``load`` calls ``finished()`` itself.

    ``ready`` (optional) says whether there is anything to load at all (the
    staffing page before a project is chosen); while it is false, requests are
    ignored. ``defer_on_show`` reloads a stale page one event-loop turn after it
    is shown, because whoever shows a page often asks for a reload straight
    after, and one load will do; a page whose load is synchronous and cheap
    passes False to be fresh in the very paint that shows it.
    """

    def __init__(
        self,
        page: QWidget,
        load: Callable[[], None],
        *,
        ready: Callable[[], bool] | None = None,
        defer_on_show: bool = True,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._load = load
        self._ready = ready
        self._defer_on_show = defer_on_show
        self._stale = False
        self._loading = False
        self._again = False
        page.installEventFilter(self)

    @property
    def loading(self) -> bool:
        """Whether a load is on its way."""
        return self._loading

    def request(self) -> None:
        """Load now if the page is shown and idle; after the current load if one runs; else when shown."""
        if self._ready is not None and not self._ready():
            return
        if not self._page.isVisible():
            self._stale = True
            return
        self._stale = False
        if self._loading:
            self._again = True
            return
        self._loading = True
        self._load()

    def finished(self) -> bool:
        """A load ended; True when its result is the newest to show, False when another load follows."""
        self._loading = False
        if self._again:
            self._again = False
            self.request()
            return False
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show and self._stale:
            if self._defer_on_show:
                QTimer.singleShot(0, self, self._request_if_stale)
            else:
                self.request()
        return super().eventFilter(watched, event)

    def _request_if_stale(self) -> None:
        if self._stale and self._page.isVisible():
            self.request()
