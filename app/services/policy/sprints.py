"""Sprints: planning and editing one, starting it (its scope is committed) and closing it.

Closing moves the unfinished items on as history rows stamped with the closing
time, so what the sprint held until it closed is still there to compute its figures from.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from app.analysis.sprints import MAX_SPRINT_DAYS
from app.db.database import Database
from app.errors import UserError
from app.services.change import Action, Change, Entity
from app.services.inputs import Cleaner, Fields
from app.services.policy.backlog import _move_to_sprint
from app.services.policy.inputs import _date, _moment, _text
from app.services.policy.rows import _project, _sprint
from app.services.unit import Unit, unit_of_work
from models.enums import ItemStatus, SprintState


def _day(end: str) -> Cleaner:
    """The cleaner of the sprint's ``end`` ("start" or "end") date, which a sprint cannot be without."""

    def clean(value: Any) -> date:
        day = _date(value, what=f"{end} date")
        if day is None:
            raise UserError(f"A sprint needs a {end} date.")
        return day

    return clean


def _capacity(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError(f"{value!r} is not a capacity; use a whole number of points, 0 or more.")
    return value


# How each field of a sprint a user may edit is checked.
_SPRINT = Fields(
    {
        "name": partial(_text, what="sprint name", required=True),
        "goal": partial(_text, what="goal"),
        "start_on": _day("start"),
        "end_on": _day("end"),
        "capacity_points": _capacity,
    },
    unknown="{key!r} is not a field of a sprint you can edit.",
)
SPRINT_FIELDS = _SPRINT.names


def _check_dates(start_on: date, end_on: date) -> None:
    if end_on < start_on:
        raise UserError(f"A sprint cannot end ({end_on.isoformat()}) before it starts ({start_on.isoformat()}).")
    days = (end_on - start_on).days + 1
    if days > MAX_SPRINT_DAYS:
        raise UserError(
            f"A sprint from {start_on.isoformat()} to {end_on.isoformat()} would run {days} days; "
            f"a sprint runs at most {MAX_SPRINT_DAYS} days, so check the dates or plan several sprints."
        )


def plan_sprint(
    database: Database,
    project_id: int,
    *,
    name: str,
    start_on: date | str,
    end_on: date | str,
    goal: str = "",
    capacity_points: int = 0,
) -> Change:
    """A planned sprint of a project."""
    from models.policy import Sprint

    values = _SPRINT.clean(
        {"name": name, "goal": goal, "start_on": start_on, "end_on": end_on, "capacity_points": capacity_points}
    )
    _check_dates(values["start_on"], values["end_on"])
    with unit_of_work(database) as unit:
        _project(unit, project_id)
        return unit.create(
            Entity.SPRINT,
            Sprint(project_id=project_id, state=SprintState.PLANNED, **values),
            after={**values, "project_id": project_id},
            details={"project_id": project_id},
        )


def update_sprint(database: Database, sprint_id: int, changes: Mapping[str, Any]) -> Change:
    """Change a planned sprint's name, goal, dates or capacity (a started sprint is fixed)."""
    values = _SPRINT.clean(changes)
    with unit_of_work(database) as unit:
        sprint = _sprint(unit, sprint_id)
        if sprint.state != SprintState.PLANNED:
            raise UserError(f"The sprint {sprint.name!r} is {sprint.state.value}; only a planned sprint can be edited.")
        _check_dates(values.get("start_on", sprint.start_on), values.get("end_on", sprint.end_on))
        return unit.update(Entity.SPRINT, sprint_id, sprint, values, details={"project_id": sprint.project_id})


def _make_startable(unit: Unit, sprint: Any, *, today: date, move_start_to_today: bool) -> None:
    """Refuse to start ``sprint`` unless it is planned, its project has no active sprint and its start has come
    (or, with ``move_start_to_today``, move its start to ``today``)."""
    from sqlmodel import select

    from models.policy import Sprint

    if sprint.state != SprintState.PLANNED:
        raise UserError(f"The sprint {sprint.name!r} is already {sprint.state.value}.")
    active = unit.session.exec(
        select(Sprint).where(Sprint.project_id == sprint.project_id, Sprint.state == SprintState.ACTIVE)
    ).first()
    if active is not None:
        raise UserError(f"The sprint {active.name!r} is still active; close it before starting {sprint.name!r}.")
    if today < sprint.start_on:
        if not move_start_to_today:
            raise UserError(
                f"The sprint {sprint.name!r} is planned to start on {sprint.start_on.isoformat()}; start it "
                "then, or move its start to today."
            )
        _check_dates(today, sprint.end_on)
        sprint.start_on = today


def _items_of(unit: Unit, sprint_id: int, *, unfinished_only: bool = False) -> list[Any]:
    """The items in a sprint (or only those not done) in backlog order."""
    from sqlmodel import col, select

    from models.policy import BacklogItem

    query = select(BacklogItem).where(BacklogItem.sprint_id == sprint_id)
    if unfinished_only:
        query = query.where(BacklogItem.status != ItemStatus.DONE)
    return list(unit.session.exec(query.order_by(col(BacklogItem.rank), col(BacklogItem.id))).all())


def start_sprint(
    database: Database, sprint_id: int, *, at: datetime | None = None, move_start_to_today: bool = False
) -> Change:
    """Start a planned sprint: its items and their points at this instant become its committed scope.

    A sprint started before its start date would be active while its burndown
    has not begun, so it is refused unless ``move_start_to_today``: then its start
    date becomes the day it starts (the local date of ``at``), in the same
    transaction, and its burndown runs from that day with the scope committed now.
    """
    from models.policy import SprintCommitment

    moment = _moment(at)
    with unit_of_work(database) as unit:
        sprint = _sprint(unit, sprint_id)
        planned_start = sprint.start_on
        _make_startable(unit, sprint, today=moment.astimezone().date(), move_start_to_today=move_start_to_today)
        items = _items_of(unit, sprint_id)
        for item in items:
            unit.session.add(SprintCommitment(sprint_id=sprint_id, item_id=item.id, points=item.points))
        sprint.state = SprintState.ACTIVE
        sprint.started_at = moment
        unit.flush()
        committed = sum(item.points or 0 for item in items)
        moved = {"start_on": sprint.start_on} if sprint.start_on != planned_start else {}
        return unit.record(
            Entity.SPRINT,
            sprint_id,
            Action.STARTED,
            before={"state": SprintState.PLANNED, **({"start_on": planned_start} if moved else {})},
            after={
                "state": SprintState.ACTIVE,
                "started_at": moment,
                "items": [item.id for item in items],
                "committed_points": committed,
                **moved,
            },
            details={"project_id": sprint.project_id, "committed_points": committed, **moved},
        )


def close_sprint(
    database: Database, sprint_id: int, *, unfinished_to: str | int = "backlog", at: datetime | None = None
) -> Change:
    """Close the active sprint; unfinished items go to the backlog or to ``unfinished_to`` (a planned sprint's id).

    The moves are history rows stamped with the closing time, so what the sprint
    held until it closed is still there to compute its figures from.
    """
    moment = _moment(at)
    with unit_of_work(database) as unit:
        sprint = _sprint(unit, sprint_id)
        if sprint.state != SprintState.ACTIVE:
            raise UserError(f"The sprint {sprint.name!r} is {sprint.state.value}; only an active sprint can be closed.")
        if sprint.started_at is not None and moment < sprint.started_at.replace(tzinfo=UTC):
            raise UserError(f"The sprint {sprint.name!r} cannot close before it started.")
        target: int | None
        if unfinished_to == "backlog":
            target = None
        elif isinstance(unfinished_to, int) and not isinstance(unfinished_to, bool):
            following = _sprint(unit, unfinished_to)
            if following.project_id != sprint.project_id or following.id == sprint.id:
                raise UserError("Unfinished items can only move on to another sprint of the same project.")
            if following.state != SprintState.PLANNED:
                raise UserError(
                    f"The sprint {following.name!r} is {following.state.value}; unfinished items can "
                    "only move on to a planned sprint."
                )
            target = following.id
        else:
            raise UserError(f"{unfinished_to!r} is not where unfinished items can go; use 'backlog' or a sprint.")
        unfinished = _items_of(unit, sprint_id, unfinished_only=True)
        for item in unfinished:
            _move_to_sprint(unit, item, target, moment)
        sprint.state = SprintState.CLOSED
        sprint.closed_at = moment
        unit.flush()
        moved = [item.id for item in unfinished]
        return unit.record(
            Entity.SPRINT,
            sprint_id,
            Action.CLOSED,
            before={"state": SprintState.ACTIVE},
            after={"state": SprintState.CLOSED, "closed_at": moment, "unfinished_to": target, "moved_items": moved},
            details={"project_id": sprint.project_id, "moved_items": tuple(moved), "unfinished_to": target},
        )
