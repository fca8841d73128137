"""GUI fixtures: a main window over a small real organisation in a temporary database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.db.database import Database
from app.services import people, projects
from views.main_window import MainWindow
from views.worker import wait_for_operations


@pytest.fixture
def organisation(database: Database) -> Database:
    """Three projects, three people, one of them booked on two projects."""
    fraud = projects.create_project(database, name="Fraud scoring", stage="production", decision_mode="automated",
                                    personal_data=True, description="Blocks risky card payments.").ids[0]
    triage = projects.create_project(database, name="Clinical triage", stage="pre_production",
                                     model_origin="third_party", personal_data=True).ids[0]
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
