"""Crash atomicity, proven by killing: real writes SIGKILLed at random moments, then checked.

Each *operation* is one real write of Steward, made through its services on a copy
of the demo organisation: an import of a few thousand assessments, a pasted block of
budget lines, a sprint close, a plan approval and a version publish. For each, the
harness first runs the operation to its end twice in a child process, which gives
the state after it (and shows which columns differ from run to run: the timestamps,
which are left out of the comparison), and how long it takes. Then, many times, it
starts the operation in a child process on a fresh copy and kills it with SIGKILL at
a random moment in that span. After each kill it checks the file:

- ``PRAGMA integrity_check`` says ok and ``PRAGMA foreign_key_check`` finds nothing;
- every table holds exactly the state before the operation or exactly the state
  after it, never a mixture.

``python -m tests.app.crash_harness --kills 1000`` (``make kill``) is the long form;
``tests/app/test_crash_atomicity.py`` runs a few dozen kills in ``make test``. The
child waits until everything before the write (imports, the file's plan) is done
and says ``ready``; the kill lands in the write or just after it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
# The day the demo organisation is made for, so every run starts from the same state.
DEMO_DAY = date(2026, 6, 15)
IMPORT_ROWS = 3000
PASTED_LINES = 300

Dump = dict[str, list[tuple[Any, ...]]]


# --- the operations (run in the child) ------------------------------------------------------


def _prepare_import(database: Any, folder: Path) -> Callable[[], object]:
    from app.io.matrix_file import apply_import, plan_import

    reader = database.reader()
    emails = [row[0] for row in reader.rows("SELECT email FROM person WHERE active ORDER BY id")]
    skills = [row[0] for row in reader.rows("SELECT name FROM skill WHERE NOT retired ORDER BY id")]
    unique = {name for name in skills if skills.count(name) == 1}
    skills = sorted(unique)
    rows = ["email,skill,level,date,source"]
    pairs = [(email, skill) for email in emails for skill in skills]
    for index, (email, skill) in enumerate(pairs[:IMPORT_ROWS]):
        rows.append(f"{email},{skill},{index % 5},2026-06-{1 + index % 14:02d},manager")
    path = folder / "assessments.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = plan_import(database, path)
    if plan.errors:
        raise SystemExit(f"the harness's import file has problems: {plan.errors[:3]}")
    return lambda: apply_import(database, plan, source="manager")


def _prepare_paste(database: Any, _folder: Path) -> Callable[[], object]:
    from app.analysis.budget import Period
    from app.services import budget

    reader = database.reader()
    plan_id = reader.scalar("SELECT id FROM budget_plan WHERE state = 'draft' ORDER BY id LIMIT 1")
    if plan_id is None:
        raise SystemExit("the demo has no draft budget plan to paste into")
    kind = reader.scalar("SELECT period_kind FROM budget_line WHERE plan_id = :id LIMIT 1", {"id": plan_id}) or "month"
    highest = 12 if kind == "month" else 4
    lines = [
        budget.LineInput(
            category="cloud_compute",
            description=f"Pasted line {index}",
            period=Period(kind, 1 + index % highest),
            stage="production",
            planned=Decimal(100 + index) / 4,
        )
        for index in range(PASTED_LINES)
    ]
    return lambda: budget.add_lines(database, plan_id, lines)


def _prepare_close(database: Any, _folder: Path) -> Callable[[], object]:
    from app.services import policy

    sprint_id = database.reader().scalar("SELECT id FROM sprint WHERE state = 'active' ORDER BY id LIMIT 1")
    return lambda: policy.close_sprint(database, sprint_id)


def _prepare_approval(database: Any, _folder: Path) -> Callable[[], object]:
    from app.services import budget

    reader = database.reader()
    plan_id = reader.scalar("SELECT id FROM budget_plan WHERE state = 'submitted' ORDER BY id LIMIT 1")
    person_id = reader.scalar("SELECT id FROM person WHERE active ORDER BY id LIMIT 1")
    return lambda: budget.approve_plan(database, plan_id, approved_by_id=person_id, approved_on=DEMO_DAY)


def _prepare_publish(database: Any, _folder: Path) -> Callable[[], object]:
    from app.services import policy

    version_id = database.reader().scalar(
        "SELECT id FROM policy_version WHERE published_on IS NULL ORDER BY id LIMIT 1"
    )
    return lambda: policy.publish_version(database, version_id, published_on=DEMO_DAY)


OPERATIONS: dict[str, Callable[[Any, Path], Callable[[], object]]] = {
    "import": _prepare_import,
    "paste": _prepare_paste,
    "close-sprint": _prepare_close,
    "approve": _prepare_approval,
    "publish": _prepare_publish,
}


def child(operation: str, path: Path) -> None:
    """Prepare ``operation`` on the database at ``path``, say ``ready``, run it, say ``done``."""
    from app.db.database import Database
    from app.services.unit import unit_of_work

    database = Database(path)
    run = OPERATIONS[operation](database, path.parent)
    with unit_of_work(database):
        pass  # the engine, the ORM and the tables loaded: what is left to do is the write itself
    print("ready", flush=True)
    started = time.perf_counter()
    run()
    print(f"done {time.perf_counter() - started:.6f}", flush=True)


# --- the template and the checks (run in the parent) ------------------------------------------


def make_template(folder: Path) -> Path:
    """The demo organisation on ``DEMO_DAY``, with one plan submitted so that an approval can run."""
    from app.db.database import Database
    from app.demo.generator import fill_demo
    from app.services import budget
    from app.services.setup import initialise

    path = folder / "template.db"
    database = Database(path)
    initialise(database)
    fill_demo(database, today=DEMO_DAY)
    plan_id = database.reader().scalar("SELECT id FROM budget_plan WHERE state = 'draft' ORDER BY id DESC LIMIT 1")
    budget.set_plan_state(database, plan_id, "submitted")
    database.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def copy_database(template: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def dump(path: Path) -> Dump:
    """Every table's rows, in key order (the logical content of the file)."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name"
            )
        ]
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr) for table in tables}
    finally:
        connection.close()


def columns(path: Path) -> dict[str, list[str]]:
    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')] for name in names}
    finally:
        connection.close()


def health(path: Path) -> list[str]:
    """What is wrong with the file as SQLite sees it: nothing, when integrity and foreign keys are sound."""
    connection = sqlite3.connect(path)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        problems = [] if integrity == ["ok"] else [f"integrity_check: {integrity[:3]}"]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            problems.append(f"foreign_key_check: {broken[:3]}")
        return problems
    finally:
        connection.close()


def masked(state: Dump, volatile: dict[str, set[int]]) -> Dump:
    """``state`` without the columns that differ between two runs of the same operation (timestamps)."""
    out: Dump = {}
    for table, rows in state.items():
        drop = volatile.get(table, set())
        out[table] = sorted(
            (tuple(value for index, value in enumerate(row) if index not in drop) for row in rows), key=repr
        )
    return out


def volatile_columns(first: Dump, second: Dump) -> dict[str, set[int]]:
    """The columns whose values differ between two complete runs (row for row, in key order)."""
    volatile: dict[str, set[int]] = {}
    for table, rows in first.items():
        other = second.get(table, [])
        if len(rows) != len(other):
            raise SystemExit(f"two runs of one operation left different row counts in {table}")
        for row, row_b in zip(rows, other, strict=True):
            for index, (a, b) in enumerate(zip(row, row_b, strict=True)):
                if a != b:
                    volatile.setdefault(table, set()).add(index)
    return volatile


def _start(operation: str, path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.app.crash_harness", "--child", operation, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if line != "ready":
        process.wait()
        raise SystemExit(
            f"the {operation} child did not start: {line} {process.stderr.read() if process.stderr else ''}"
        )
    return process


class Reference(NamedTuple):
    before: Dump
    after: Dump
    volatile: dict[str, set[int]]
    seconds: float


def reference(operation: str, template: Path, folder: Path) -> Reference:
    """The states before and after ``operation`` (timestamps masked), and how long its write takes."""
    afters: list[Dump] = []
    spans: list[float] = []
    for run in range(2):
        path = copy_database(template, folder / f"{operation}-reference-{run}.db")
        process = _start(operation, path)
        out, err = process.communicate()
        if process.returncode != 0 or not out.startswith("done "):
            raise SystemExit(f"the {operation} operation failed when run to its end: {err.strip()[-800:]}")
        spans.append(float(out.split()[1]))
        afters.append(dump(path))
    volatile = volatile_columns(*afters)
    before = masked(dump(template), volatile)
    after = masked(afters[0], volatile)
    if before == after:
        raise SystemExit(f"the {operation} operation changed nothing; the harness would prove nothing")
    return Reference(before, after, volatile, max(spans))


class Outcome(NamedTuple):
    operation: str
    state: str  # "before", "after", or what was wrong
    delay: float


def kill_once(operation: str, ref: Reference, template: Path, folder: Path, rng: random.Random) -> Outcome:
    path = copy_database(template, folder / f"{operation}-kill.db")
    process = _start(operation, path)
    delay = rng.uniform(0, ref.seconds * 1.2)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    return Outcome(operation, classify(path, ref), delay)


def classify(path: Path, ref: Reference) -> str:
    """``before`` or ``after`` when the file at ``path`` is sound and holds exactly that state; else what is wrong."""
    problems = health(path)
    if problems:
        return "; ".join(problems)
    state = masked(dump(path), ref.volatile)
    if state == ref.before:
        return "before"
    if state == ref.after:
        return "after"
    changed = sorted(table for table in ref.after if ref.after[table] != ref.before.get(table))
    as_after = [table for table in changed if state.get(table) == ref.after[table]]
    as_before = [table for table in changed if state.get(table) == ref.before.get(table)]
    neither = sorted(table for table in state if state[table] not in (ref.before.get(table), ref.after.get(table)))
    return f"a mixture (as after: {as_after}; still as before: {as_before}; neither: {neither})"


def run_kills(kills: int, *, seed: int = 1, operations: tuple[str, ...] = tuple(OPERATIONS)) -> list[Outcome]:
    """``kills`` kills spread over ``operations``; returns every outcome."""
    rng = random.Random(seed)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="steward-kill-") as scratch:
        folder = Path(scratch)
        template = make_template(folder)
        references = {operation: reference(operation, template, folder) for operation in operations}
        for number in range(kills):
            operation = operations[number % len(operations)]
            outcomes.append(kill_once(operation, references[operation], template, folder, rng))
        for operation, ref in references.items():
            print(
                f"{operation}: the write takes {ref.seconds * 1000:.0f} ms; the kills land in 0-120% of it", flush=True
            )
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    counts = Counter((outcome.operation, outcome.state) for outcome in outcomes)
    lines = []
    for operation in dict.fromkeys(outcome.operation for outcome in outcomes):
        before, after = counts[(operation, "before")], counts[(operation, "after")]
        total = sum(count for (name, _state), count in counts.items() if name == operation)
        lines.append(
            f"{operation:>13}: {total} kills, {before} left it before, {after} after, {total - before - after} broken"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("OPERATION", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    started = time.perf_counter()
    outcomes = run_kills(args.kills, seed=args.seed)
    print(summary(outcomes))
    broken = [outcome for outcome in outcomes if outcome.state not in ("before", "after")]
    for outcome in broken[:10]:
        print(f"BROKEN: {outcome.operation} killed after {outcome.delay * 1000:.0f} ms: {outcome.state}")
    print(f"{len(outcomes)} kills in {time.perf_counter() - started:.0f} s; {len(broken)} left a broken or mixed file")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
