"""A real write SIGKILLed at a random moment leaves a sound file holding the state before or after it.

The short form of ``make kill`` (``tests/app/crash_harness.py``): two kills of each
of five writes (an import of 3,000 assessments, a pasted block of 300 budget lines,
a sprint close, a plan approval, a version publish).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.app.crash_harness import OPERATIONS, Reference, classify, dump, run_kills, summary


def test_a_killed_write_leaves_the_state_before_or_after_it_never_a_mixture() -> None:
    outcomes = run_kills(2 * len(OPERATIONS), seed=7)
    assert [outcome.operation for outcome in outcomes].count("import") == 2
    broken = [outcome for outcome in outcomes if outcome.state not in ("before", "after")]
    assert broken == [], summary(outcomes)


def test_the_check_tells_a_mixture_and_a_damaged_file_from_a_clean_state(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(
            "CREATE TABLE plan (id INTEGER PRIMARY KEY, state TEXT);"
            "CREATE TABLE line (id INTEGER PRIMARY KEY, plan_id INTEGER REFERENCES plan (id), amount INTEGER);"
            "INSERT INTO plan VALUES (1, 'draft'); INSERT INTO line VALUES (1, 1, 10);"
        )
    before = dump(path)
    after = {"line": [(1, 1, 10), (2, 1, 20)], "plan": [(1, "approved")]}
    ref = Reference(before, after, {}, 0.1)
    assert classify(path, ref) == "before"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE plan SET state = 'approved'")  # the plan moved, its line did not come
    assert classify(path, ref) == "a mixture (as after: ['plan']; still as before: ['line']; neither: [])"
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO line VALUES (2, 1, 20)")
    assert classify(path, ref) == "after"
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO line VALUES (3, 99, 5)")  # a line of a plan that does not exist
    assert classify(path, ref).startswith("foreign_key_check")
