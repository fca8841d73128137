"""Sprints and the backlog: states and stamps, the committed scope against the items' history, closed sprints.

What must hold (``app.services.policy``, ``app.analysis.sprints``): a planned sprint
has not started, an active one has started and not closed, a closed one has both
stamps in order, and a project has one active sprint at most; the commitment of a
started sprint is exactly what the items' history says the sprint held at the
instant it started, with the same points (and what its "started" audit event
recorded); a closed sprint keeps only its finished items, and no history row puts
an item into it, or changes an unfinished one in it, after it closed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from app.db.reader import Reader
from app.queries.consistency.findings import (
    RESTORE,
    Finding,
    audit_values,
    grouped_ids,
    ids_text,
    is_json,
    plural,
    rows_finding,
)
from models.enums import ItemStatus, SprintState

_PLANNED, _ACTIVE, _CLOSED = SprintState.PLANNED.value, SprintState.ACTIVE.value, SprintState.CLOSED.value
_DONE = ItemStatus.DONE.value


class _Sprint(NamedTuple):
    id: int
    project_id: int
    project: str
    name: str
    state: str
    started_at: str | None
    closed_at: str | None

    def where(self) -> str:
        return f"table sprint, row {self.id}: sprint {self.name!r} of project {self.project!r}"


def _sprints(reader: Reader) -> list[_Sprint]:
    rows = reader.rows(
        """
        SELECT s.id, s.project_id, coalesce(p.name, '?'), s.name, s.state, s.started_at, s.closed_at
        FROM sprint AS s LEFT JOIN project AS p ON p.id = s.project_id ORDER BY s.id
        """
    )
    return [_Sprint(*row) for row in rows]


def _stamp_problem(sprint: _Sprint, committed: bool) -> str | None:
    if sprint.state == _PLANNED and (sprint.started_at or sprint.closed_at or committed):
        return "The sprint is planned but carries a start, a close or a committed scope."
    if sprint.state == _ACTIVE and (sprint.started_at is None or sprint.closed_at is not None):
        return "The sprint is active but has no start time, or has a close time."
    if sprint.state == _CLOSED and (sprint.started_at is None or sprint.closed_at is None):
        return "The sprint is closed but lacks the time it started or closed, so its figures cannot be computed."
    if sprint.started_at and sprint.closed_at and sprint.closed_at < sprint.started_at:
        return f"The sprint closed ({sprint.closed_at}) before it started ({sprint.started_at})."
    return None


def states(reader: Reader) -> list[Finding]:
    """Each sprint's stamps fit its state, and no project has two active sprints."""
    committed = {row[0] for row in reader.rows("SELECT DISTINCT sprint_id FROM sprint_commitment")}
    sprints = _sprints(reader)
    findings = []
    for sprint in sprints:
        problem = _stamp_problem(sprint, sprint.id in committed)
        if problem is not None:
            findings.append(Finding("sprints.state", problem, sprint.where(), RESTORE, "sprint", (sprint.id,)))
    active: defaultdict[int, list[_Sprint]] = defaultdict(list)
    for sprint in sprints:
        if sprint.state == _ACTIVE:
            active[sprint.project_id].append(sprint)
    for several in active.values():
        if len(several) > 1:
            names = ", ".join(repr(sprint.name) for sprint in several)
            findings.append(
                rows_finding(
                    "sprints.state",
                    f"Project {several[0].project!r} has {len(several)} active sprints ({names}); one at most may be.",
                    "sprint",
                    [sprint.id for sprint in several],
                    advice="Close all but one of them from the project's Sprints page.",
                )
            )
    return findings


def _held_at_start(reader: Reader) -> defaultdict[int, dict[int, int | None]]:
    """Per started sprint, item id -> points of the items the history says it held the instant it started.

    An item was in the sprint then when its newest history row at or before that instant names the sprint:
    one pass over each sprint's own rows, each asking the (item, time) index whether a later one came first.
    """
    held: defaultdict[int, dict[int, int | None]] = defaultdict(dict)
    for sprint_id, item_id, points in reader.rows(
        """
        SELECT s.id, h.item_id, h.points
        FROM sprint AS s JOIN item_history AS h ON h.sprint_id = s.id AND h.changed_at <= s.started_at
        WHERE s.started_at IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM item_history AS later
            WHERE later.item_id = h.item_id AND later.changed_at <= s.started_at
              AND (later.changed_at > h.changed_at OR (later.changed_at = h.changed_at AND later.id > h.id))
        )
        """
    ):
        held[int(sprint_id)][int(item_id)] = points
    return held


def _started_events(reader: Reader) -> dict[int, tuple[int, dict[str, object]]]:
    """Each sprint's newest "started" audit event: (event id, its recorded values)."""
    events: dict[int, tuple[int, dict[str, object]]] = {}
    for event_id, sprint_id, after in reader.rows(
        "SELECT id, entity_id, after FROM audit_event WHERE entity = 'sprint' AND action = 'started' ORDER BY id"
    ):
        values = audit_values(after)
        if is_json(values):
            events[int(sprint_id)] = (int(event_id), values)
    return events


def _commitment_problems(
    held: dict[int, int | None], committed: dict[int, int | None], event: dict[str, object] | None
) -> list[str]:
    problems = []
    missing, extra = sorted(set(held) - set(committed)), sorted(set(committed) - set(held))
    if missing:
        problems.append(f"{ids_text(missing, noun='item')} were in it when it started but are not committed")
    if extra:
        problems.append(f"{ids_text(extra, noun='item')} are committed but were not in it when it started")
    repointed = sorted(item for item in set(held) & set(committed) if held[item] != committed[item])
    if repointed:
        problems.append(f"{ids_text(repointed, noun='item')} are committed with other points than they had then")
    if event is not None:
        recorded_items = event.get("items")
        if isinstance(recorded_items, list) and sorted(recorded_items) != sorted(committed):
            problems.append("the committed items differ from those its start recorded in the audit trail")
        recorded_points = event.get("committed_points")
        if isinstance(recorded_points, int) and recorded_points != sum(p or 0 for p in committed.values()):
            problems.append(f"its committed points differ from the {recorded_points} its start recorded")
    return problems


def commitments(reader: Reader) -> list[Finding]:
    """A started sprint's committed scope is what its items' history held at the start (and what was audited)."""
    committed: defaultdict[int, dict[int, int | None]] = defaultdict(dict)
    for sprint_id, item_id, points in reader.rows("SELECT sprint_id, item_id, points FROM sprint_commitment"):
        committed[int(sprint_id)][int(item_id)] = points
    events = _started_events(reader)
    held = _held_at_start(reader)
    findings = []
    for sprint in _sprints(reader):
        if sprint.state == _PLANNED or sprint.started_at is None:
            continue
        event = events.get(sprint.id)
        problems = _commitment_problems(held[sprint.id], committed[sprint.id], event[1] if event else None)
        if problems:
            findings.append(
                Finding(
                    "sprints.commitment",
                    f"The sprint's committed scope does not match its items' history: {'; '.join(problems)}.",
                    sprint.where(),
                    f"{RESTORE[:-1]}; the sprint's velocity and burndown are computed from both.",
                    "sprint_commitment",
                    (sprint.id,),
                )
            )
    return findings


def closed_sprints(reader: Reader) -> list[Finding]:
    """A closed sprint holds only finished items, and its history ends when it closed."""
    findings = []
    by_id = {sprint.id: sprint for sprint in _sprints(reader)}
    unfinished = grouped_ids(
        reader.rows(
            "SELECT i.sprint_id, i.id FROM backlog_item AS i JOIN sprint AS s ON s.id = i.sprint_id"
            " WHERE s.state = :closed AND i.status <> :done ORDER BY i.id",
            {"closed": _CLOSED, "done": _DONE},
        )
    )
    for sprint_id, items in unfinished:
        findings.append(
            Finding(
                "sprints.closed",
                f"The closed sprint still holds {plural(len(items), 'unfinished item')}; closing moves them on.",
                f"{by_id[sprint_id].where()}; backlog_item {ids_text(items)}",
                "Move them to the backlog or to a planned sprint on the project's Backlog page.",
                "backlog_item",
                tuple(items),
            )
        )
    late = grouped_ids(
        reader.rows(
            """
            SELECT h.sprint_id, h.id FROM (
                SELECT id, sprint_id, status, changed_at,
                       lag(sprint_id) OVER (PARTITION BY item_id ORDER BY changed_at, id) AS sprint_before,
                       lag(status) OVER (PARTITION BY item_id ORDER BY changed_at, id) AS status_before
                FROM item_history
            ) AS h JOIN sprint AS s ON s.id = h.sprint_id
            WHERE s.state = :closed AND s.closed_at IS NOT NULL AND h.changed_at > s.closed_at
              AND (h.status <> :done OR h.status_before <> :done  -- the sprint differs, NULL included:
                   OR (h.sprint_before <> h.sprint_id OR (h.sprint_before IS NULL) <> (h.sprint_id IS NULL)))
            ORDER BY h.id
            """,
            {"closed": _CLOSED, "done": _DONE},
        )
    )
    for sprint_id, rows in late:
        findings.append(
            Finding(
                "sprints.closed",
                "The items' history changes what the sprint held after it closed, so its figures are not final.",
                f"{by_id[sprint_id].where()}; item_history {ids_text(rows)}",
                RESTORE,
                "item_history",
                tuple(rows),
            )
        )
    return findings
