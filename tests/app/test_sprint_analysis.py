"""Sprint burndown, figures, velocity and cumulative flow, from item history, computed by hand.

The hand-built sprint ("Sprint 1", Mon 2 to Fri 6 March 2026, started 10:00 on the
Monday, closed 16:30 on the Friday) holds, as its history tells it:

====  ======  ====================================================================
item  points  story
====  ======  ====================================================================
A     3       planned in; done Tue
B     5       planned in; done Wed; reopened Thu; moved to the backlog by the close
C     2 → 4   planned in; re-estimated to 4 on Wed; done Fri (last day)
D     8       added Tue 14:00 (mid-sprint); done Thu
E     1       planned in; removed to the backlog Wed
F     2       planned in; done Sat, after the sprint's end (so carried over)
G     3       never in a sprint
====  ======  ====================================================================

End of each day (remaining / scope): Mon 13/13, Tue 18/21 (A done −3, D added +8),
Wed 14/22 (B done −5, C +2, E removed −1), Thu 11/22 (B reopened +5, D done −8),
Fri 7/22 (C done −4). Ideal: 13 → 0 in four equal steps of 3.25.
Figures: committed 13 (A B C E F), completed 15 (A 3, C 4, D 8), added 8 (D),
removed 1 (E), carried over 7 (B 5, F 2).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.analysis.sprints import (
    FLOW_STATUSES,
    analyse_project_sprints,
    burndown,
    cumulative_flow,
    sprint_figures,
    velocity,
    velocity_average,
)
from app.db.database import Database
from app.errors import UserError
from tests.app.report_files import TODAY  # the day the demo fixture is made for; the demo's sprints are read on it
from tests.raw_sql import insert, insert_row, write

pytestmark = pytest.mark.both_backends

MARCH_2 = date(2026, 3, 2)


# -- building a database by hand


class Builder:
    """Plain SQL inserts into a test database (either backend): a project, sprints, items and their history."""

    def __init__(self, database: Database, *, project_id: int | None = None) -> None:
        self.database = database
        self.project_id = project_id or insert(
            database,
            "INSERT INTO project (name, description, stage, decision_mode, model_origin, personal_data) "
            "VALUES ('Fraud', '', 'development', 'decision_support', 'in_house', FALSE)",
        )

    def sprint(
        self,
        name: str,
        start_on: str,
        end_on: str,
        *,
        state: str = "closed",
        started_at: str | None = None,
        closed_at: str | None = None,
        goal: str = "",
    ) -> int:
        return insert_row(
            self.database,
            "sprint",
            project_id=self.project_id,
            name=name,
            goal=goal,
            start_on=start_on,
            end_on=end_on,
            state=state,
            capacity_points=20,
            started_at=started_at,
            closed_at=closed_at,
        )

    def item(self, title: str, *history: tuple[str, str, int | None, int | None]) -> int:
        """An item with its ``history`` rows: (changed_at, status, sprint id, points)."""
        _, status, sprint_id, points = history[-1]
        item_id = insert_row(
            self.database,
            "backlog_item",
            project_id=self.project_id,
            title=title,
            kind="new_policy",
            points=points,
            rank=1.0,
            status=status,
            owner_department="CISO",
            acceptance_criteria="",
            sprint_id=sprint_id,
            created_at=_stamp(history[0][0]),
        )
        for changed_at, event_status, event_sprint, event_points in history:
            self.history(item_id, changed_at, event_status, event_sprint, event_points)
        return item_id

    def history(self, item_id: int, changed_at: str, status: str, sprint_id: int | None, points: int | None) -> None:
        insert_row(
            self.database,
            "item_history",
            item_id=item_id,
            changed_at=_stamp(changed_at),
            status=status,
            sprint_id=sprint_id,
            points=points,
        )

    def commit(self, sprint_id: int, item_id: int, points: int | None) -> None:
        write(
            self.database,
            "INSERT INTO sprint_commitment (sprint_id, item_id, points) VALUES (:sprint, :item, :points)",
            sprint=sprint_id,
            item=item_id,
            points=points,
        )

    def close(self) -> None:
        """Nothing to close: each insert was its own transaction (kept so the tests read as they did)."""


def _stamp(text: str) -> str:
    """'2026-03-02 09:00' as SQLAlchemy stores it: '2026-03-02 09:00:00.000000'."""
    return datetime.fromisoformat(text).isoformat(sep=" ", timespec="microseconds")


class Story:
    """The sprint of the module docstring, with or without its commitment snapshot."""

    def __init__(self, database: Database, *, snapshot: bool) -> None:
        build = Builder(database)
        self.project_id = build.project_id
        self.sprint_id = s1 = build.sprint(
            "Sprint 1",
            "2026-03-02",
            "2026-03-06",
            started_at="2026-03-02 10:00",
            closed_at="2026-03-06 16:30",
            goal="Kill switch rehearsed",
        )
        planned = "2026-03-02 09:00"
        self.a = build.item(
            "A", ("2026-02-20 10:00", "backlog", None, 3), (planned, "todo", s1, 3), ("2026-03-03 11:00", "done", s1, 3)
        )
        self.b = build.item(
            "B",
            ("2026-02-20 10:00", "backlog", None, 5),
            (planned, "todo", s1, 5),
            ("2026-03-03 09:30", "in_progress", s1, 5),
            ("2026-03-04 12:00", "done", s1, 5),
            ("2026-03-05 10:00", "in_progress", s1, 5),
            ("2026-03-06 16:30", "backlog", None, 5),
        )  # the close moves it out
        self.c = build.item(
            "C",
            ("2026-02-20 10:00", "backlog", None, 2),
            (planned, "todo", s1, 2),
            ("2026-03-04 14:00", "todo", s1, 4),
            ("2026-03-06 15:00", "done", s1, 4),
        )
        self.d = build.item(
            "D",
            ("2026-03-03 13:40", "backlog", None, 8),
            ("2026-03-03 14:00", "todo", s1, 8),
            ("2026-03-05 15:00", "done", s1, 8),
        )
        self.e = build.item(
            "E",
            ("2026-02-20 10:00", "backlog", None, 1),
            (planned, "todo", s1, 1),
            ("2026-03-04 09:30", "backlog", None, 1),
        )
        self.f = build.item(
            "F", ("2026-02-20 10:00", "backlog", None, 2), (planned, "todo", s1, 2), ("2026-03-07 10:00", "done", s1, 2)
        )
        self.g = build.item("G", ("2026-02-25 10:00", "backlog", None, 3))
        if snapshot:
            for item_id, points in ((self.a, 3), (self.b, 5), (self.c, 2), (self.e, 1), (self.f, 2)):
                build.commit(s1, item_id, points)
        build.close()


@pytest.fixture(params=[True, False], ids=["snapshot", "history-only"])
def story(database: Database, request: pytest.FixtureRequest) -> Story:
    return Story(database, snapshot=request.param)


# -- burndown


def test_burndown_has_one_point_per_day_from_first_to_last_day(database: Database, story: Story) -> None:
    chart = burndown(database.reader(), story.sprint_id, today=TODAY)
    assert [point.date for point in chart.points] == [date(2026, 3, day) for day in range(2, 7)]
    assert chart.committed_points == 13


def test_burndown_first_day_is_the_committed_scope(database: Database, story: Story) -> None:
    first = burndown(database.reader(), story.sprint_id, today=TODAY).points[0]
    assert (first.remaining_points, first.scope_points, first.ideal_points) == (13, 13, 13.0)


def test_burndown_per_day_by_hand(database: Database, story: Story) -> None:
    chart = burndown(database.reader(), story.sprint_id, today=TODAY)
    assert [(point.remaining_points, point.scope_points) for point in chart.points] == [
        (13, 13),  # Mon: the planned scope
        (18, 21),  # Tue: A done (-3), D added mid-sprint (+8 to both)
        (14, 22),  # Wed: B done (-5), C re-estimated 2 -> 4 (+2), E removed (-1)
        (11, 22),  # Thu: B reopened (+5 remaining), D done (-8)
        (7, 22),  # Fri: C done (-4); the close's move of B at 16:30 and F done on Saturday do not count
    ]
    assert [point.ideal_points for point in chart.points] == [13.0, 9.75, 6.5, 3.25, 0.0]


def test_an_item_added_mid_sprint_raises_scope_from_that_day_not_before(database: Database, story: Story) -> None:
    scope = [point.scope_points for point in burndown(database.reader(), story.sprint_id, today=TODAY).points]
    assert scope[0] == 13 and scope[1] == 21


def test_days_not_yet_come_have_no_remaining_in_an_active_sprint(database: Database) -> None:
    build = Builder(database)
    sprint = build.sprint("Now", "2026-03-02", "2026-03-06", state="active", started_at="2026-03-02 10:00")
    build.item("A", ("2026-03-02 09:00", "todo", sprint, 3), ("2026-03-03 11:00", "done", sprint, 3))
    build.close()
    chart = burndown(database.reader(), sprint, today=date(2026, 3, 4))
    assert [point.remaining_points for point in chart.points] == [3, 0, 0, None, None]
    assert [point.ideal_points for point in chart.points] == [3.0, 2.25, 1.5, 0.75, 0.0]


def test_a_one_day_sprint_ends_at_zero_ideal(database: Database) -> None:
    build = Builder(database)
    sprint = build.sprint("Day", "2026-03-02", "2026-03-02", started_at="2026-03-02 08:00")
    build.item("A", ("2026-03-02 07:00", "todo", sprint, 3))
    build.close()
    (point,) = burndown(database.reader(), sprint, today=TODAY).points
    assert (point.remaining_points, point.scope_points, point.ideal_points) == (3, 3, 0.0)


def test_an_unknown_sprint_is_a_user_error(database: Database) -> None:
    with pytest.raises(UserError, match="Sprint 99 does not exist"):
        burndown(database.reader(), 99)


# -- figures


def test_sprint_figures_by_hand(database: Database, story: Story) -> None:
    figures = sprint_figures(database.reader(), story.sprint_id)
    assert (
        figures.committed_points,
        figures.completed_points,
        figures.added_points,
        figures.removed_points,
        figures.carried_over_points,
    ) == (13, 15, 8, 1, 7)
    assert figures.completed_item_ids == (story.a, story.c, story.d)
    assert figures.added_item_ids == (story.d,)
    assert figures.removed_item_ids == (story.e,)
    assert figures.carried_over_item_ids == (story.b, story.f)
    assert (figures.name, figures.goal, figures.state, figures.start_on, figures.end_on) == (
        "Sprint 1",
        "Kill switch rehearsed",
        "closed",
        MARCH_2,
        date(2026, 3, 6),
    )


def test_an_item_done_after_the_sprint_ended_is_carried_over_not_completed(database: Database, story: Story) -> None:
    figures = sprint_figures(database.reader(), story.sprint_id)
    assert story.f not in figures.completed_item_ids
    assert story.f in figures.carried_over_item_ids


def test_the_snapshot_wins_over_history_for_committed_scope(database: Database) -> None:
    build = Builder(database)
    sprint = build.sprint("S", "2026-03-02", "2026-03-06", started_at="2026-03-02 10:00")
    item = build.item("A", ("2026-03-02 09:00", "todo", sprint, 3))
    build.commit(sprint, item, 5)  # the estimate when the sprint started, as the start recorded it
    build.close()
    assert sprint_figures(database.reader(), sprint).committed_points == 5
    assert burndown(database.reader(), sprint).points[0].ideal_points == 5.0


def test_figures_match_the_project_wide_analysis(database: Database, story: Story) -> None:
    everything = analyse_project_sprints(database.reader(), story.project_id, today=TODAY)
    assert everything.figures == (sprint_figures(database.reader(), story.sprint_id),)
    assert everything.burndowns == (burndown(database.reader(), story.sprint_id, today=TODAY),)
    assert everything.figures[0].as_json()["carried_over_points"] == 7


def test_a_later_edit_does_not_change_a_closed_sprint(database: Database, story: Story) -> None:
    reader = database.reader()
    before = (sprint_figures(reader, story.sprint_id), burndown(reader, story.sprint_id, today=TODAY))
    build = Builder(database, project_id=story.project_id)
    build.history(story.c, "2026-04-01 10:00", "in_progress", story.sprint_id, 13)
    build.history(story.a, "2026-04-01 10:00", "todo", None, 1)
    build.close()
    assert (sprint_figures(reader, story.sprint_id), burndown(reader, story.sprint_id, today=TODAY)) == before


# -- velocity


def _four_sprints(database: Database) -> tuple[int, list[int]]:
    """Two closed sprints (5 and 9 points done), an active one (2 so far) and a planned one."""
    build = Builder(database)
    s1 = build.sprint("S1", "2026-03-02", "2026-03-13", started_at="2026-03-02 10:00", closed_at="2026-03-13 16:30")
    s2 = build.sprint("S2", "2026-03-16", "2026-03-27", started_at="2026-03-16 10:00", closed_at="2026-03-27 16:30")
    s3 = build.sprint("S3", "2026-03-30", "2026-04-10", state="active", started_at="2026-03-30 10:00")
    s4 = build.sprint("S4", "2026-04-13", "2026-04-24", state="planned")
    build.item("a", ("2026-03-02 09:00", "todo", s1, 5), ("2026-03-05 09:00", "done", s1, 5))
    build.item(
        "b",
        ("2026-03-02 09:00", "todo", s1, 3),
        ("2026-03-16 09:00", "todo", s2, 3),
        ("2026-03-18 09:00", "done", s2, 3),
    )
    build.item("c", ("2026-03-16 09:00", "todo", s2, 6), ("2026-03-20 09:00", "done", s2, 6))
    build.item("d", ("2026-03-30 09:00", "todo", s3, 2), ("2026-03-31 09:00", "done", s3, 2))
    build.item("e", ("2026-03-30 09:00", "todo", s3, 8))
    build.item("f", ("2026-04-01 09:00", "todo", s4, 4))
    project_id = build.project_id
    build.close()
    return project_id, [s1, s2, s3, s4]


def test_velocity_per_sprint_with_running_average_of_closed_sprints(database: Database) -> None:
    project_id, (s1, s2, s3, _planned) = _four_sprints(database)
    points = velocity(database.reader(), project_id)
    assert [
        (p.sprint_id, p.committed_points, p.completed_points, p.running_average, p.in_progress) for p in points
    ] == [
        (s1, 8, 5, 5.0, False),
        (s2, 9, 9, 7.0, False),  # b carried over into S2 with 3, c 6
        (s3, 10, 2, 7.0, True),  # the active sprint is shown, flagged, and not averaged
    ]


def test_velocity_average_counts_closed_sprints_only(database: Database) -> None:
    project_id, _ = _four_sprints(database)
    assert velocity_average(database.reader(), project_id) == 7.0
    everything = analyse_project_sprints(database.reader(), project_id, today=TODAY)
    assert everything.velocity_average == 7.0
    assert len(everything.figures) == 4 and len(everything.velocity) == 3


def test_velocity_average_is_none_before_a_sprint_closes(database: Database) -> None:
    build = Builder(database)
    build.sprint("S", "2026-03-02", "2026-03-13", state="active", started_at="2026-03-02 10:00")
    project_id = build.project_id
    build.close()
    assert velocity_average(database.reader(), project_id) is None


# -- cumulative flow


def test_flow_totals_equal_the_items_existing_each_day(database: Database, story: Story) -> None:
    flow = cumulative_flow(database.reader(), story.project_id, start=date(2026, 2, 19), end=date(2026, 3, 8))
    assert flow.statuses == FLOW_STATUSES == ("backlog", "todo", "in_progress", "in_review", "done")
    assert flow.days[0].date == date(2026, 2, 19) and flow.days[-1].date == date(2026, 3, 8)
    # A, B, C, E, F from 20 Feb; G from 25 Feb; D from 3 Mar.
    expected = {day.date: 5 if day.date >= date(2026, 2, 20) else 0 for day in flow.days}
    for day in flow.days:
        expected[day.date] += (day.date >= date(2026, 2, 25)) + (day.date >= date(2026, 3, 3))
        assert sum(day.items) == expected[day.date], day.date


def test_flow_on_one_day_by_hand(database: Database, story: Story) -> None:
    flow = cumulative_flow(database.reader(), story.project_id, start=MARCH_2, end=date(2026, 3, 7))
    wednesday = flow.days[2]
    assert wednesday.date == date(2026, 3, 4)
    # backlog: E 1, G 3; todo: C 4, D 8, F 2; done: A 3, B 5.
    assert wednesday.items == (2, 3, 0, 0, 2)
    assert wednesday.points == (4, 14, 0, 0, 8)
    saturday = flow.days[-1]
    assert saturday.items_in("done") == 4 and saturday.points_in("done") == 17  # A, C, D and F
    assert saturday.items_in("backlog") == 3  # E, G and B (moved there by the close)


def test_flow_by_default_runs_from_the_first_history_day_to_today(database: Database, story: Story) -> None:
    flow = cumulative_flow(database.reader(), story.project_id, today=date(2026, 3, 10))
    assert flow.days[0].date == date(2026, 2, 20) and flow.days[-1].date == date(2026, 3, 10)
    assert sum(flow.days[-1].items) == 7


# -- on the demo


def _done_points_at_end(database: Database) -> dict[int, int]:
    """Per closed sprint, the points of its items whose last history row before the end is 'done' in it.

    Worked out here from the stored rows (the same text on both backends), apart from the analysis: the end is
    the sprint's close or the day after its last day, whichever is first.
    """
    reader = database.reader()
    history = sorted(
        reader.rows("SELECT id, item_id, changed_at, status, sprint_id, points FROM item_history"),
        key=lambda row: (row[2], row[0]),
    )
    done: dict[int, int] = {}
    for sprint_id, closed_at, end_on in reader.rows("SELECT id, closed_at, end_on FROM sprint WHERE state = 'closed'"):
        end = min(closed_at, (date.fromisoformat(end_on) + timedelta(days=1)).isoformat())
        last = {row[1]: row for row in history if row[2] < end}
        if last:
            done[sprint_id] = sum(row[5] or 0 for row in last.values() if row[4] == sprint_id and row[3] == "done")
    return done


def test_demo_completed_points_are_the_items_done_by_each_sprint_end(demo: Database) -> None:
    reader = demo.reader()
    expected = _done_points_at_end(demo)
    project_ids = [row[0] for row in reader.rows("SELECT id FROM project ORDER BY id")]
    seen: dict[int, int] = {}
    for project_id in project_ids:
        for figures in analyse_project_sprints(reader, project_id, today=TODAY).figures:
            if figures.state == "closed":
                seen[figures.sprint_id] = figures.completed_points
    assert seen == expected and len(seen) >= 4
    assert all(points > 0 for points in seen.values())


def test_demo_tells_of_scope_changes_and_carry_over(demo: Database) -> None:
    reader = demo.reader()
    figures = [
        figure
        for (project_id,) in reader.rows("SELECT id FROM project")
        for figure in analyse_project_sprints(reader, project_id, today=TODAY).figures
        if figure.state == "closed"
    ]
    assert any(figure.added_points for figure in figures)
    assert any(figure.removed_points for figure in figures)
    assert any(figure.carried_over_points for figure in figures)
    for figure in figures:  # what was in scope at the end was either done or carried over
        chart = burndown(reader, figure.sprint_id, today=TODAY)
        assert chart.points[-1].scope_points == figure.completed_points + figure.carried_over_points
        assert chart.points[-1].remaining_points == figure.carried_over_points


def test_demo_closed_sprints_unchanged_after_an_item_is_re_estimated(demo: Database) -> None:
    reader = demo.reader()
    project_id, item_id, sprint_id, status = reader.one(
        "SELECT i.project_id, h.item_id, h.sprint_id, h.status FROM item_history AS h "
        "JOIN backlog_item AS i ON i.id = h.item_id JOIN sprint AS s ON s.id = h.sprint_id "
        "WHERE s.state = 'closed' AND h.status = 'done' ORDER BY h.id LIMIT 1"
    )
    before = analyse_project_sprints(reader, project_id, today=TODAY)
    write(
        demo,
        "INSERT INTO item_history (item_id, changed_at, status, sprint_id, points)"
        " VALUES (:item, :changed_at, :status, :sprint, 13)",
        item=item_id,
        changed_at=datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds"),
        status=status,
        sprint=sprint_id,
    )
    write(demo, "UPDATE backlog_item SET points = 13 WHERE id = :item", item=item_id)
    after = analyse_project_sprints(reader, project_id, today=TODAY)
    closed = [index for index, figure in enumerate(before.figures) if figure.state == "closed"]
    assert closed
    assert [after.figures[index] for index in closed] == [before.figures[index] for index in closed]
    assert [after.burndowns[index] for index in closed] == [before.burndowns[index] for index in closed]
    assert [point for point in after.velocity if not point.in_progress] == [
        point for point in before.velocity if not point.in_progress
    ]
    assert after.velocity_average == before.velocity_average


@pytest.mark.sqlite_only(
    reason="SQLite keeps a timestamp as the text another program wrote, in any ISO form; a PostgreSQL timestamp"
    " column has one form, set on the way in"
)
def test_timestamps_written_in_other_iso_forms_are_read_as_utc(database: Database) -> None:
    build = Builder(database)
    sprint = build.sprint("S", "2026-03-02", "2026-03-04", started_at="2026-03-02 10:00")
    item = build.item("A", ("2026-03-02 09:00", "todo", sprint, 3))
    # 01:30 on Wednesday at UTC+2 is 23:30 on Tuesday in UTC: the item was done on Tuesday.
    write(
        database,
        "INSERT INTO item_history (item_id, changed_at, status, sprint_id, points)"
        " VALUES (:item, :changed_at, 'done', :sprint, 3)",
        item=item,
        changed_at="2026-03-04T01:30:00+02:00",
        sprint=sprint,
    )
    build.close()
    chart = burndown(database.reader(), sprint, today=TODAY)
    assert [point.remaining_points for point in chart.points] == [3, 0, 0]


def test_the_usual_sprint_length_is_the_median_of_the_teams_sprints_else_two_weeks() -> None:
    from app.analysis.sprints import usual_sprint_days

    assert usual_sprint_days([]) == 14
    assert usual_sprint_days([14, 14, 365]) == 14  # one slip does not make a year-long habit
    assert usual_sprint_days([7, 10, 21, 28]) == 16
