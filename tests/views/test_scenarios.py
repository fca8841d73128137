"""Whole-app scenarios, each in a subprocess: a crash there fails the test and names the signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

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


WALK_SEEDS = (1, 2)
WALK_STEPS = int(os.environ.get("STEWARD_WALK_STEPS", "300"))


@pytest.mark.parametrize("seed", WALK_SEEDS)
def test_a_random_walk_of_user_actions_leaves_a_healthy_app_and_database(
    demo_database: Database, tmp_path: Path, seed: int
) -> None:
    """A seeded walk (``make soak`` takes longer ones): no crash, warning or exception, and ``steward check`` passes."""
    demo_database.dispose()
    result = run_scenario(
        "random_walk", demo_database.target, tmp_path / "settings.ini", "--seed", str(seed), "--steps", str(WALK_STEPS)
    )
    assert f"walked {WALK_STEPS} steps" in result.stdout
    check = subprocess.run(
        [sys.executable, "-m", "views.launch", "--db", str(demo_database.target), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
