"""Whole-app scenarios, each in a subprocess: a crash there fails the test and names the signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from app.db.database import Database

ROOT = Path(__file__).resolve().parents[2]


def run_scenario(module: str, *arguments: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``tests.views.scenarios.<module>`` with ``arguments``; fail with its output unless it exits 0."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    result = subprocess.run(
        [sys.executable, "-m", f"tests.views.scenarios.{module}", *map(str, arguments)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        how = (
            f"was killed by {signal.Signals(-result.returncode).name}"
            if result.returncode < 0
            else f"exited {result.returncode}"
        )
        raise AssertionError(f"scenario {module} {how}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
    return result


def test_undoing_a_pasted_budget_row_neither_crashes_nor_leaves_the_paste(
    demo_database: Database, tmp_path: Path
) -> None:
    demo_database.dispose()
    result = run_scenario("paste_undo", demo_database.target, tmp_path / "settings.ini")
    assert "undone: True" in result.stdout
