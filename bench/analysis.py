"""Analysis: the skill matrix snapshot and all 200 projects' staffing gaps on the large demo.

Subject: ``load_matrix`` and ``analyse_all`` through the app's reader, as the
org-wide staffing view runs them (5,000 people × 300 skills from ~450k
assessments, then every requirement's coverage and candidates). Floor: the same
rows fetched with raw ``sqlite3`` (newest assessment per person and skill,
memberships, requirements) plus a numpy fill of the level matrix, i.e. what the
analysis cannot avoid. Target: 2x.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time

from bench.common import build_demo, reader_and_connection, report, warmed_medians

ROUNDS = 7
PROJECTS = 200


def run() -> bool:
    import numpy as np

    from app.analysis.skills import NEWEST_ASSESSMENTS_SQL, load_matrix
    from app.analysis.staffing import analyse_all
    from app.settings import load_staffing_settings

    with tempfile.TemporaryDirectory(prefix="steward-bench-") as folder:
        path = build_demo(folder, scale="large")
        with reader_and_connection(path) as (reader, connection):

            def subject() -> float:
                started = time.perf_counter()
                settings = load_staffing_settings(reader)
                snapshot = load_matrix(reader, thresholds=settings.shapes)
                staffing = analyse_all(reader, settings=settings, snapshot=snapshot)
                elapsed = time.perf_counter() - started
                assert len(staffing) == PROJECTS and snapshot.levels.shape == (5_000, 300), "not the large demo"
                return elapsed

            def floor() -> float:
                started = time.perf_counter()
                assessments = connection.execute(NEWEST_ASSESSMENTS_SQL).fetchall()
                connection.execute("SELECT project_id, person_id, allocation FROM membership").fetchall()
                connection.execute(
                    "SELECT project_id, skill_id, min_level, needed_fte FROM skill_requirement"
                ).fetchall()
                table = np.fromiter(
                    itertools.chain.from_iterable(assessments), dtype=np.int64, count=3 * len(assessments)
                ).reshape(-1, 3)
                levels = np.full((table[:, 0].max() + 1, table[:, 1].max() + 1), -1, dtype=np.int8)
                levels[table[:, 0], table[:, 1]] = table[:, 2]
                return time.perf_counter() - started

            subject_time, floor_time = warmed_medians(subject, floor, rounds=ROUNDS)
    return report(f"matrix + gaps of {PROJECTS} projects (large demo)", subject_time, floor_time, target=2.0)


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
