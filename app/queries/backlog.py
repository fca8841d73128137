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
from app.queries.values import day, instant
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
    return [
        ItemRow(
            id=row[0],
            title=row[1],
            kind=ItemKind(row[2]),
            points=row[3],
            rank=row[4],
            status=ItemStatus(row[5]),
            owner_department=row[6] or "",
            assignee_id=row[7],
            assignee=row[8],
            acceptance_criteria=row[9] or "",
            sprint_id=row[10],
            sprint=row[11],
            policy_id=row[12],
            policy=row[13],
            template_key=row[14],
            open_feedback=row[15],
            feedback=row[16],
        )
        for row in rows
    ]


def list_sprints(reader: Reader, project_id: int) -> list[SprintRow]:
    """The project's sprints by start date."""
    return [
        SprintRow(
            id=row[0],
            name=row[1],
            goal=row[2] or "",
            start_on=day(row[3]) or date.min,
            end_on=day(row[4]) or date.min,
            state=SprintState(row[5]),
            capacity_points=row[6],
            started_at=instant(row[7]),
            closed_at=instant(row[8]),
        )
        for row in reader.rows(
            """
            SELECT id, name, goal, start_on, end_on, state, capacity_points, started_at, closed_at
            FROM sprint WHERE project_id = :project ORDER BY start_on, id
            """,
            {"project": project_id},
        )
    ]


def item_feedback(reader: Reader, project_id: int) -> dict[int, list[FeedbackRow]]:
    """The feedback on each of the project's items that has some, oldest first, by item id."""
    found: dict[int, list[FeedbackRow]] = {}
    for row in reader.rows(
        f"""
        SELECT {FEEDBACK_COLUMNS}
        FROM feedback AS f
        JOIN backlog_item AS i ON i.id = f.item_id
        LEFT JOIN person AS p ON p.id = f.person_id
        WHERE i.project_id = :project
        ORDER BY f.received_on, f.id
        """,
        {"project": project_id},
    ):
        found.setdefault(row[2], []).append(feedback_row(row))
    return found
