"""A killed export leaves the old file or the new one whole, never a truncated one; its leftovers go next time.

``steward export`` runs in a child process that is SIGKILLed at random moments of
its run. After each kill the target holds exactly the old file's bytes or a
complete new export (it parses, and holds every table), never part of one. A
killed process cannot remove its temporary file, so the next write beside the
same target removes it (``app.files.remove_stale_temporaries``): after a final
export completes, the folder holds the export and nothing else.
``STEWARD_EXPORT_KILLS=200 pytest tests/app/test_killed_export.py`` is the long form.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.db.database import Database

KILLS = int(os.environ.get("STEWARD_EXPORT_KILLS", "4"))


def _export(db: Path, target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--db", str(db), "export", str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _is_complete_export(data: bytes, tables: set[str]) -> bool:
    try:
        document = json.loads(data)
    except ValueError:
        return False
    return isinstance(document, dict) and tables <= set(document.get("tables", document))


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_killed_export_leaves_the_old_file_or_a_whole_new_one_and_no_leftovers(demo: Database, out: Path) -> None:
    db = demo.sqlite_path
    assert db is not None
    demo.dispose()
    target = out / "everything.json"
    started = time.monotonic()
    assert _export(db, target).wait(timeout=120) == 0
    span = time.monotonic() - started
    old = target.read_bytes()
    document = json.loads(old)
    tables = set(document.get("tables", document)) - {"format", "format_version", "schema_revision"}
    assert {"person", "budget_line", "audit_event"} <= tables

    rng = random.Random(20261204)
    outcomes = {"old": 0, "new": 0}
    leftovers = 0
    for _ in range(KILLS):
        child = _export(db, target)
        time.sleep(rng.uniform(0.2, 1.0) * span)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        leftovers = max(leftovers, len(list(out.glob(".everything.json.*.tmp"))))
        now = target.read_bytes()
        if now == old:
            outcomes["old"] += 1
        else:
            assert _is_complete_export(now, tables), f"a kill left a truncated {target.name} ({len(now):,} bytes)"
            outcomes["new"] += 1
            old = now

    assert _export(db, target).wait(timeout=120) == 0
    assert _is_complete_export(target.read_bytes(), tables)
    assert sorted(path.name for path in out.iterdir()) == ["everything.json"], "a killed export's leftovers stayed"
    assert sum(outcomes.values()) == KILLS
    print(f"{KILLS} kills: {outcomes['old']} left the old file, {outcomes['new']} the new one; leftovers {leftovers}")
