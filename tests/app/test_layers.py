"""The core runs without Qt: enforced by import-linter and checked in a fresh interpreter."""

from __future__ import annotations

import ast
import pkgutil
import re
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
    # views -> app -> models, no Qt below views/, no SQL in views/, app's own layers
    assert "Contracts: 4 kept, 0 broken." in result.stdout


# A statement's first words, as SQL text in a string literal would start.
SQL_START = re.compile(
    r"^\s*(SELECT\s.*\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s+\w+\s+AS\s)", re.I | re.S
)


def sql_literals(source: str) -> list[tuple[int, str]]:
    """The string literals of ``source`` that read as SQL statements, with their line numbers."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_START.match(node.value)
    ]


def test_views_hold_no_sql_text() -> None:
    """The import contract sees imports; this sees a query passed as text to database.reader()."""
    assert sql_literals('reader.scalar("SELECT name FROM project WHERE id = :id")')  # the check sees SQL
    assert not sql_literals('label = "Select a project to see its budget."')  # and not English
    found = {
        f"{path.relative_to(ROOT)}:{line}": text[:60]
        for path in sorted((ROOT / "views").rglob("*.py"))
        for line, text in sql_literals(path.read_text(encoding="utf-8"))
    }
    assert found == {}, f"views run SQL of their own; move it to app/queries: {found}"
