"""The reload gate on a plain widget: a hidden page waits until shown, loads never overlap, and what was
asked for during a load is loaded once after it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from views.reload_gate import ReloadGate


class CountingPage(QWidget):
    """A page whose load only counts; the test ends each load by calling ``gate.finished()``."""

    def __init__(self, *, ready: bool = True, defer_on_show: bool = True) -> None:
        super().__init__()
        self.loads = 0
        self.ready = ready
        self.gate = ReloadGate(self, self._load, ready=lambda: self.ready, defer_on_show=defer_on_show)

    def _load(self) -> None:
        self.loads += 1


@pytest.fixture
def page(qtbot) -> CountingPage:
    widget = CountingPage()
    qtbot.addWidget(widget)
    return widget


def show(qtbot, page: QWidget) -> None:
    page.show()
    qtbot.waitExposed(page)


def test_a_hidden_page_loads_only_once_shown_a_turn_later(qtbot, page: CountingPage) -> None:
    page.gate.request()
    page.gate.request()
    assert page.loads == 0 and not page.gate.loading
    page.show()
    assert page.loads == 0  # not inside the show: whoever shows a page often asks for a load straight after
    qtbot.waitUntil(lambda: page.loads == 1)
    assert page.gate.loading


def test_a_request_straight_after_showing_is_the_only_load(qtbot, page: CountingPage) -> None:
    page.gate.request()
    page.show()
    page.gate.request()
    assert page.loads == 1
    page.gate.finished()
    QCoreApplication.processEvents()  # the turn after the show
    assert page.loads == 1


def test_showing_a_page_nobody_asked_to_reload_loads_nothing(qtbot, page: CountingPage) -> None:
    show(qtbot, page)
    QCoreApplication.processEvents()
    assert page.loads == 0


def test_a_shown_page_loads_at_once(qtbot, page: CountingPage) -> None:
    show(qtbot, page)
    page.gate.request()
    assert page.loads == 1 and page.gate.loading
    assert page.gate.finished()
    assert not page.gate.loading


def test_requests_during_a_load_are_folded_into_one_load_after_it(qtbot, page: CountingPage) -> None:
    show(qtbot, page)
    page.gate.request()
    page.gate.request()
    page.gate.request()
    page.gate.request()
    assert page.loads == 1  # one at a time
    assert not page.gate.finished()  # its result is stale: a newer load follows
    assert page.loads == 2 and page.gate.loading
    assert page.gate.finished()  # the newest: show it
    assert page.loads == 2 and not page.gate.loading


def test_a_page_hidden_while_loading_loads_again_once_shown(qtbot, page: CountingPage) -> None:
    show(qtbot, page)
    page.gate.request()
    page.gate.request()
    page.hide()
    assert not page.gate.finished()  # asked again meanwhile: this result is stale
    assert page.loads == 1 and not page.gate.loading
    page.show()
    qtbot.waitUntil(lambda: page.loads == 2)


def test_a_page_with_nothing_to_load_ignores_requests(qtbot) -> None:
    page = CountingPage(ready=False)
    qtbot.addWidget(page)
    page.gate.request()
    show(qtbot, page)
    page.gate.request()
    QCoreApplication.processEvents()
    assert page.loads == 0
    page.ready = True
    page.gate.request()
    assert page.loads == 1


def test_a_page_can_load_inside_its_show(qtbot) -> None:
    page = CountingPage(defer_on_show=False)
    qtbot.addWidget(page)
    page.gate.request()
    assert page.loads == 0
    page.show()
    assert page.loads == 1
