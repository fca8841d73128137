"""The core runs without Qt: enforced by import-linter and checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import app
import models

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_module_of_app_and_models_loads_no_qt() -> None:
    names = [
        info.name
        for package in (app, models)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
        if ".migrations." not in info.name
    ]
    code = (
        "import importlib, sys\n"
        + "".join(f"importlib.import_module({name!r})\n" for name in names)
        + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert "app.cli" in names and "models.tables" in names


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is a test dependency"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout  # views -> app -> models, no Qt, app's own layers
