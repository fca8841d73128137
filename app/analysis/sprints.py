"""Sprint charts and figures from the backlog items' history: burndown, velocity, cumulative flow.

``item_history`` is the only source: each row is an item's status, sprint and
points from ``changed_at`` on, so an item's state at any instant is its last row
at or before it. Nothing here reads ``backlog_item``'s current columns, which is
what keeps a closed sprint's figures fixed when its items are edited later.

The instants that matter, all UTC (timestamps are stored naive, in UTC):

- a sprint *starts* at ``started_at`` (when it was started), or at the first
  moment of ``start_on`` if it never was; its committed scope is the
  ``sprint_commitment`` snapshot, else what the history says was in it then;
- a sprint *ends* at the end of ``end_on``, or at ``closed_at`` if it was closed
  before that; rows from that instant on are ignored (so the moves a close makes
  — unfinished items back to the backlog or on to the next sprint — leave the
  closed sprint's carry-over as it was);
- a chart's day is the state at the end of that calendar day.

Every function reads whole tables in one query each (the project's history,
its sprints, their commitments) through ``Reader`` and works on tuples; sums
are running deltas per day, so a project of thousands of items and fifty
sprints costs one pass over its history per chart. Items without an estimate
count as zero points (and as one item in the flow counts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from app.db.reader import Reader
from app.errors import UserError
from app.queries.records import from_record
from models.enums import ItemStatus, SprintState

FLOW_STATUSES: tuple[str, ...] = tuple(status.value for status in ItemStatus)
_DONE = ItemStatus.DONE.value
_CLOSED = SprintState.CLOSED.value
_ACTIVE = SprintState.ACTIVE.value
# A team's sprint length before it has any sprints: two weeks.
DEFAULT_SPRINT_DAYS = 14
# A sprint longer than this is a typing slip (a year instead of a month), not a plan; the services refuse it.
MAX_SPRINT_DAYS = 90

# (changed_at as canonical text, day ordinal, status, sprint id, points)
_Event = tuple[str, int, str, "int | None", int]


# -- records


class BurndownPoint(NamedTuple):
    """The state at the end of one sprint day; ``None`` for a day that has not come yet."""

    date: date
    remaining_points: int | None
    scope_points: int | None
    ideal_points: float

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "remaining_points": self.remaining_points,
            "scope_points": self.scope_points,
            "ideal_points": self.ideal_points,
        }


class Burndown(NamedTuple):
    sprint_id: int
    committed_points: int
    points: tuple[BurndownPoint, ...]  # one per calendar day, first to last day of the sprint


class SprintFigures(NamedTuple):
    """What a sprint review states; the ``*_item_ids`` say which items make up each figure."""

    sprint_id: int
    name: str
    goal: str
    state: str  # SprintState value
    start_on: date
    end_on: date
    capacity_points: int
    committed_points: int  # the scope at the start
    completed_points: int  # in the sprint and done at its end
    added_points: int  # entered after the start (points when they entered)
    removed_points: int  # left before the end, not done (points when they left)
    carried_over_points: int  # in the sprint at its end, not done
    completed_item_ids: tuple[int, ...]
    added_item_ids: tuple[int, ...]
    removed_item_ids: tuple[int, ...]
    carried_over_item_ids: tuple[int, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "goal": self.goal,
            "start": self.start_on.isoformat(),
            "end": self.end_on.isoformat(),
            "state": self.state,
            "committed_points": self.committed_points,
            "completed_points": self.completed_points,
            "added_points": self.added_points,
            "removed_points": self.removed_points,
            "carried_over_points": self.carried_over_points,
        }


class VelocityPoint(NamedTuple):
    """One sprint's committed vs completed points; ``in_progress`` marks the active sprint."""

    sprint_id: int
    name: str
    start_on: date
    end_on: date
    state: str
    committed_points: int
    completed_points: int
    # Mean completed points of the closed sprints up to this one (the active sprint is not counted).
    running_average: float | None
    in_progress: bool


class FlowDay(NamedTuple):
    """Points and item counts per status (in ``FLOW_STATUSES`` order) at the end of a day."""

    date: date
    points: tuple[int, ...]
    items: tuple[int, ...]

    def points_in(self, status: str) -> int:
        return self.points[FLOW_STATUSES.index(status)]

    def items_in(self, status: str) -> int:
        return self.items[FLOW_STATUSES.index(status)]


class CumulativeFlow(NamedTuple):
    statuses: tuple[str, ...]
    days: tuple[FlowDay, ...]


class ProjectSprints(NamedTuple):
    """All of a project's sprint data at once (one read of its history), sprints by start date."""

    project_id: int
    figures: tuple[SprintFigures, ...]
    burndowns: tuple[Burndown, ...]
    velocity: tuple[VelocityPoint, ...]
    velocity_average: float | None
    flow: CumulativeFlow


class _Sprint(NamedTuple):
    id: int
    project_id: int
    name: str
    goal: str
    start_on: date
    end_on: date
    state: str
    capacity_points: int
    started_at: str | None
    closed_at: str | None


# -- public API


def usual_sprint_days(lengths: Iterable[int]) -> int:
    """The team's usual sprint length in days: the median of its sprints' lengths, else two weeks."""
    from statistics import median

    known = [length for length in lengths if length > 0]
    return round(median(known)) if known else DEFAULT_SPRINT_DAYS


def burndown(reader: Reader, sprint_id: int, *, today: date | None = None) -> Burndown:
    """The sprint's remaining, scope and ideal points per calendar day, first to last day."""
    return _analyse_one(reader, sprint_id, today=today)[1]


def sprint_figures(reader: Reader, sprint_id: int) -> SprintFigures:
    """Committed, completed, added, removed and carried-over points of one sprint."""
    return _analyse_one(reader, sprint_id, today=None)[0]


def velocity(reader: Reader, project_id: int) -> list[VelocityPoint]:
    """Committed vs completed per closed sprint (and the active one, flagged), by start date."""
    sprints = _load_sprints(reader, project_id=project_id)
    history = _load_history(reader, project_id=project_id)
    commitments = _load_commitments(reader, project_id=project_id)
    figures = [
        _analyse_sprint(sprint, history.get(sprint.id, {}), commitments.get(sprint.id), today=None)[0]
        for sprint in sprints
        if sprint.state in (_CLOSED, _ACTIVE)
    ]
    return _velocity(figures)


def velocity_average(reader: Reader, project_id: int) -> float | None:
    """Mean completed points over the project's closed sprints; ``None`` before the first closes."""
    return _average(velocity(reader, project_id))


def cumulative_flow(
    reader: Reader, project_id: int, *, start: date | None = None, end: date | None = None, today: date | None = None
) -> CumulativeFlow:
    """Points and item counts per status at the end of each day from ``start`` to ``end``.

    By default from the day of the project's first history row to today (or its
    last row, if later); an empty project has no days.
    """
    history = _load_history(reader, project_id=project_id)
    return _flow(history.get(None, {}), start=start, end=end, today=today or date.today())


def analyse_project_sprints(reader: Reader, project_id: int, *, today: date | None = None) -> ProjectSprints:
    """Every sprint's figures and burndown, the velocity and the cumulative flow of one project."""
    today = today or date.today()
    sprints = _load_sprints(reader, project_id=project_id)
    history = _load_history(reader, project_id=project_id)
    commitments = _load_commitments(reader, project_id=project_id)
    figures: list[SprintFigures] = []
    burndowns: list[Burndown] = []
    for sprint in sprints:
        figure, chart = _analyse_sprint(sprint, history.get(sprint.id, {}), commitments.get(sprint.id), today=today)
        figures.append(figure)
        burndowns.append(chart)
    points = _velocity([figure for figure in figures if figure.state in (_CLOSED, _ACTIVE)])
    return ProjectSprints(
        project_id=project_id,
        figures=tuple(figures),
        burndowns=tuple(burndowns),
        velocity=tuple(points),
        velocity_average=_average(points),
        flow=_flow(history.get(None, {}), start=None, end=None, today=today),
    )


# -- reading


_SPRINT_COLUMNS = "id, project_id, name, goal, start_on, end_on, state, capacity_points, started_at, closed_at"
_HISTORY_COLUMNS = "h.item_id, h.changed_at, h.status, h.sprint_id, h.points"
_EVENT_INSTANT = itemgetter(0)


def _load_sprints(reader: Reader, *, project_id: int) -> list[_Sprint]:
    return [
        _sprint(row)
        for row in reader.rows(
            f"SELECT {_SPRINT_COLUMNS} FROM sprint WHERE project_id = :project_id ORDER BY start_on, id",
            {"project_id": project_id},
        )
    ]


def _sprint(row: Sequence[Any]) -> _Sprint:
    return _Sprint(
        row[0],
        row[1],
        row[2],
        row[3] or "",
        _day(row[4]),
        _day(row[5]),
        str(row[6]),
        row[7] or 0,
        None if row[8] is None else _instant(row[8]),
        None if row[9] is None else _instant(row[9]),
    )


def _load_history(
    reader: Reader, *, project_id: int | None = None, sprint_id: int | None = None
) -> dict[int | None, dict[int, list[_Event]]]:
    """Item histories in time order, keyed by every sprint they touch; ``None`` holds all items."""
    if sprint_id is not None:
        rows = reader.rows(
            f"SELECT {_HISTORY_COLUMNS} FROM item_history AS h WHERE h.item_id IN "
            "(SELECT item_id FROM item_history WHERE sprint_id = :sprint_id) ORDER BY h.item_id, h.changed_at, h.id",
            {"sprint_id": sprint_id},
        )
    else:
        rows = reader.rows(
            f"SELECT {_HISTORY_COLUMNS} FROM item_history AS h JOIN backlog_item AS i ON i.id = h.item_id "
            "WHERE i.project_id = :project_id ORDER BY h.item_id, h.changed_at, h.id",
            {"project_id": project_id},
        )
    ordinals: dict[str, int] = {}
    by_item: dict[int, list[_Event]] = {}
    current_item = None
    events: list[_Event] = []
    for item_id, changed_at, status, event_sprint, points in rows:
        if item_id != current_item:
            current_item = item_id
            events = by_item.setdefault(item_id, [])
        if type(changed_at) is not str or len(changed_at) != 26 or changed_at[10] != " ":
            changed_at = _instant(changed_at)
        ordinal = ordinals.get(changed_at[:10])
        if ordinal is None:
            ordinal = ordinals[changed_at[:10]] = date.fromisoformat(changed_at[:10]).toordinal()
        events.append((changed_at, ordinal, status, event_sprint, points or 0))
    grouped: dict[int | None, dict[int, list[_Event]]] = {None: by_item}
    for item_id, events in by_item.items():
        # Stable: rows with the same instant keep their insertion (id) order.
        events.sort(key=_EVENT_INSTANT)
        for touched in {event[3] for event in events}:
            if touched is not None:
                grouped.setdefault(touched, {})[item_id] = events
    return grouped


def _load_commitments(
    reader: Reader, *, project_id: int | None = None, sprint_id: int | None = None
) -> dict[int, dict[int, int]]:
    if sprint_id is not None:
        rows = reader.rows(
            "SELECT sprint_id, item_id, points FROM sprint_commitment WHERE sprint_id = :sprint_id",
            {"sprint_id": sprint_id},
        )
    else:
        rows = reader.rows(
            "SELECT c.sprint_id, c.item_id, c.points FROM sprint_commitment AS c "
            "JOIN sprint AS s ON s.id = c.sprint_id WHERE s.project_id = :project_id",
            {"project_id": project_id},
        )
    commitments: dict[int, dict[int, int]] = {}
    for committed_sprint, item_id, points in rows:
        commitments.setdefault(committed_sprint, {})[item_id] = points or 0
    return commitments


def _analyse_one(reader: Reader, sprint_id: int, *, today: date | None) -> tuple[SprintFigures, Burndown]:
    row = reader.one(f"SELECT {_SPRINT_COLUMNS} FROM sprint WHERE id = :id", {"id": sprint_id})
    if row is None:
        raise UserError(f"Sprint {sprint_id} does not exist (it may have been deleted).")
    history = _load_history(reader, sprint_id=sprint_id)
    commitments = _load_commitments(reader, sprint_id=sprint_id)
    return _analyse_sprint(
        _sprint(row), history.get(sprint_id, {}), commitments.get(sprint_id), today=today or date.today()
    )


# -- time


def _instant(value: object) -> str:
    """``value`` as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, the form SQLAlchemy stores: text that sorts by time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, datetime.min.time())
    else:
        text = str(value)
        if len(text) == 26 and text[10] == " ":
            return text
        moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ", timespec="microseconds")


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# -- the arithmetic


def _analyse_sprint(
    sprint: _Sprint, items: Mapping[int, list[_Event]], commitment: Mapping[int, int] | None, *, today: date | None
) -> tuple[SprintFigures, Burndown]:
    """One pass over the histories of the items that ever were in ``sprint``."""
    start_instant = sprint.started_at or _instant(sprint.start_on)
    end_instant = _instant(sprint.end_on + timedelta(days=1))
    if sprint.closed_at is not None and sprint.closed_at < end_instant:
        end_instant = sprint.closed_at
    first_ordinal = sprint.start_on.toordinal()
    day_count = (sprint.end_on - sprint.start_on).days + 1
    remaining_delta = [0] * day_count
    scope_delta = [0] * day_count
    committed_from_history = 0
    completed: dict[int, int] = {}
    carried: dict[int, int] = {}
    added: dict[int, int] = {}
    removed: dict[int, int] = {}
    sprint_id = sprint.id
    for item_id, events in items.items():
        was_in = was_done = False
        was_points = 0
        in_at_start = False
        start_points = 0
        for instant, ordinal, status, event_sprint, item_points in events:
            if instant >= end_instant:
                break
            is_in = event_sprint == sprint_id
            is_done = status == _DONE
            if is_in or was_in:
                day_index = ordinal - first_ordinal if ordinal > first_ordinal else 0
                remaining_delta[day_index] += (item_points if is_in and not is_done else 0) - (
                    was_points if was_in and not was_done else 0
                )
                scope_delta[day_index] += (item_points if is_in else 0) - (was_points if was_in else 0)
                if instant > start_instant:
                    if is_in and not was_in:
                        added[item_id] = added.get(item_id, 0) + item_points
                    elif was_in and not is_in and not was_done:
                        removed[item_id] = removed.get(item_id, 0) + was_points
            if instant <= start_instant:
                in_at_start, start_points = is_in, item_points
            was_in, was_done, was_points = is_in, is_done, item_points
        if in_at_start:
            committed_from_history += start_points
        if was_in:
            (completed if was_done else carried)[item_id] = was_points
    committed = committed_from_history if commitment is None else sum(commitment.values())

    points = _burndown_points(sprint, committed, remaining_delta, scope_delta, today=today)
    figures = from_record(
        SprintFigures,
        sprint,
        sprint_id=sprint.id,
        committed_points=committed,
        completed_points=sum(completed.values()),
        added_points=sum(added.values()),
        removed_points=sum(removed.values()),
        carried_over_points=sum(carried.values()),
        completed_item_ids=tuple(sorted(completed)),
        added_item_ids=tuple(sorted(added)),
        removed_item_ids=tuple(sorted(removed)),
        carried_over_item_ids=tuple(sorted(carried)),
    )
    return figures, Burndown(sprint_id=sprint.id, committed_points=committed, points=tuple(points))


def _burndown_points(
    sprint: _Sprint, committed: int, remaining_delta: list[int], scope_delta: list[int], *, today: date | None
) -> list[BurndownPoint]:
    """One point a day from the day-by-day changes of remaining and scope; days after ``today`` of an open
    sprint have only the ideal line."""
    points: list[BurndownPoint] = []
    remaining = scope = 0
    first_ordinal = sprint.start_on.toordinal()
    future_from = None if sprint.state == _CLOSED or today is None else today.toordinal() + 1
    last_index = len(remaining_delta) - 1
    for day_index in range(len(remaining_delta)):
        remaining += remaining_delta[day_index]
        scope += scope_delta[day_index]
        ideal = committed * (last_index - day_index) / last_index if last_index else 0.0
        day = sprint.start_on + timedelta(days=day_index)
        if future_from is not None and first_ordinal + day_index >= future_from:
            points.append(BurndownPoint(day, None, None, ideal))
        else:
            points.append(BurndownPoint(day, remaining, scope, ideal))
    return points


def _velocity(figures: Iterable[SprintFigures]) -> list[VelocityPoint]:
    points: list[VelocityPoint] = []
    closed_total = closed_count = 0
    for figure in sorted(figures, key=lambda figure: (figure.start_on, figure.sprint_id)):
        closed = figure.state == _CLOSED
        if closed:
            closed_total += figure.completed_points
            closed_count += 1
        points.append(
            from_record(
                VelocityPoint,
                figure,
                running_average=closed_total / closed_count if closed_count else None,
                in_progress=not closed,
            )
        )
    return points


def _average(points: Sequence[VelocityPoint]) -> float | None:
    closed = [point.completed_points for point in points if not point.in_progress]
    return sum(closed) / len(closed) if closed else None


def _flow(items: Mapping[int, list[_Event]], *, start: date | None, end: date | None, today: date) -> CumulativeFlow:
    statuses = FLOW_STATUSES
    if not items and start is None:
        return CumulativeFlow(statuses, ())
    first_ordinal = start.toordinal() if start is not None else min(events[0][1] for events in items.values())
    if end is not None:
        last_ordinal = end.toordinal()
    else:
        last_ordinal = max([today.toordinal(), *(events[-1][1] for events in items.values())])
    if last_ordinal < first_ordinal:
        raise UserError(
            f"The flow's end ({date.fromordinal(last_ordinal)}) is before its start "
            f"({date.fromordinal(first_ordinal)}); swap the dates."
        )
    day_count = last_ordinal - first_ordinal + 1
    column = {status: index for index, status in enumerate(statuses)}
    width = len(statuses)
    points_delta = [0] * (day_count * width)
    items_delta = [0] * (day_count * width)
    for events in items.values():
        was_column = -1
        was_points = 0
        for _changed_at, ordinal, status, _sprint, points in events:
            if ordinal > last_ordinal:
                break
            base = (ordinal - first_ordinal if ordinal > first_ordinal else 0) * width
            if was_column >= 0:
                points_delta[base + was_column] -= was_points
                items_delta[base + was_column] -= 1
            was_column = column[status]
            was_points = points
            points_delta[base + was_column] += points
            items_delta[base + was_column] += 1
    days: list[FlowDay] = []
    points_now = [0] * width
    items_now = [0] * width
    for day_index in range(day_count):
        base = day_index * width
        for index in range(width):
            points_now[index] += points_delta[base + index]
            items_now[index] += items_delta[base + index]
        days.append(FlowDay(date.fromordinal(first_ordinal + day_index), tuple(points_now), tuple(items_now)))
    return CumulativeFlow(statuses, tuple(days))
