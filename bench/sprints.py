"""Sprints: all sprint data of a project with 2,000 items and 50 sprints (the all-sprints policy report).

Subject: ``analyse_project_sprints`` through the app's reader, as the report
without ``--sprint`` runs it: every sprint's figures and daily burndown, the
velocity with its running average and the cumulative flow over the project's
whole history. Floor: the same history rows fetched with raw ``sqlite3`` plus
one pass over them (points per status), i.e. what any analysis of them cannot
avoid. Target: 3x.

The project is generated here with plain inserts into a temporary database:
50 two-week sprints back to back (49 closed, the last active), 40 items planned
into each, with the demo's kinds of history — items added and removed
mid-sprint, re-estimates, reopened items and carry-overs into the next sprint.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.common import reader_and_connection, report, warmed_medians

ROUNDS = 15
ITEMS = 2_000
SPRINTS = 50
FIRST_START = date(2025, 1, 6)  # a Monday
SPRINT_DAYS = 11  # Monday to the Friday of the next week


def _stamp(day: date, minutes: int) -> str:
    return (datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes)).isoformat(
        sep=" ", timespec="microseconds"
    )


def _insert(connection: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> int:
    """Run one INSERT; the new row's id."""
    row_id = connection.execute(sql, params).lastrowid
    assert row_id is not None  # an INSERT always sets it
    return row_id


def _generate(path: Path) -> tuple[int, date]:
    """The project (its id) and the day the benchmark takes as today."""
    from app.db.database import Database
    from app.services.setup import initialise

    database = Database(path)
    initialise(database)
    database.dispose()
    rng = random.Random(20_261_125)
    connection = sqlite3.connect(path)
    with connection:
        project_id = _insert(
            connection,
            "INSERT INTO project (name, description, stage, decision_mode, model_origin, personal_data) "
            "VALUES ('Bench', '', 'production', 'automated', 'third_party', 1)",
        )
        starts = [FIRST_START + timedelta(weeks=2 * number) for number in range(SPRINTS)]
        sprint_ids = []
        for number, start_on in enumerate(starts):
            active = number == SPRINTS - 1
            end_on = start_on + timedelta(days=SPRINT_DAYS)
            sprint_ids.append(
                _insert(
                    connection,
                    "INSERT INTO sprint (project_id, name, goal, start_on, end_on, state, capacity_points, started_at, "
                    "closed_at) VALUES (?, ?, '', ?, ?, ?, 40, ?, ?)",
                    (
                        project_id,
                        f"Sprint {number + 1}",
                        start_on.isoformat(),
                        end_on.isoformat(),
                        "active" if active else "closed",
                        _stamp(start_on, 600),
                        None if active else _stamp(end_on, 990),
                    ),
                )
            )
        history: list[tuple[int, str, str, int | None, int]] = []
        commitments: list[tuple[int, int, int]] = []
        per_sprint = ITEMS // SPRINTS
        for position in range(ITEMS):
            number = position // per_sprint
            sprint_id, start_on = sprint_ids[number], starts[number]
            points = rng.choice((1, 2, 3, 5, 8))
            item_id = _insert(
                connection,
                "INSERT INTO backlog_item (project_id, title, kind, points, rank, status, owner_department, "
                "acceptance_criteria, created_at) VALUES (?, ?, 'review', ?, ?, 'backlog', 'CISO', '', ?)",
                (
                    project_id,
                    f"Item {position + 1}",
                    points,
                    float(position),
                    _stamp(start_on, -rng.randint(1, 20) * 1440),
                ),
            )
            events: list[tuple[str, str, int | None, int]] = [
                (_stamp(start_on - timedelta(days=rng.randint(1, 20)), 600), "backlog", None, points)
            ]
            luck = rng.random()
            added = luck < 0.08
            entered_day = rng.randint(1, 4) if added else 0
            events.append(
                (_stamp(start_on + timedelta(days=entered_day), 540 + position % 60), "todo", sprint_id, points)
            )
            if not added:
                commitments.append((sprint_id, item_id, points))
            if rng.random() < 0.05:
                points = rng.choice((2, 3, 5, 8, 13))
                events.append((_stamp(start_on + timedelta(days=entered_day + 1), 700), "todo", sprint_id, points))
            if 0.08 <= luck < 0.13:  # removed mid-sprint
                events.append((_stamp(start_on + timedelta(days=rng.randint(5, 7)), 660), "backlog", None, points))
            elif 0.13 <= luck < 0.23 and number + 1 < SPRINTS:  # carried over into the next sprint
                events.append((_stamp(start_on + timedelta(days=5), 720), "in_progress", sprint_id, points))
                nxt = starts[number + 1]
                events.append((_stamp(nxt, 540 + position % 60), "in_progress", sprint_ids[number + 1], points))
                commitments.append((sprint_ids[number + 1], item_id, points))
                events.append((_stamp(nxt + timedelta(days=3), 800), "done", sprint_ids[number + 1], points))
            else:
                progress_day = rng.randint(entered_day + 2, 6)
                done_day = rng.randint(progress_day + 1, 9)
                events.append((_stamp(start_on + timedelta(days=progress_day), 600), "in_progress", sprint_id, points))
                events.append((_stamp(start_on + timedelta(days=done_day), 620), "in_review", sprint_id, points))
                events.append((_stamp(start_on + timedelta(days=done_day), 900), "done", sprint_id, points))
                if rng.random() < 0.03:  # reopened, then done again
                    events.append(
                        (_stamp(start_on + timedelta(days=done_day + 1), 600), "in_progress", sprint_id, points)
                    )
                    events.append((_stamp(start_on + timedelta(days=SPRINT_DAYS), 800), "done", sprint_id, points))
            history.extend((item_id, *event) for event in events)
        connection.executemany(
            "INSERT INTO item_history (item_id, changed_at, status, sprint_id, points) VALUES (?, ?, ?, ?, ?)", history
        )
        connection.executemany(
            "INSERT INTO sprint_commitment (sprint_id, item_id, points) VALUES (?, ?, ?)", commitments
        )
    connection.close()
    # The Monday after the last sprint's end: its review day, before anyone closes it.
    return int(project_id or 0), starts[-1] + timedelta(days=SPRINT_DAYS + 3)


def run() -> bool:
    from app.analysis.sprints import analyse_project_sprints

    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        path = Path(folder) / "sprints.db"
        project_id, today = _generate(path)
        history_sql = (
            "SELECT h.item_id, h.changed_at, h.status, h.sprint_id, h.points FROM item_history AS h "
            "JOIN backlog_item AS i ON i.id = h.item_id WHERE i.project_id = ? "
            "ORDER BY h.item_id, h.changed_at, h.id"
        )
        with reader_and_connection(path) as (reader, connection):

            def subject() -> float:
                started = time.perf_counter()
                analysis = analyse_project_sprints(reader, project_id, today=today)
                elapsed = time.perf_counter() - started
                assert len(analysis.figures) == SPRINTS and len(analysis.velocity) == SPRINTS, "not the bench project"
                return elapsed

            def floor() -> float:
                started = time.perf_counter()
                points_by_status: dict[str, int] = {}
                for _item, _changed_at, status, _sprint, points in connection.execute(history_sql, (project_id,)):
                    points_by_status[status] = points_by_status.get(status, 0) + (points or 0)
                return time.perf_counter() - started

            subject_time, floor_time = warmed_medians(subject, floor, rounds=ROUNDS)
    return report(
        f"sprint report data ({ITEMS:,} items, {SPRINTS} sprints)", subject_time, floor_time, target=3.0, unit="ms"
    )


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
