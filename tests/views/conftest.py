"""GUI fixtures: a main window over a small real organisation, or over the demo one, in a temporary
database; a page's context over the test's database or the demo; showing such a page; and the user errors
a test's pages said."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app.db.database import Database
from app.demo.generator import fill_demo
from app.services import people, projects
from tests.views.pages import settle
from views.changes import ChangeHub
from views.context import AppContext
from views.main_window import MainWindow
from views.worker import wait_for_operations

PageT = TypeVar("PageT", bound=QWidget)


@pytest.fixture(autouse=True)
def crashes_fail_the_test(monkeypatch) -> Iterator[list[str]]:
    """A bug that reaches the crash dialog fails the test at its end, instead of blocking it on a modal box."""
    shown: list[str] = []
    monkeypatch.setattr("views.errors.show_crash", lambda _parent, text: shown.append(text))
    yield shown
    assert not shown, "the crash dialog was shown:\n" + "\n".join(shown)


@pytest.fixture
def shown_errors(monkeypatch) -> list[str]:
    """The user errors the test's pages said, each as its sentence, instead of a modal box."""
    shown: list[str] = []
    monkeypatch.setattr("views.errors.show_user_error", lambda _parent, error, **_kw: shown.append(str(error)))
    return shown


@pytest.fixture
def context(qapp, database: Database) -> AppContext:
    """What a page needs over the test's database (a file whose database holds more makes its own)."""
    return AppContext(database, hub=ChangeHub())


@pytest.fixture
def organisation(database: Database) -> Database:
    """Three projects, three people, one of them booked on two projects."""
    fraud = projects.create_project(
        database,
        name="Fraud scoring",
        stage="production",
        decision_mode="automated",
        personal_data=True,
        description="Blocks risky card payments.",
    ).ids[0]
    triage = projects.create_project(
        database, name="Clinical triage", stage="pre_production", model_origin="third_party", personal_data=True
    ).ids[0]
    projects.create_project(database, name="Demand forecast", stage="proof_of_concept")
    ana = people.create_person(database, name="Ana Ruiz", email="ana@example.org", department="Data science").ids[0]
    ben = people.create_person(database, name="Ben Okafor", email="ben@example.org", department="CISO office").ids[0]
    projects.add_member(database, fraud, ana, role="Lead data scientist", allocation=0.8)
    projects.add_member(database, triage, ana, role="Reviewer", allocation=0.4)
    projects.add_member(database, fraud, ben, role="Security engineer", allocation=0.5)
    return database


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, organisation: Database, settings: QSettings) -> Iterator[MainWindow]:
    main_window = MainWindow(organisation, settings=settings)
    qtbot.addWidget(main_window)
    main_window.show()
    qtbot.waitExposed(main_window)
    yield main_window
    wait_for_operations()


@pytest.fixture
def demo_database(database: Database) -> Database:
    """The demo organisation (people and their skills, projects with requirements) in the test's database."""
    fill_demo(database)
    return database


@pytest.fixture
def demo_context(qapp, demo_database: Database) -> AppContext:
    """What a page needs, over the demo: the database, and a change hub and an undo stack of its own."""
    return AppContext(demo_database, hub=ChangeHub())


@pytest.fixture
def demo_window(qtbot, demo_database: Database, settings: QSettings) -> Iterator[MainWindow]:
    """The main window over the demo, shown and active."""
    main_window = MainWindow(demo_database, settings=settings)
    qtbot.addWidget(main_window)
    main_window.show()
    # Activation gives the project list the focus, and with it a current project; a test that switches
    # to an organisation page before that would find the window switched back to the project.
    qtbot.waitUntil(main_window.isActiveWindow)
    yield main_window
    settle()


@pytest.fixture
def show_page(qtbot, database: Database) -> Iterator[Callable[[PageT], PageT]]:
    """Shows a page on its own, at a desktop window's size; after the test, lets its operations finish.

    It asks for ``database`` so that it is torn down first: a load still on the worker finishes before the
    database is closed under it (which crashes the process).
    """

    def show(page: PageT) -> PageT:
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    yield show
    settle()
