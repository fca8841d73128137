"""The demo's policy backlogs run in sprints: sprints, items with their histories, committed scopes, feedback.

A backlog item's story is generated as events (created, moved into a sprint,
each status change) and its current columns are copied from the last event,
because the burndown and flow charts read the history alone. The small recipe
writes each item's path (``resources/demo/backlog.json``); at large scale every
project follows ``LARGE_PATHS`` with items drawn from the templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from app.demo.policies import add_feedback
from app.demo.records import SPRINT_DAYS, Event, Project, Sprint, between
from app.demo.state import DemoState

FLOW = ("todo", "in_progress", "in_review", "done")
SPRINT_STARTS_AT = time(10, 0)
SPRINT_CLOSES_AT = time(16, 30)
PLANNING_AT = time(9, 0)
# Work is recorded between 09:00 and 15:59, so it all lands before the sprint review.
WORKDAY_STARTS_AT = time(9, 0)
WORKDAY_MINUTES = 7 * 60

# The large scale's backlog story per project: two closed sprints, an active and a
# planned one; None is an item that never left the backlog. The active sprint's
# "pick" status is drawn per project.
LARGE_PATHS: tuple[Mapping[str, Any] | None, ...] = (
    {"sprint": 1, "status": "done"},
    {"sprint": 1, "status": "done"},
    {"sprint": 2, "status": "done", "carried_from": [1]},
    {"sprint": 2, "status": "done"},
    {"sprint": 2, "status": "backlog", "removed_mid_sprint": True},
    {"sprint": 3, "status": "pick"},
    {"sprint": 3, "status": "in_progress", "carried_from": [2]},
    {"sprint": 4, "status": "todo"},
    None,
)


def active_sprint_start(today: date) -> date:
    """The Monday three to nine days back, so the active sprint has a few working days behind it."""
    days_back = today.weekday()
    if days_back < 3:
        days_back += 7
    return today - timedelta(days=days_back)


# --- the large scale's backlogs ----------------------------------------------------------


def generated_backlog(demo: DemoState, project: Project, recipe: Mapping[str, Any]) -> dict[str, Any]:
    """A large-scale project's backlog in the small recipe's format, from the templates."""
    rng = demo.rng
    policies = list(project.policies.items())
    # A retired project keeps its backlog but runs no sprints any more.
    retired = project.stage == "retired"
    items = []
    for position, path in enumerate(LARGE_PATHS):
        if retired:
            path = None
        template = rng.choice(recipe["templates"])
        policy_key, (_, policy_title) = rng.choice(policies)
        if path is not None and path["status"] == "pick":
            path = {**path, "status": rng.choice(FLOW)}
        assignee = rng.choice(project.members).person.id if rng.random() < 0.85 else None
        items.append(
            {
                "key": f"item{position}",
                "title": template["title"].format(policy=policy_title),
                "kind": template["kind"],
                "points": rng.choice(template["points"]),
                "owner_department": demo.policy_owners[policy_key],
                "assignee": assignee,
                "policy": policy_key,
                "acceptance": "The policy owner has reviewed the result and the evidence is filed.",
                "path": path,
            }
        )
    stakeholders = list(demo.organisation["stakeholder_departments"])
    feedback = [
        {
            "item": f"item{rng.randrange(len(items))}",
            "department": rng.choice(stakeholders),
            "person": "(stand-in)",
            "comment": rng.choice(recipe["comments"]),
            "disposition": rng.choice(("open", "accepted", "deferred", "rejected")),
        }
        for _ in range(2)
    ]
    return {
        "closed_sprints": None if retired else recipe["closed_sprints"],
        "capacity_points": rng.choice(recipe["capacity_points"]),
        "goals": recipe["goals"],
        "items": items,
        "feedback": feedback,
    }


# --- sprints and items -------------------------------------------------------------------


def _add_sprints(demo: DemoState, project: Project, spec: Mapping[str, Any]) -> dict[int, Sprint]:
    """Closed sprints back to back, then the active and the planned one; none without ``closed_sprints``."""
    closed_count = spec.get("closed_sprints")
    if closed_count is None:
        return {}
    active_start = active_sprint_start(demo.today)
    goals = spec.get("goals", [])
    sprints: dict[int, Sprint] = {}
    for number in range(1, closed_count + 3):
        start_on = active_start + timedelta(weeks=2 * (number - closed_count - 1))
        end_on = start_on + timedelta(days=SPRINT_DAYS)
        state = "closed" if number <= closed_count else "active" if number == closed_count + 1 else "planned"
        started_at = datetime.combine(start_on, SPRINT_STARTS_AT, tzinfo=UTC) if state != "planned" else None
        sprint = Sprint(demo.writer.next_id("sprint"), number, f"Sprint {number}", start_on, end_on, state, started_at)
        sprints[number] = sprint
        demo.pending["sprint"].append(
            {
                "id": sprint.id,
                "project_id": project.id,
                "name": sprint.name,
                "goal": goals[number - 1] if number <= len(goals) else "",
                "start_on": start_on,
                "end_on": end_on,
                "state": state,
                "capacity_points": spec["capacity_points"],
                "started_at": started_at,
                "closed_at": datetime.combine(end_on, SPRINT_CLOSES_AT, tzinfo=UTC) if state == "closed" else None,
            }
        )
    return sprints


def add_backlog(demo: DemoState, project: Project, spec: Mapping[str, Any]) -> None:
    """A project's sprints and backlog items, with their histories, committed scopes and feedback."""
    sprints = _add_sprints(demo, project, spec)
    histories = {
        item["key"]: _add_item(demo, project, item, position=position, sprints=sprints)
        for position, item in enumerate(spec["items"])
    }
    # Each started sprint's committed scope: what its history says was in it when it started.
    for sprint in sprints.values():
        if sprint.started_at is None:
            continue
        for item_id, events in histories.values():
            before_start = [event for event in events if event[0] <= sprint.started_at]
            if before_start and before_start[-1][2] == sprint.id:
                demo.pending["sprint_commitment"].append(
                    {"sprint_id": sprint.id, "item_id": item_id, "points": before_start[-1][3]}
                )
    for feedback in spec.get("feedback", []):
        item_id, events = histories[feedback["item"]]
        reviews = [event[0].date() for event in events if event[1] == "in_review"]
        anchor = reviews[0] if reviews else events[-1][0].date()
        received_on = between(anchor + timedelta(days=demo.rng.randint(0, 2)), events[0][0].date(), demo.yesterday)
        add_feedback(demo, feedback, item_id=item_id, received_on=received_on, project=project)


def _add_item(
    demo: DemoState, project: Project, item: Mapping[str, Any], *, position: int, sprints: Mapping[int, Sprint]
) -> tuple[int, list[Event]]:
    """One backlog item and its history; returns its id and its events."""
    item_id = demo.writer.next_id("backlog_item")
    owner = item["owner_department"]
    events = _item_events(
        demo,
        item.get("path"),
        points=item["points"],
        first_points=item.get("points_at_creation", item["points"]),
        sprints=sprints,
        order=position,
        title=item["title"],
    )
    created_at = events[0][0]
    _, status, sprint_id, points = events[-1]
    policy = project.policies.get(item["policy"]) if item.get("policy") else None
    demo.pending["backlog_item"].append(
        {
            "id": item_id,
            "project_id": project.id,
            "title": item["title"],
            "kind": item["kind"],
            "points": points,
            "rank": float(position + 1),
            "status": status,
            "owner_department": owner,
            "assignee_id": demo.person_id(item.get("assignee"), department=owner, project=project),
            "acceptance_criteria": item["acceptance"],
            "sprint_id": sprint_id,
            "policy_id": policy[0] if policy else None,
            "template_key": None,
            "created_at": created_at,
        }
    )
    demo.pending["item_history"].extend(
        {
            "item_id": item_id,
            "changed_at": changed_at,
            "status": event_status,
            "sprint_id": event_sprint,
            "points": event_points,
        }
        for changed_at, event_status, event_sprint, event_points in events
    )
    return item_id, events


# --- an item's history -------------------------------------------------------------------


def _item_events(
    demo: DemoState,
    path: Mapping[str, Any] | None,
    *,
    points: int | None,
    first_points: int | None,
    sprints: Mapping[int, Sprint],
    order: int,
    title: str,
) -> list[Event]:
    """The history of one backlog item, ending where its recipe ``path`` says."""
    if path is None:
        created_at = _moment_on(demo, demo.today - timedelta(days=demo.rng.randint(4, 80)))
        return [(created_at, "backlog", None, points)]
    stints = [*path.get("carried_from", []), path["sprint"]]
    added_mid_sprint = path.get("added_mid_sprint", False) and len(stints) == 1
    first = sprints[stints[0]]
    if added_mid_sprint:
        created_at = datetime.combine(first.working_days[2], time(11, 0), tzinfo=UTC) + timedelta(minutes=order)
    elif first.state == "planned":
        created_at = _moment_on(demo, demo.today - timedelta(days=demo.rng.randint(3, 30)))
    else:
        created_at = _moment_on(demo, first.start_on - timedelta(days=demo.rng.randint(3, 25)))
    events: list[Event] = [(created_at, "backlog", None, first_points)]
    status = "backlog"
    for index, number in enumerate(stints):
        sprint = sprints[number]
        if added_mid_sprint:
            entered_at = created_at + timedelta(minutes=20)
        elif sprint.state == "planned":
            entered_at = datetime.combine(demo.yesterday, time(15, 0), tzinfo=UTC) + timedelta(minutes=order)
        else:
            entered_at = datetime.combine(sprint.start_on, PLANNING_AT, tzinfo=UTC) + timedelta(minutes=order)
        # An item enters a sprint as "to do" (or as it was, when carried over); estimates settle at planning.
        status = "todo" if status == "backlog" else status
        events.append((entered_at, status, sprint.id, points))
        if sprint.state == "planned":
            if path["status"] != "todo":
                raise ValueError(f"demo recipe: {title!r} is in a planned sprint, so it can only be 'todo'")
            continue
        steps = _steps_in(demo, sprint, path, status=status, last=index == len(stints) - 1, title=title)
        moments = _moments_in(demo, sprint, after=entered_at, count=len(steps), title=title)
        for (step, step_sprint), changed_at in zip(steps, moments, strict=True):
            events.append((changed_at, step, step_sprint, points))
            status = step
    return events


def _steps_in(
    demo: DemoState, sprint: Sprint, path: Mapping[str, Any], *, status: str, last: bool, title: str
) -> list[tuple[str, int | None]]:
    """The status changes (and the sprint after each) of an item's stint in a started ``sprint``."""
    steps: list[tuple[str, int | None]]
    if last and path.get("removed_mid_sprint"):
        steps = [("in_progress", sprint.id)] if demo.rng.random() < 0.5 else []
        steps.append(("backlog", None))
        return steps
    target = path["status"] if last else "in_progress"
    if last and sprint.state == "closed" and target != "done":
        raise ValueError(f"demo recipe: {title!r} ends in a closed sprint, so it must be done or removed")
    steps = [(step, sprint.id) for step in FLOW if FLOW.index(status) < FLOW.index(step) <= FLOW.index(target)]
    if last and path.get("reopened"):
        steps += [("in_progress", sprint.id), ("in_review", sprint.id), ("done", sprint.id)]
    return steps


def _moment_on(demo: DemoState, day: date) -> datetime:
    minutes = demo.rng.randrange(WORKDAY_MINUTES)
    return datetime.combine(day, WORKDAY_STARTS_AT, tzinfo=UTC) + timedelta(minutes=minutes)


def _moments_in(demo: DemoState, sprint: Sprint, *, after: datetime, count: int, title: str) -> list[datetime]:
    """``count`` distinct working minutes of ``sprint`` after ``after`` and before today, in order."""
    if count == 0:
        return []
    days = [day for day in sprint.working_days if after.date() <= day < demo.today]
    skipped = 0
    if days and days[0] == after.date():
        minutes_in = (after - datetime.combine(days[0], WORKDAY_STARTS_AT, tzinfo=UTC)) // timedelta(minutes=1)
        skipped = max(0, minutes_in + 1)
    slots = len(days) * WORKDAY_MINUTES - skipped
    if slots < count:
        raise ValueError(f"demo recipe: no room in {sprint.name} for the {count} changes of {title!r}")
    picks = sorted(demo.rng.sample(range(slots), count))
    return [
        datetime.combine(days[(pick + skipped) // WORKDAY_MINUTES], WORKDAY_STARTS_AT, tzinfo=UTC)
        + timedelta(minutes=(pick + skipped) % WORKDAY_MINUTES)
        for pick in picks
    ]
