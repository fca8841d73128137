"""Start-up: process start to the first painted main window on the demo database.

Subject: ``steward --db demo.db --exit-after-paint``. Floor: a bare PySide6 main
window shown by the same Python (``bench/bare_window.py``). Target: 1.5x.

Steward's own modules are compiled to byte-code first, as an installed copy's
are (and as Python leaves them after a first run): where PYTHONDONTWRITEBYTECODE
is set, as on some CI machines, every run would otherwise compile them from
source, which no user's start-up does.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import report, time_command, warmed_medians

ROUNDS = 15


ROOT = Path(__file__).resolve().parent.parent


def run() -> bool:
    for package in ("app", "models", "views"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        database = Path(folder) / "demo.db"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "XDG_CONFIG_HOME": folder,
            "XDG_DATA_HOME": folder,
            "XDG_STATE_HOME": folder,
        }
        steward = Path(sys.executable).with_name("steward")
        subprocess.run([str(steward), "--db", str(database), "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        bare = [sys.executable, str(Path(__file__).with_name("bare_window.py"))]
        app = [str(steward), "--db", str(database), "--exit-after-paint"]
        subject, floor = warmed_medians(
            lambda: time_command(app, env=env), lambda: time_command(bare, env=env), rounds=ROUNDS
        )
    return report("start-up to first paint (demo database)", subject, floor, target=1.5)


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
