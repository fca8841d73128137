"""The Budget tab at 1280×800 in the main window over the demo: no plan, state or sub-tab asks for more room
than the window has (selecting a draft once widened it to 1457 px), and the budget dialogs fit the screen
they open on (the PDF preview was 860 px high, its buttons below an 800-px screen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QWidget

from app.db.database import Database
from tests.views.modal import answer_modal
from tests.views.project_list import open_project
from views.budget.budget_page import BudgetPage
from views.main_window import MainWindow
from views.worker import wait_for_operations

PROJECT = "Card fraud screening"
WIDTH, HEIGHT = 1280, 800


def click_tab(qtbot, tabs, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: tabs.currentIndex() == index)


@pytest.fixture
def budget(qtbot, demo_window: MainWindow) -> Iterator[BudgetPage]:
    """The demo window at 1280×800 on Card fraud screening's Budget tab, its first load shown."""
    assert demo_window.size().toTuple() == (WIDTH, HEIGHT)
    open_project(qtbot, demo_window, PROJECT)
    click_tab(qtbot, demo_window.tabs, demo_window.tabs.indexOf(demo_window.budget_tab))
    page = demo_window.budget_tab.ensure_page()
    assert isinstance(page, BudgetPage)
    qtbot.waitUntil(lambda: page.plan() is not None and not page.is_loading())
    yield page


def click_plan(qtbot, page: BudgetPage, name: str) -> None:
    table = page.plans
    row = next(row for row in range(page.plans_proxy.rowCount()) if page.plans_proxy.index(row, 0).data() == name)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(page.plans_proxy.index(row, 0)).center()
    )
    qtbot.waitUntil(lambda: page.plan() is not None and page.plan().name == name and not page.is_loading())


def assert_fits(qtbot, window: MainWindow, page: BudgetPage, what: str) -> None:
    """The window kept its size, and on every sub-tab of the Budget tab asks for no more than it has."""
    for index in range(page.tabs.count()):
        click_tab(qtbot, page.tabs, index)
        wait_for_operations()
        tab = page.tabs.tabText(index)
        wanted = window.minimumSizeHint()
        assert wanted.width() <= WIDTH and wanted.height() <= HEIGHT, f"{what}, {tab}: asks for {wanted.toTuple()}"
        assert window.size().toTuple() == (WIDTH, HEIGHT), f"{what}, {tab}: the window became {window.size()}"
    click_tab(qtbot, page.tabs, 0)


def test_no_plan_state_or_sub_tab_widens_the_window(
    qtbot, budget: BudgetPage, demo_window: MainWindow, demo_database: Database
) -> None:
    for name in ("With digital twin", "Baseline", "With digital twin"):
        click_plan(qtbot, budget, name)
        assert_fits(qtbot, demo_window, budget, f"{name} ({budget.plan().state})")
    assert budget.plan().state == "draft"
    answer_modal(qtbot, button="Submit")
    qtbot.mouseClick(budget.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not budget.is_loading() and budget.plan().state == "submitted")
    assert_fits(qtbot, demo_window, budget, "With digital twin (submitted)")


def inside(outer: QRect, inner: QRect) -> bool:
    return outer.contains(inner.topLeft()) and outer.contains(inner.bottomRight())


def assert_on_screen(dialog: QDialog) -> None:
    available = dialog.screen().availableGeometry()
    assert inside(available, dialog.frameGeometry()), f"{dialog.frameGeometry()} is not within {available}"
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible():
            corner = button.mapToGlobal(button.rect().topLeft())
            assert inside(available, QRect(corner, button.size())), f"{button.text()!r} is off the screen"


def test_the_pdf_preview_fits_the_screen_it_opens_on(qtbot, budget: BudgetPage) -> None:
    from views.budget.preview import PdfPreviewDialog

    click_plan(qtbot, budget, "Baseline")
    qtbot.mouseClick(budget.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(budget.dialog, PdfPreviewDialog) and budget.dialog.isVisible(), timeout=30_000)
    dialog = budget.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert_on_screen(dialog)
    assert dialog.page_count() > 1  # a real report, not an empty frame
    dialog.reject()


@pytest.mark.parametrize("button", ["import_button", "new_plan_button"])
def test_the_other_budget_dialogs_fit_the_screen(qtbot, budget: BudgetPage, button: str) -> None:
    qtbot.mouseClick(getattr(budget, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: budget.dialog is not None and budget.dialog.isVisible())
    dialog = budget.dialog
    assert isinstance(dialog, QDialog)
    qtbot.waitExposed(dialog)
    assert_on_screen(dialog)
    dialog.reject()


def test_the_approval_dialog_fits_the_screen(qtbot, budget: BudgetPage) -> None:
    click_plan(qtbot, budget, "With digital twin")
    answer_modal(qtbot, button="Submit")
    qtbot.mouseClick(budget.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not budget.is_loading() and budget.plan().state == "submitted")
    seen: dict[str, QWidget] = {}

    def check(dialog: QDialog) -> None:
        seen["dialog"] = dialog
        assert_on_screen(dialog)
        dialog.reject()

    answer_modal(qtbot, then=check)
    qtbot.mouseClick(budget.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "dialog" in seen and budget.dialog is None)
