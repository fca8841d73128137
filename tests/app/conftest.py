"""Fixtures of the report tests: the demo organisation on a fixed day, and a folder for the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.database import Database
from app.demo.generator import fill_demo
from tests.app.report_files import TODAY


@pytest.fixture
def demo(database: Database) -> Database:
    fill_demo(database, today=TODAY)
    return database


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for reports (the database lives beside it, in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder
