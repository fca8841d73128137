"""The Sprints tab's charts over a project built by hand: three one-week sprints (two closed, one under way
with an item added mid-sprint), so every figure on the charts can be worked out on paper.

Sprint 1 (2–6 Mar): A 5, B 3, C 2 committed (10); A and B done (8); C back to the backlog.
Sprint 2 (9–13 Mar): C 2, E 7 committed (9); both done (9).
Sprint 3 (16–20 Mar), today 19 Mar: F 5, G 3, H 2 committed (10); F done on the 17th, I (4) added on
the 18th, G done on the 19th; so remaining 10, 5, 9, 6 and nothing for the 20th, scope 10, 10, 14, 14.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCharts import QAreaSeries, QBarSeries, QCategoryAxis, QChart, QLineSeries, QValueAxis
from PySide6.QtCore import Qt

from app.analysis.sprints import Burndown, CumulativeFlow, ProjectSprints, analyse_project_sprints
from app.db.database import Database
from app.services import policy
from app.services.projects import create_project
from models.enums import ItemStatus
from views.policy.sprint_charts import BurndownChart, SprintChartsPanel
from views.policy.wording import name

TODAY = date(2026, 3, 19)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


class Project:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.id = create_project(database, name="Card fraud screening").ids[0]
        self.sprints: dict[str, int] = {}
        self.items: dict[str, int] = {}

    def item(self, title: str, points: int, *, day: int = 1) -> int:
        self.items[title] = policy.create_item(self.database, self.id, title=title, points=points, at=at(day, 8)).ids[0]
        return self.items[title]

    def sprint(self, sprint_name: str, start: int, end: int) -> int:
        self.sprints[sprint_name] = policy.plan_sprint(
            self.database, self.id, name=sprint_name, start_on=date(2026, 3, start), end_on=date(2026, 3, end)
        ).ids[0]
        return self.sprints[sprint_name]

    def assign(self, title: str, sprint_name: str, *, day: int) -> None:
        policy.assign_to_sprint(self.database, self.items[title], self.sprints[sprint_name], at=at(day, 8))

    def done(self, title: str, *, day: int) -> None:
        policy.set_status(self.database, self.items[title], ItemStatus.DONE, at=at(day, 15))


@pytest.fixture
def project(database: Database) -> Project:
    built = Project(database)
    for title, points in (("A", 5), ("B", 3), ("C", 2), ("E", 7), ("F", 5), ("G", 3), ("H", 2)):
        built.item(title, points)
    built.sprint("Sprint 1", 2, 6)
    built.sprint("Sprint 2", 9, 13)
    built.sprint("Sprint 3", 16, 20)
    for title in ("A", "B", "C"):
        built.assign(title, "Sprint 1", day=1)
    policy.start_sprint(database, built.sprints["Sprint 1"], at=at(2, 9))
    built.done("A", day=3)
    built.done("B", day=5)
    policy.close_sprint(database, built.sprints["Sprint 1"], at=at(6, 17))
    for title in ("C", "E"):
        built.assign(title, "Sprint 2", day=8)
    policy.start_sprint(database, built.sprints["Sprint 2"], at=at(9, 9))
    built.done("C", day=10)
    built.done("E", day=12)
    policy.close_sprint(database, built.sprints["Sprint 2"], at=at(13, 17))
    for title in ("F", "G", "H"):
        built.assign(title, "Sprint 3", day=15)
    policy.start_sprint(database, built.sprints["Sprint 3"], at=at(16, 9))
    built.done("F", day=17)
    built.item("I", 4, day=18)
    built.assign("I", "Sprint 3", day=18)
    built.done("G", day=19)
    return built


@pytest.fixture
def sprints(project: Project) -> ProjectSprints:
    return analyse_project_sprints(project.database.reader(), project.id, today=TODAY)


@pytest.fixture
def panel(qtbot, sprints: ProjectSprints, project: Project) -> SprintChartsPanel:
    widget = SprintChartsPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.set_data(sprints, project.sprints["Sprint 3"])
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def series_named(chart: QChart) -> dict[str, object]:
    return {series.name(): series for series in chart.series()}


def xy(series: QLineSeries) -> list[tuple[float, float]]:
    return [(point.x(), point.y()) for point in series.points()]


def axis(chart: QChart, orientation: Qt.Orientation):
    (found,) = chart.axes(orientation)
    return found


def test_burndown_shows_remaining_to_today_scope_steps_and_the_ideal_line(panel: SprintChartsPanel) -> None:
    chart = panel.burndown.chart()
    assert chart.title() == "Burndown of Sprint 3"
    lines = series_named(chart)
    assert set(lines) == {"Remaining", "Scope", "Ideal"}
    # One point a day up to today; the 20th has not come, so nothing is drawn for it.
    assert xy(lines["Remaining"]) == [(0, 10), (1, 5), (2, 9), (3, 6)]
    # Flat until the 18th, then up by I's 4 points on that day (not sloping in from the 17th).
    assert xy(lines["Scope"]) == [(0, 10), (1, 10), (2, 10), (2, 14), (3, 14)]
    assert xy(lines["Ideal"]) == [(0, 10), (1, 7.5), (2, 5), (3, 2.5), (4, 0)]
    assert lines["Ideal"].pen().style() == Qt.PenStyle.DotLine
    assert lines["Scope"].pen().style() == Qt.PenStyle.DashLine
    days = axis(chart, Qt.Orientation.Horizontal)
    assert isinstance(days, QCategoryAxis)
    assert (days.min(), days.max()) == (0, 4)
    labels = days.categoriesLabels()
    assert labels[0] == "16 Mar" and labels[-1] == "20 Mar"
    assert days.titleText() == "Sprint day"
    points = axis(chart, Qt.Orientation.Vertical)
    assert isinstance(points, QValueAxis)
    assert points.min() == 0 and points.max() >= 14 and points.max() == int(points.max())
    assert points.titleText() == "Points"
    assert chart.legend().alignment() == Qt.AlignmentFlag.AlignBottom
    assert panel.burndown.empty_message() == ""


def test_a_closed_sprint_has_every_day_and_the_burndown_follows_the_chosen_sprint(
    panel: SprintChartsPanel, sprints: ProjectSprints, project: Project
) -> None:
    panel.set_data(sprints, project.sprints["Sprint 1"])
    chart = panel.burndown.chart()
    assert chart.title() == "Burndown of Sprint 1"
    lines = series_named(chart)
    # A done on the 3rd, B on the 5th; C stays undone to the end.
    assert xy(lines["Remaining"]) == [(0, 10), (1, 5), (2, 5), (3, 2), (4, 2)]
    assert xy(lines["Scope"]) == [(0, 10), (1, 10), (2, 10), (3, 10), (4, 10)]
    assert axis(chart, Qt.Orientation.Horizontal).categoriesLabels()[-1] == "6 Mar"


def test_a_long_sprint_thins_its_date_labels_but_keeps_the_first_and_last(qtbot, database: Database) -> None:
    project_id = create_project(database, name="Long").ids[0]
    sprint_id = policy.plan_sprint(
        database, project_id, name="Quarter", start_on=date(2026, 1, 1), end_on=date(2026, 3, 31)
    ).ids[0]
    sprints = analyse_project_sprints(database.reader(), project_id, today=date(2025, 12, 20))
    view = BurndownChart()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.set_burndown(sprints.burndowns[0], sprint_name="Quarter")
    assert sprints.burndowns[0].sprint_id == sprint_id
    labels = axis(view.chart(), Qt.Orientation.Horizontal).categoriesLabels()
    assert labels[0] == "1 Jan" and labels[-1] == "31 Mar"
    assert 4 <= len(labels) <= 15  # ninety days, a label every week or so
    # Not begun yet: the ideal line alone, and a word saying why.
    assert xy(series_named(view.chart())["Remaining"]) == []
    assert "not started" in view.empty_message()


def test_velocity_bars_and_running_average(panel: SprintChartsPanel) -> None:
    chart = panel.velocity.chart()
    (bars,) = [series for series in chart.series() if isinstance(series, QBarSeries)]
    sets = {bar_set.label(): [bar_set.at(index) for index in range(bar_set.count())] for bar_set in bars.barSets()}
    assert sets == {"Committed": [10, 9, 10], "Completed": [8, 9, 8]}
    average = series_named(chart)["Average of closed sprints"]
    # The active sprint adds nothing to the average: it stays at the closed sprints' 8.5.
    assert xy(average) == [(0, 8), (1, 8.5), (2, 8.5)]
    categories = axis(chart, Qt.Orientation.Horizontal).categories()
    assert categories == ["Sprint 1", "Sprint 2", "Sprint 3 (in progress)"]
    points = axis(chart, Qt.Orientation.Vertical)
    assert points.min() == 0 and points.max() >= 10
    assert panel.velocity.empty_message() == ""


def test_cumulative_flow_stacks_one_area_per_status_done_at_the_bottom(
    panel: SprintChartsPanel, sprints: ProjectSprints
) -> None:
    chart = panel.flow.chart()
    areas = [series for series in chart.series() if isinstance(series, QAreaSeries)]
    assert [area.name() for area in areas] == [name(status) for status in reversed(ItemStatus)]
    flow = sprints.flow
    assert flow.days[0].date == date(2026, 3, 1) and flow.days[-1].date == TODAY
    below = [0] * len(flow.days)
    for area, status in zip(areas, reversed(flow.statuses), strict=True):
        above = [below[index] + day.points_in(status) for index, day in enumerate(flow.days)]
        assert [point.y() for point in area.lowerSeries().points()] == below
        assert [point.y() for point in area.upperSeries().points()] == above
        below = above
    # Every point of the project is somewhere: the top of the stack on the last day is all 31.
    assert below[-1] == 31
    # On the last day: A B C E F G done (25), H and I still to do (6).
    top_of = {area.name(): area.upperSeries().points()[-1].y() for area in areas}
    assert top_of[name(ItemStatus.DONE)] == 25 and top_of[name(ItemStatus.TODO)] == 31
    labels = axis(chart, Qt.Orientation.Horizontal).categoriesLabels()
    assert labels[0] == "1 Mar" and labels[-1] == "19 Mar"
    assert len({area.brush().color().name() for area in areas}) == len(areas)


def test_empty_states_say_why_there_is_no_chart(qtbot, panel: SprintChartsPanel, sprints: ProjectSprints) -> None:
    panel.set_data(sprints, None)
    assert panel.burndown.chart().title() == "No sprint selected"
    assert panel.burndown.chart().series() == []
    assert panel.burndown.empty_message() == "Choose a sprint to see its burndown."
    assert panel.burndown.message.isVisible()
    panel.set_data(None, None)
    assert panel.velocity.chart().series() == [] and "velocity" in panel.velocity.empty_message()
    assert panel.flow.chart().series() == [] and "No backlog items" in panel.flow.empty_message()
    panel.burndown.set_burndown(Burndown(sprint_id=1, committed_points=0, points=()), sprint_name="Sprint 9")
    assert panel.burndown.chart().title() == "Burndown of Sprint 9"
    assert panel.burndown.empty_message() == "This sprint has no days yet."
    panel.flow.set_flow(CumulativeFlow(sprints.flow.statuses, ()))
    assert "No backlog items" in panel.flow.empty_message()
    # Data again: the sentences go away.
    panel.set_data(sprints, sprints.burndowns[0].sprint_id)
    assert not panel.burndown.message.isVisible() and panel.velocity.empty_message() == ""


def test_tabs_are_named_and_hold_the_three_charts(panel: SprintChartsPanel) -> None:
    tabs = panel.tabs
    assert [tabs.tabText(index) for index in range(tabs.count())] == ["Burndown", "Velocity", "Cumulative flow"]
    assert [tabs.widget(index) for index in range(tabs.count())] == [panel.burndown, panel.velocity, panel.flow]
    assert {panel.burndown.objectName(), panel.velocity.objectName(), panel.flow.objectName()} == {
        "burndownChart",
        "velocityChart",
        "cumulativeFlowChart",
    }


def test_screenshots(qtbot, panel: SprintChartsPanel, sprints: ProjectSprints, tmp_path: Path) -> None:
    """Each tab renders to a picture with something drawn in it (looked at by eye while building them)."""
    for index, tab in enumerate(("burndown", "velocity", "flow")):
        panel.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        image = panel.grab().toImage()
        assert image.width() >= 900 and image.height() >= 420
        picture = tmp_path / f"charts-{tab}.png"
        assert panel.grab().save(str(picture))
        assert picture.stat().st_size > 5000
    panel.set_data(None, None)
    panel.tabs.setCurrentIndex(0)
    assert panel.grab().save(str(tmp_path / "charts-empty.png"))
