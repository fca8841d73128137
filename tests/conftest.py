"""Test set-up shared by every test (after qutebrowser and napari).

Qt runs offscreen; every user folder (settings, data, logs) is redirected to a
temporary directory so no test reads or writes the user's own; each test that
needs a database gets a fresh one in its own temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_HOME = Path(tempfile.mkdtemp(prefix="steward-tests-home-"))
for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_HOME / variable.lower())
os.environ.pop("STEWARD_DB", None)

from app.db.database import Database  # noqa: E402 - after the environment is set
from app.services.setup import initialise  # noqa: E402 - after the environment is set


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/views" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def backups_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's automatic backups go to a folder of its own (and its ``steward`` processes' too)."""
    folder = tmp_path_factory.mktemp("backups")
    monkeypatch.setenv("STEWARD_BACKUP_DIR", str(folder))
    return folder


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A new, initialised database (schema and default taxonomy) in a temporary folder."""
    db = Database(tmp_path / "steward.db")
    initialise(db)
    yield db
    db.dispose()
