"""What the backlog and sprint pages show: a project's backlog items in rank order, its sprints,
and the feedback on its items.

Plain SQL through ``Reader``; records are ``NamedTuple``s. The charts are not
read here: ``app.analysis.sprints`` computes them from the items' history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from app.db.reader import Reader
from app.queries.policy import FEEDBACK_COLUMNS, FeedbackRow, feedback_row
from app.queries.records import Records
from app.queries.values import instant, known_day, text
from models.enums import ItemKind, ItemStatus, SprintState


class ItemRow(NamedTuple):
    id: int
    title: str
    kind: ItemKind
    points: int | None
    rank: float
    status: ItemStatus
    owner_department: str
    assignee_id: int | None
    assignee: str
    acceptance_criteria: str
    sprint_id: int | None
    sprint: str
    policy_id: int | None
    policy: str
    template_key: str | None
    open_feedback: int
    feedback: int

    @property
    def done(self) -> bool:
        return self.status == ItemStatus.DONE


class SprintRow(NamedTuple):
    id: int
    name: str
    goal: str
    start_on: date
    end_on: date
    state: SprintState
    capacity_points: int
    started_at: datetime | None
    closed_at: datetime | None

    @property
    def days(self) -> int:
        return (self.end_on - self.start_on).days + 1


_ITEMS = Records(ItemRow, kind=ItemKind, status=ItemStatus, owner_department=text, acceptance_criteria=text)
_SPRINTS = Records(
    SprintRow, goal=text, start_on=known_day, end_on=known_day, state=SprintState, started_at=instant, closed_at=instant
)


def list_items(reader: Reader, project_id: int) -> list[ItemRow]:
    """The project's backlog items in rank order, with their sprint, assignee, policy and feedback counts."""
    rows = reader.rows(
        """
        SELECT i.id, i.title, i.kind, i.points, i.rank, i.status, i.owner_department, i.assignee_id,
               coalesce(p.name, ''), i.acceptance_criteria, i.sprint_id, coalesce(s.name, ''), i.policy_id,
               coalesce(pol.title, ''), i.template_key,
               coalesce(f.open, 0), coalesce(f.total, 0)
        FROM backlog_item AS i
        LEFT JOIN person AS p ON p.id = i.assignee_id
        LEFT JOIN sprint AS s ON s.id = i.sprint_id
        LEFT JOIN policy AS pol ON pol.id = i.policy_id
        LEFT JOIN (SELECT item_id, sum(disposition = 'open') AS open, count(*) AS total
                   FROM feedback WHERE item_id IS NOT NULL GROUP BY item_id) AS f ON f.item_id = i.id
        WHERE i.project_id = :project
        ORDER BY i.rank, i.id
        """,
        {"project": project_id},
    )
    return _ITEMS.all(rows)


def list_sprints(reader: Reader, project_id: int) -> list[SprintRow]:
    """The project's sprints by start date."""
    return _SPRINTS.all(
        reader.rows(
            """
            SELECT id, name, goal, start_on, end_on, state, capacity_points, started_at, closed_at
            FROM sprint WHERE project_id = :project ORDER BY start_on, id
            """,
            {"project": project_id},
        )
    )


def item_feedback(reader: Reader, project_id: int) -> dict[int, list[FeedbackRow]]:
    """The feedback on each of the project's items that has some, oldest first, by item id."""
    found: dict[int, list[FeedbackRow]] = {}
    rows = reader.rows(
        f"""
        SELECT {FEEDBACK_COLUMNS}
        FROM feedback AS f
        JOIN backlog_item AS i ON i.id = f.item_id
        LEFT JOIN person AS p ON p.id = f.person_id
        WHERE i.project_id = :project
        ORDER BY f.received_on, f.id
        """,
        {"project": project_id},
    )
    for feedback in map(feedback_row, rows):
        assert feedback.item_id is not None  # the join reads feedback on items only
        found.setdefault(feedback.item_id, []).append(feedback)
    return found
